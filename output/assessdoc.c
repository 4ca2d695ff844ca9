/* output/assessdoc.c — what the assessment office's documents share (see assessdoc.h).
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf, nettle. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>

#include "base/mem.h"
#include "base/num.h"
#include "output/assessdoc.h"
#include "output/report.h"


int assessdoc_date_text(buf *out, int64_t seconds)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return buf_puts(out, "—");
    return buf_printf(out, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *assessdoc_org(const run_context *rc)
{
    return rc->opt && rc->opt->org_name ? rc->opt->org_name : RUN_DEFAULT_ORG;
}

void assessdoc_config(const run_context *rc, const char *title, pdf_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    struct sha256_ctx c;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    for (int k = 0; k < LEDGER_FILE_COUNT; k++)
        if (rc->ledger->files[k].present)
            sha256_update(&c, sizeof rc->ledger->files[k].sha256, rc->ledger->files[k].sha256);
    if (rc->rules) {
        size_t len = 0;
        const char *t = rules_text(rc->rules, &len);
        sha256_update(&c, len, (const uint8_t *)t);
    }
    sha256_update(&c, strlen(title), (const uint8_t *)title);
    sha256_digest(&c, sizeof digest, digest);
    memcpy(cfg->id, digest, sizeof cfg->id);
    cfg->has_id = 1;
    cfg->title = title;
    cfg->author = assessdoc_org(rc);
    cfg->creator = "taizhang " TZ_VERSION;
    cfg->keywords = "党员志愿服务, 考核加分";
    cfg->running_header = title;
    cfg->date = report_document_time(rc->ledger);
}

static const run_context *order_ctx;
static const uint32_t *order_pos;      /* [unit]: its place in unit_id order */

static int by_points(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int64_t px = order_ctx->bonus->units[x].total_cents, py = order_ctx->bonus->units[y].total_cents;
    if (px != py)
        return px > py ? -1 : 1;
    return order_pos[x] < order_pos[y] ? -1 : order_pos[x] > order_pos[y];
}

int assessdoc_order(const run_context *rc, uint32_t *order)
{
    size_t n = rc->ledger->n_units;
    uint32_t *pos = mem_alloc((n ? n : 1) * sizeof *pos);
    if (!pos)
        return -1;
    for (size_t i = 0; i < n; i++) {
        pos[rc->figures->unit_order[i]] = (uint32_t)i;
        order[i] = rc->figures->unit_order[i];
    }
    order_ctx = rc;
    order_pos = pos;
    qsort(order, n, sizeof *order, by_points);
    order_ctx = NULL;
    order_pos = NULL;
    mem_free(pos);
    return 0;
}

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int assessdoc_gate_text(buf *out, const rules *r)
{
    const char *g = rules_gate_text(r);
    if (!g)
        return 0;
    for (size_t i = 0; g[i];) {
        size_t j = i;
        while (word_char(g[j]))
            j++;
        const figures_column *c = j > i ? figures_column_find(g + i, j - i) : NULL;
        if (c && buf_puts(out, c->chinese) != 0)
            return -1;
        if (!c && buf_append(out, g + i, j > i ? j - i : 1) != 0)
            return -1;
        i = j > i ? j : i + 1;
    }
    return 0;
}

int assessdoc_steps_text(buf *out, const rules *r)
{
    int bad = buf_puts(out, "计分次序：各项先看条件，条件不成立的不得分；再按算式或分档计算，"
                            "四舍五入到0.01分（扣分按绝对值四舍五入）；然后以本项的上限、下限为界；"
                            "各项合计时，扣分全数计入，加分按项目先后计入");
    if (rules_total_cap_cents(r) >= 0)
        bad |= buf_puts(out, "，加满") || num_format_fixed(out, rules_total_cap_cents(r), 2) ||
               buf_puts(out, "分为止");
    bad |= buf_puts(out, "；合计低于") || num_format_fixed(out, rules_total_floor_cents(r), 2) ||
           buf_puts(out, "分时，扣分按项目先后扣到");
    bad |= num_format_fixed(out, rules_total_floor_cents(r), 2) || buf_puts(out, "分为止");
    if (rules_gate_text(r))
        bad |= buf_puts(out, "；最后看门槛，不满足“") || assessdoc_gate_text(out, r) ||
               buf_puts(out, "”的单位不加分");
    if (rules_grade_count(r) > 0)
        bad |= buf_puts(out, "；按合计评定等次");
    return bad || buf_puts(out, "。") ? -1 : 0;
}
