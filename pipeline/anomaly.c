/* pipeline/anomaly.c — units whose figures are far outside the others'.
   May call: base/, input/problem, input/ledger, pipeline/figures, GSL, libc. */
#include "pipeline/anomaly.h"
#include "base/mem.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <string.h>

static double per_member(const figures_unit *u)
{
    return (double)u->person_times / (double)u->party_members;
}

static int compared(const figures_unit *u)
{
    return u->volunteers > 0 && u->party_members > 0;
}

tz_status anomaly_find(const figures *f, anomalies **out)
{
    const ledger *l = f->ledger;
    size_t n = l->n_units;
    *out = NULL;
    anomalies *a = mem_calloc(1, sizeof *a);
    double *ratios = mem_alloc((n ? n : 1) * sizeof *ratios);
    if (a)
        a->items = mem_alloc((n ? 2 * n : 1) * sizeof *a->items);   /* two reasons a unit at most */
    if (!a || !ratios || !a->items) {
        mem_free(ratios);
        anomalies_free(a);
        return TZ_NOMEM;
    }
    /* the units of statistics.csv's person_times_per_party_member: with volunteers and
       Party members, so that its q1 and q3 are the ones used here */
    for (size_t u = 0; u < n; u++)
        if (compared(&f->units[u]))
            ratios[a->compared++] = per_member(&f->units[u]);
    int quartiles = a->compared >= 4;
    if (quartiles) {
        gsl_sort(ratios, 1, a->compared);
        a->q1 = gsl_stats_quantile_from_sorted_data(ratios, 1, a->compared, 0.25);
        a->q3 = gsl_stats_quantile_from_sorted_data(ratios, 1, a->compared, 0.75);
        a->limit = a->q3 + ANOMALY_IQR_FACTOR * (a->q3 - a->q1);
    }
    mem_free(ratios);
    for (size_t u = 0; u < n; u++) {
        const figures_unit *fu = &f->units[u];
        if (fu->active_volunteers > fu->volunteers)
            a->items[a->count++] = (anomaly){u, ANOMALY_MORE_ACTIVE};
        if (quartiles && compared(fu) && per_member(fu) > a->limit)
            a->items[a->count++] = (anomaly){u, ANOMALY_PER_MEMBER};
    }
    *out = a;
    return TZ_OK;
}

void anomalies_free(anomalies *a)
{
    if (!a)
        return;
    mem_free(a->items);
    mem_free(a);
}

int anomaly_describe(const figures *f, const anomalies *a, size_t i, buf *out)
{
    const anomaly *x = &a->items[i];
    const ledger_unit *lu = &f->ledger->units[x->unit];
    const figures_unit *u = &f->units[x->unit];
    if (x->reason == ANOMALY_MORE_ACTIVE)
        return buf_printf(out, "单位“%s”（%s）参与服务的志愿者 %lld 人，多于本单位登记的 %lld 人："
                               "其他单位的志愿者以本单位的名义（代表单位编码）参加了活动。按归属规则这样计算，"
                               "列出供核对", lu->name, lu->id, (long long)u->active_volunteers,
                          (long long)u->volunteers);
    return buf_printf(out, "单位“%s”（%s）每名党员对应的参与人次为 %.2f（%lld 人次 ÷ %lld 名党员），远高于"
                           "其他单位：超过各单位的上四分位数 %.2f 加 %d 倍四分位距，即 %.2f。请核对党员人数和参与记录",
                      lu->name, lu->id, per_member(u), (long long)u->person_times,
                      (long long)u->party_members, a->q3, ANOMALY_IQR_FACTOR, a->limit);
}

int anomaly_notices(const figures *f, const anomalies *a, problem_list *pl)
{
    buf msg = BUF_INIT;
    int r = 0;
    for (size_t i = 0; i < a->count && r == 0; i++) {
        const ledger_unit *lu = &f->ledger->units[a->items[i].unit];
        buf_clear(&msg);
        r = anomaly_describe(f, a, i, &msg);
        if (r == 0)
            r = problem_add(pl, LEDGER_FILE_NAMES[LEDGER_UNITS], lu->line, 0, SEV_NOTICE, "figure.unusual",
                            lu->id, strlen(lu->id), "%s", msg.data);
    }
    buf_release(&msg);
    return r;
}
