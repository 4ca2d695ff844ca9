/* samplegen/sample.c — the sample generator: a synthetic city (378 grassroots Party
   organizations per block, their teams and volunteers) and one year of its demands,
   activities, participation and results, written as the seven ledgers.
   Deterministic: its own PRNG (splitmix64 seeding xoshiro256**), no clock, no hash order.
   Memory stays bounded: the city is held (O(units + volunteers)); activities and their
   participation rows are written as they are made, day by day.
   May call: base/mem, base/text, input/field (dates), input/header (the ledgers' column names),
   libc, iconv. */
#include "samplegen/sample.h"
#include "samplegen/sample_data.h"
#include "base/mem.h"
#include "input/field.h"
#include "input/header.h"
#include "base/text.h"

#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---------------------------------------------------------------- random numbers */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A generator for one purpose (stream) of one seed: streams never share state. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* 0..n-1 (n ≥ 1). */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* lo..hi inclusive. */
static inline int rng_range(rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* [0, 1). */
static inline double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int rng_percent(rng *r, unsigned pct)
{
    return rng_below(r, 100) < pct;
}

/* An index drawn by integer weights. */
static int rng_weighted(rng *r, const unsigned char *w, int n)
{
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    if (total == 0)
        return 0;
    unsigned x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)COUNT_OF(arr))])

/* ---------------------------------------------------------------- dates */

/* Dates: field_days_from_civil and field_civil_from_days (input/field), as the reader. */

/* ---------------------------------------------------------------- buffered output */

#define OUT_CAP (1u << 20)
#define OUT_FLUSH_AT (OUT_CAP - 65536)

typedef struct out {
    FILE *f;
    char *buf;
    size_t len;
    iconv_t cd;              /* (iconv_t)-1 unless the file is GB18030 */
    char *conv;
    const char *eol;
    size_t eol_len;
    tz_status status;        /* sticky */
} out;

static void out_flush(out *o)
{
    if (o->status != TZ_OK || o->len == 0) {
        o->len = 0;
        return;
    }
    if (o->cd != (iconv_t)-1) {
        char *in = o->buf;
        size_t in_left = o->len;
        while (in_left > 0) {
            char *dst = o->conv;
            size_t dst_left = 2 * OUT_CAP;
            size_t r = iconv(o->cd, &in, &in_left, &dst, &dst_left);
            size_t n = (size_t)(dst - o->conv);
            if (n && fwrite(o->conv, 1, n, o->f) != n) {
                o->status = TZ_IOERR;
                break;
            }
            if (r == (size_t)-1 && errno != E2BIG) {
                o->status = TZ_SOFTWARE;      /* a character GB18030 cannot hold: our bug */
                break;
            }
        }
    } else if (fwrite(o->buf, 1, o->len, o->f) != o->len) {
        o->status = TZ_IOERR;
    }
    o->len = 0;
}

static inline void out_bytes(out *o, const char *p, size_t n)
{
    if (o->len + n > OUT_CAP)
        out_flush(o);
    if (n > OUT_CAP)
        n = OUT_CAP;          /* never: every piece we write is small */
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static inline void out_str(out *o, const char *s)
{
    out_bytes(o, s, strlen(s));
}

static inline void out_char(out *o, char c)
{
    if (o->len + 1 > OUT_CAP)
        out_flush(o);
    o->buf[o->len++] = c;
}

static inline void out_comma(out *o)
{
    out_char(o, ',');
}

static inline void out_eol(out *o)
{
    out_bytes(o, o->eol, o->eol_len);
    if (o->len >= OUT_FLUSH_AT)
        out_flush(o);
}

/* A whole number, zero-padded to width digits (at most 20). */
static inline void out_uint(out *o, uint64_t v, int width)
{
    char tmp[24];
    char *end = tmp + sizeof tmp, *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (end - p < width && p > tmp + 4)
        *--p = '0';
    out_bytes(o, p, (size_t)(end - p));
}

/* A whole number with thousands separators: 12,345 (a field needing quotes). */
static void out_uint_grouped(out *o, uint64_t v)
{
    char tmp[32];
    int n = 0, digits = 0;
    do {
        if (digits && digits % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        digits++;
    } while (v);
    out_char(o, '"');
    for (int i = n - 1; i >= 0; i--)
        out_char(o, tmp[i]);
    out_char(o, '"');
}

/* scaled / 10^places with exactly `places` decimals. */
static void out_fixed(out *o, uint64_t scaled, int places)
{
    uint64_t p = places == 1 ? 10 : 100;
    out_uint(o, scaled / p, 0);
    out_char(o, '.');
    out_uint(o, scaled % p, places);
}

/* Text, quoted when it holds a comma, a quote or a line break. */
static void out_text(out *o, const char *s)
{
    size_t n = strlen(s);
    if (strpbrk(s, ",\"\r\n") == NULL) {
        out_bytes(o, s, n);
        return;
    }
    if (o->len + 2 * n + 2 > OUT_CAP)
        out_flush(o);         /* never flush inside a character: iconv needs whole ones */
    out_char(o, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            out_char(o, '"');
        out_char(o, s[i]);
    }
    out_char(o, '"');
}

enum { DATE_ISO, DATE_SLASH, DATE_DOT, DATE_CHINESE, DATE_COMPACT };

static void out_date(out *o, int32_t day, int form)
{
    int y, m, d;
    field_civil_from_days(day, &y, &m, &d);
    switch (form) {
    case DATE_SLASH:
    case DATE_DOT:
        out_uint(o, (uint64_t)y, 4);
        out_char(o, form == DATE_SLASH ? '/' : '.');
        out_uint(o, (uint64_t)m, 0);
        out_char(o, form == DATE_SLASH ? '/' : '.');
        out_uint(o, (uint64_t)d, 0);
        break;
    case DATE_CHINESE:
        out_uint(o, (uint64_t)y, 4);
        out_str(o, "年");
        out_uint(o, (uint64_t)m, 0);
        out_str(o, "月");
        out_uint(o, (uint64_t)d, 0);
        out_str(o, "日");
        break;
    case DATE_COMPACT:
        out_uint(o, (uint64_t)y, 4);
        out_uint(o, (uint64_t)m, 2);
        out_uint(o, (uint64_t)d, 2);
        break;
    default:
        out_uint(o, (uint64_t)y, 4);
        out_char(o, '-');
        out_uint(o, (uint64_t)m, 2);
        out_char(o, '-');
        out_uint(o, (uint64_t)d, 2);
        break;
    }
}

/* How one file is exported. */
typedef struct file_style {
    int gb18030, bom, crlf, english;
} file_style;

static tz_status out_open(out *o, const char *dir, const char *name, const file_style *st,
                          const char **err)
{
    memset(o, 0, sizeof *o);
    o->cd = (iconv_t)-1;
    o->status = TZ_OK;
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        *err = "输出目录路径过长 (output path too long)";
        return TZ_CANTCREAT;
    }
    o->buf = mem_alloc(OUT_CAP);
    if (!o->buf)
        return TZ_NOMEM;
    if (st->gb18030) {
        o->conv = mem_alloc(2 * OUT_CAP);
        if (!o->conv)
            return TZ_NOMEM;
        o->cd = iconv_open("GB18030", "UTF-8");
        if (o->cd == (iconv_t)-1) {
            *err = "系统缺少 GB18030 编码转换 (iconv cannot convert to GB18030)";
            return TZ_SOFTWARE;
        }
    }
    o->f = fopen(path, "wb");
    if (!o->f) {
        *err = "无法创建输出文件 (cannot create an output file)";
        return TZ_CANTCREAT;
    }
    o->eol = st->crlf ? "\r\n" : "\n";
    o->eol_len = st->crlf ? 2 : 1;
    if (st->bom)
        out_bytes(o, "\xEF\xBB\xBF", 3);
    return TZ_OK;
}

/* Flushes and closes; returns the file's status (TZ_IOERR when any write failed). */
static tz_status out_close(out *o)
{
    tz_status st = TZ_OK;
    if (o->f) {
        out_flush(o);
        st = o->status;
        if (ferror(o->f))
            st = TZ_IOERR;
        if (fclose(o->f) != 0 && st == TZ_OK)
            st = TZ_IOERR;
        o->f = NULL;
    }
    if (o->cd != (iconv_t)-1)
        iconv_close(o->cd);
    o->cd = (iconv_t)-1;
    mem_free(o->buf);
    mem_free(o->conv);
    o->buf = o->conv = NULL;
    return st;
}

/* The header row of a ledger file, its names from input/header (Chinese, or the English
   aliases for a file in English): the columns in the ledger's order, or with the first two
   swapped when swap_first is 1 (an export's order); `extra`, when not NULL, a last column
   that no ledger reads (an export's 备注). */
static void out_header(out *o, const file_style *st, ledger_file_kind kind, int swap_first,
                       const char *extra)
{
    size_t n;
    const header_column *cols = header_columns(kind, &n);
    for (size_t i = 0; i < n; i++) {
        const header_column *c = &cols[swap_first && i < 2 ? 1 - i : i];
        if (i)
            out_comma(o);
        out_str(o, st->english ? c->alias : c->zh);
    }
    if (extra) {
        out_comma(o);
        out_str(o, extra);
    }
    out_eol(o);
}

/* The sample's names and texts go into arrays of a fixed size, each sized for the longest
   its tables can give. One that does not fit is our bug: name_into cuts it at a whole
   character and sets name_cut, which sample_write turns into TZ_SOFTWARE (the generator
   runs on one thread; name_cut is per thread all the same). */
static _Thread_local int name_cut;

static void name_into(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void name_into(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    name_cut |= text_vformat(dst, cap, fmt, ap) != 0;
    va_end(ap);
}

/* ---------------------------------------------------------------- the city */

#define TEMPLATE_NAME_MAX 160

typedef struct unit_template {
    char name[TEMPLATE_NAME_MAX];   /* with the leading 市 for block 0 */
    const org_template *org;
    char org_type;                  /* 'W' 'Z' 'B' */
    unsigned char is_main;
    unsigned char party_team, youth_team;
    unsigned char founded_late;     /* team founded in the base year (absent the year before) */
} unit_template;

typedef struct s_unit {
    uint32_t tmpl;
    uint32_t block;
    uint32_t party_members;
    uint32_t vol_first, vol_count;
    int32_t party_team, youth_team;
    uint32_t weight;                /* how much it leads activities */
    unsigned char empty;            /* planted: no volunteers */
} s_unit;

typedef struct s_team {
    uint32_t unit;
    uint32_t number;                /* per type, from 1 */
    unsigned char youth;
    int32_t founded;                /* days since epoch */
    unsigned char specialty;        /* a category */
} s_team;

enum { ST_MEMBER, ST_PROBATIONARY, ST_LEAGUE, ST_ACTIVIST, ST_MASSES };

typedef struct s_volunteer {
    uint32_t unit;
    int32_t team;
    int32_t joined;                 /* days since epoch */
    unsigned char status;
    unsigned char bad_id;           /* planted: wrong check digit */
    unsigned char youth;
    unsigned char dormant;          /* registered but never serves */
    /* the year being made (kept here: one cache miss a look, not four) */
    uint16_t day_tenths;            /* hours served on last_day */
    int32_t last_day;
    uint32_t stamp;                 /* activity ordinal + 1 that last took the volunteer */
} s_volunteer;

typedef struct city {
    uint64_t seed;
    uint32_t scale;
    unit_template tmpl[SAMPLE_UNITS];
    s_unit *units;
    size_t n_units;
    s_team *teams;
    size_t n_teams, n_party_teams, n_youth_teams;
    s_volunteer *vols;
    size_t n_vols, cap_vols;
    int unit_width, team_width, vol_width;
} city;

#define BASE_YEAR 2025
#define STREAM_CITY 0x43495459ull
#define STREAM_PERSON 0x50455253ull
#define STREAM_FORMAT 0x464f524dull
#define STREAM_EXTRA 0x58545241ull

static size_t digits_of(uint64_t v)
{
    size_t n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static int width_for(uint64_t count, int min)
{
    int w = (int)digits_of(count);
    return w < min ? min : w;
}

/* The 378 unit templates: each organization's main Party organization, its sub-units,
   then extra 党支部 of the larger organizations until there are exactly 378. */
static void build_templates(city *c)
{
    size_t n = 0;
    const size_t n_orgs = COUNT_OF(ORGS);
    for (size_t i = 0; i < n_orgs && n < SAMPLE_UNITS; i++) {
        const org_template *org = &ORGS[i];
        unit_template *t = &c->tmpl[n++];
        memset(t, 0, sizeof *t);
        t->org = org;
        t->org_type = org->main_type;
        t->is_main = 1;
        const char *suffix = org->main_type == 'W' ? "党委" : org->main_type == 'Z' ? "党总支" : "党支部";
        int organ = org->kind == KIND_ORGAN || org->kind == KIND_COMMITTEE;
        name_into(t->name, sizeof t->name, "%s%s%s", org->name, organ ? "机关" : "", suffix);
        t->party_team = strchr(org->flags, 'P') != NULL;
        t->youth_team = strchr(org->flags, 'Y') != NULL;
        const char *s = org->subs;
        while (*s && n < SAMPLE_UNITS) {
            const char *bar = strchr(s, '|');
            size_t len = bar ? (size_t)(bar - s) : strlen(s);
            unit_template *sub = &c->tmpl[n++];
            memset(sub, 0, sizeof *sub);
            sub->org = org;
            sub->org_type = 'B';
            name_into(sub->name, sizeof sub->name, "%s%.*s党支部", org->name, (int)len, s);
            s = bar ? bar + 1 : s + len;
        }
    }
    /* Extra branches: 机关第N党支部 / 第N党支部 of the organizations with a 党委 or 党总支. */
    for (int round = 1; n < SAMPLE_UNITS; round++) {
        for (size_t i = 0; i < n_orgs && n < SAMPLE_UNITS; i++) {
            const org_template *org = &ORGS[i];
            if (org->main_type == 'B' || (org->main_type == 'Z' && round > 2))
                continue;
            static const char *const NTH[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
            unit_template *t = &c->tmpl[n++];
            memset(t, 0, sizeof *t);
            t->org = org;
            t->org_type = 'B';
            int organ = org->kind == KIND_ORGAN;
            name_into(t->name, sizeof t->name, "%s%s第%s党支部", org->name, organ ? "机关" : "",
                      NTH[(round - 1) % 10]);
        }
    }
    /* Exactly 54 party teams and 13 youth teams; the last ones of each were founded in
       the base year. */
    int party = 0, youth = 0;
    for (size_t i = 0; i < SAMPLE_UNITS; i++) {
        if (c->tmpl[i].party_team && ++party > SAMPLE_TEAMS_PARTY)
            c->tmpl[i].party_team = 0;
        if (c->tmpl[i].youth_team && ++youth > SAMPLE_TEAMS_YOUTH)
            c->tmpl[i].youth_team = 0;
    }
    for (size_t i = 0; i < SAMPLE_UNITS && party < SAMPLE_TEAMS_PARTY; i++)
        if (c->tmpl[i].is_main && !c->tmpl[i].party_team && c->tmpl[i].org_type != 'B') {
            c->tmpl[i].party_team = 1;
            party++;
        }
    int late_party = 0, late_youth = 0;
    for (size_t i = SAMPLE_UNITS; i-- > 0;) {
        if (c->tmpl[i].party_team && late_party < 4) {
            c->tmpl[i].founded_late |= 1;
            late_party++;
        }
        if (c->tmpl[i].youth_team && late_youth < 1) {
            c->tmpl[i].founded_late |= 2;
            late_youth++;
        }
    }
}

/* A city name in block `block`: block 0 is the city itself (市…), later blocks are
   districts (东山区…, then 东山区2… after the sixteen names are used once). */
static void localize(uint32_t block, const char *name, char *dst, size_t cap)
{
    if (block == 0) {
        name_into(dst, cap, "%s", name);
        return;
    }
    const char *district = DISTRICTS[(block - 1) % COUNT_OF(DISTRICTS)];
    unsigned round = (block - 1) / (unsigned)COUNT_OF(DISTRICTS);
    char tag[16] = "";
    if (round)
        name_into(tag, sizeof tag, "%u", round + 1);
    const char *rest = strncmp(name, "市", 3) == 0 ? name + 3 : name;
    const char *shi = strstr(rest, "市");      /* 共青团市委, 国家税务总局市税务局 */
    if (rest == name && shi)
        name_into(dst, cap, "%.*s%s%s%s", (int)(shi - rest), rest, district, tag, shi + 3);
    else
        name_into(dst, cap, "%s%s%s", district, tag, rest);
}

/* The unit's name: 市人民医院内科第一党支部 … */
static void unit_name(const city *c, const s_unit *u, char *dst, size_t cap)
{
    localize(u->block, c->tmpl[u->tmpl].name, dst, cap);
}

/* The organization's own name (for team names): 市人民医院, 市财政局 … */
static void org_name(const city *c, const s_unit *u, char *dst, size_t cap)
{
    localize(u->block, c->tmpl[u->tmpl].org->name, dst, cap);
}

static int add_volunteer(city *c, const s_volunteer *v)
{
    if (c->n_vols == c->cap_vols &&
        mem_grow(&c->vols, &c->cap_vols, c->n_vols + 1, sizeof *c->vols) != 0)
        return -1;
    c->vols[c->n_vols++] = *v;
    return 0;
}

static int32_t random_day_in(rng *r, int year, int last_month)
{
    int32_t first = field_days_from_civil(year, 1, 1);
    int32_t last = field_days_from_civil(year, last_month, last_month == 12 ? 31 : 28);
    return first + (int32_t)rng_below(r, (uint32_t)(last - first + 1));
}

static int32_t join_day(rng *r)
{
    if (rng_percent(r, 10))
        return random_day_in(r, BASE_YEAR, 11);
    static const unsigned char w[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    return random_day_in(r, 2016 + rng_weighted(r, w, 9), 12);
}

/* Builds the whole city of c->scale blocks from the seed. Returns TZ_OK or TZ_NOMEM. */
static tz_status build_city(city *c)
{
    rng r;
    rng_seed(&r, c->seed, STREAM_CITY);
    build_templates(c);
    c->n_units = (size_t)SAMPLE_UNITS * c->scale;
    c->units = mem_calloc(c->n_units, sizeof *c->units);
    size_t max_teams = (size_t)(SAMPLE_TEAMS_PARTY + SAMPLE_TEAMS_YOUTH) * c->scale;
    c->teams = mem_calloc(max_teams, sizeof *c->teams);
    if (!c->units || !c->teams)
        return TZ_NOMEM;

    for (uint32_t b = 0; b < c->scale; b++) {
        s_unit *blk = c->units + (size_t)b * SAMPLE_UNITS;
        /* Party members: by organization type, then scaled so the block has exactly 5,700. */
        uint64_t raw_sum = 0;
        uint32_t raw[SAMPLE_UNITS];
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++) {
            const unit_template *tp = &c->tmpl[t];
            blk[t].tmpl = t;
            blk[t].block = b;
            blk[t].party_team = blk[t].youth_team = -1;
            double u = rng_unit(&r);
            raw[t] = tp->org_type == 'W' ? 40 + (uint32_t)(110 * u * u)
                   : tp->org_type == 'Z' ? 20 + (uint32_t)(40 * u)
                   : 5 + (uint32_t)(28 * u * u);
            raw_sum += raw[t];
        }
        uint64_t assigned = 0;
        uint64_t rem[SAMPLE_UNITS];
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++) {
            uint64_t num = (uint64_t)raw[t] * SAMPLE_PARTY_MEMBERS;
            blk[t].party_members = (uint32_t)(num / raw_sum);
            rem[t] = num % raw_sum;
            assigned += blk[t].party_members;
        }
        while (assigned < SAMPLE_PARTY_MEMBERS) {      /* largest remainder, ties to the first */
            uint32_t best = 0;
            for (uint32_t t = 1; t < SAMPLE_UNITS; t++)
                if (rem[t] > rem[best])
                    best = t;
            blk[best].party_members++;
            rem[best] = 0;
            assigned++;
        }
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++)
            if (blk[t].party_members < 3) {
                uint32_t big = 0;
                for (uint32_t k = 1; k < SAMPLE_UNITS; k++)
                    if (blk[k].party_members > blk[big].party_members)
                        big = k;
                uint32_t need = 3 - blk[t].party_members;
                blk[big].party_members -= need;
                blk[t].party_members += need;
            }

        /* Teams. */
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++) {
            const unit_template *tp = &c->tmpl[t];
            for (int youth = 0; youth < 2; youth++) {
                if (!(youth ? tp->youth_team : tp->party_team))
                    continue;
                s_team *tm = &c->teams[c->n_teams];
                tm->unit = (uint32_t)((size_t)b * SAMPLE_UNITS + t);
                tm->youth = (unsigned char)youth;
                tm->number = (uint32_t)(youth ? ++c->n_youth_teams : ++c->n_party_teams);
                tm->founded = (tp->founded_late & (youth ? 2 : 1))
                                  ? random_day_in(&r, BASE_YEAR, 9)
                                  : random_day_in(&r, 2012 + rng_range(&r, 0, 11), 12);
                tm->specialty = SECTOR_CATEGORY[tp->org->sector][rng_below(&r, 3)];
                if (youth)
                    blk[t].youth_team = (int32_t)c->n_teams;
                else
                    blk[t].party_team = (int32_t)c->n_teams;
                c->n_teams++;
            }
        }

        /* Planted: two small branches without teams have no volunteers. */
        for (int k = 0; k < SAMPLE_EMPTY_UNITS;) {
            uint32_t t = 1 + rng_below(&r, SAMPLE_UNITS - 1);
            if (c->tmpl[t].org_type == 'B' && !c->tmpl[t].is_main && !blk[t].empty &&
                blk[t].party_team < 0 && blk[t].youth_team < 0) {
                blk[t].empty = 1;
                k++;
            }
        }

        /* Volunteers: party-status ones are a share of the unit's party members (scaled to
           about 1,100 a block, never more than the members); a few activists and masses in
           the party teams; about 500 youth, most in the youth teams' units. */
        uint32_t want[SAMPLE_UNITS];
        double want_sum = 0;
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++) {
            double rate = blk[t].party_team >= 0 ? 0.22 + 0.33 * rng_unit(&r)
                        : rng_percent(&r, 10) ? 0.06 * rng_unit(&r)
                        : 0.04 + 0.26 * rng_unit(&r);
            want[t] = blk[t].empty ? 0 : (uint32_t)(blk[t].party_members * rate * 1000.0);
            want_sum += want[t];
        }
        for (uint32_t t = 0; t < SAMPLE_UNITS; t++) {
            s_unit *u = &blk[t];
            const unit_template *tp = &c->tmpl[t];
            uint32_t party = (uint32_t)(want[t] * 1100.0 / want_sum + 0.5);
            if (party > u->party_members)
                party = u->party_members;
            uint32_t others = u->empty ? 0 : u->party_team >= 0 ? (uint32_t)rng_range(&r, 0, 2)
                            : rng_percent(&r, 6) ? 1 : 0;
            uint32_t youth = 0;
            int kind = tp->org->kind;
            if (u->youth_team >= 0)
                youth = (uint32_t)rng_range(&r, 25, 45);
            else if (!u->empty && (kind == KIND_SCHOOL || kind == KIND_HOSPITAL || kind == KIND_CULTURE))
                youth = (uint32_t)rng_range(&r, 0, 3);
            else if (!u->empty && rng_percent(&r, 8))
                youth = 1;
            if (party + others + youth == 0 && !u->empty)
                party = 1;                 /* every unit but the planted ones has someone */
            uint32_t total = party + others + youth;
            /* Shuffle the kinds so that active volunteers are spread over statuses. */
            unsigned char kinds[400];
            if (total > sizeof kinds)
                total = sizeof kinds;
            for (uint32_t i = 0; i < total; i++)
                kinds[i] = i < party ? 0 : i < party + others ? 1 : 2;
            for (uint32_t i = total; i > 1; i--) {
                uint32_t j = rng_below(&r, i);
                unsigned char x = kinds[i - 1];
                kinds[i - 1] = kinds[j];
                kinds[j] = x;
            }
            u->vol_first = (uint32_t)c->n_vols;
            uint32_t party_count = 0;
            for (uint32_t i = 0; i < total; i++) {
                s_volunteer v;
                memset(&v, 0, sizeof v);
                v.unit = (uint32_t)((size_t)b * SAMPLE_UNITS + t);
                v.team = -1;
                v.joined = join_day(&r);
                if (i == 0 && v.joined >= field_days_from_civil(2023, 1, 1))   /* units keep someone in earlier years */
                    v.joined = random_day_in(&r, 2016 + rng_range(&r, 0, 6), 12);
                v.dormant = i > 0 && rng_percent(&r, 10);
                v.youth = kinds[i] == 2;
                if (kinds[i] == 0) {
                    v.status = rng_percent(&r, 6) ? ST_PROBATIONARY : ST_MEMBER;
                } else if (kinds[i] == 1) {
                    v.status = rng_percent(&r, 60) ? ST_ACTIVIST : ST_MASSES;
                } else {
                    static const unsigned char w[5] = {3, 6, 72, 10, 9};
                    v.status = (unsigned char)rng_weighted(&r, w, 5);
                }
                if (v.status <= ST_PROBATIONARY) {
                    if (party_count >= u->party_members)
                        v.status = ST_ACTIVIST;
                    else
                        party_count++;
                }
                if (!v.youth) {
                    if (u->party_team >= 0) {
                        if (rng_percent(&r, 90))
                            v.team = u->party_team;
                    } else if (rng_percent(&r, 30)) {
                        /* serves with the team of another unit of its sector */
                        uint32_t start = rng_below(&r, SAMPLE_UNITS);
                        for (uint32_t k = 0; k < SAMPLE_UNITS; k++) {
                            uint32_t o = (start + k) % SAMPLE_UNITS;
                            if (blk[o].party_team >= 0 && o != t &&
                                c->tmpl[o].org->sector == tp->org->sector) {
                                v.team = blk[o].party_team;
                                break;
                            }
                        }
                    }
                } else if (u->youth_team >= 0) {
                    if (rng_percent(&r, 95))
                        v.team = u->youth_team;
                } else if (rng_percent(&r, 35)) {   /* the youth team of 共青团市委, the first one */
                    for (uint32_t o = 0; o < SAMPLE_UNITS; o++)
                        if (blk[o].youth_team >= 0) {
                            v.team = blk[o].youth_team;
                            break;
                        }
                }
                if (add_volunteer(c, &v) != 0)
                    return TZ_NOMEM;
            }
            u->vol_count = (uint32_t)c->n_vols - u->vol_first;
            double lw = rng_unit(&r);
            /* Units with more volunteers (and a team) lead more activities. */
            u->weight = u->vol_count == 0 ? 0
                      : (uint32_t)(1 + u->vol_count * (0.3 + 1.4 * lw) + (u->party_team >= 0 ? 10 : 0));
        }
        /* Planted: two volunteers who have been registered for years carry an ID number
           with a wrong check digit. */
        size_t first = blk[0].vol_first, count = c->n_vols - first;
        for (int k = 0; k < SAMPLE_BAD_ID_NUMBERS && count > 0;) {
            s_volunteer *v = &c->vols[first + rng_below(&r, (uint32_t)count)];
            if (!v->bad_id && v->joined < field_days_from_civil(2023, 1, 1)) {
                v->bad_id = 1;
                k++;
            }
        }
    }
    c->unit_width = width_for(c->n_units, 4);
    c->team_width = width_for(c->n_party_teams > c->n_youth_teams ? c->n_party_teams : c->n_youth_teams, 3);
    c->vol_width = width_for(c->n_vols, 5);
    return TZ_OK;
}

static void out_unit_id(out *o, const city *c, uint32_t unit)
{
    out_char(o, '0');
    out_uint(o, (uint64_t)unit + 1, c->unit_width);
}

static void out_team_id(out *o, const city *c, const s_team *t)
{
    out_str(o, t->youth ? "QN" : "DY");
    out_uint(o, t->number, c->team_width);
}

static void out_volunteer_id(out *o, const city *c, uint32_t v)
{
    out_str(o, "ZY");
    out_uint(o, (uint64_t)v + 1, c->vol_width);
}

/* ---------------------------------------------------------------- ID numbers */

char sample_id_check_digit(const char *first17)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9')
            return 0;
        sum += (first17[i] - '0') * weight[i];
    }
    return check[sum % 11];
}

/* ---------------------------------------------------------------- files of the city */

typedef struct gen {
    const sample_options *opt;
    const char *dir;
    city c;                           /* c.scale: the city blocks of entities (--cities) */
    uint32_t volume;                  /* the city blocks' worth of participation (--scale) */
    int32_t year_first, year_last;    /* days since epoch */
    file_style style[LEDGER_FILE_COUNT];
    rng fmt;                          /* formatting choices only: never changes the data */
    sample_counts counts;
    const char **err;
} gen;


static int team_exists(const gen *g, int32_t team)
{
    return team >= 0 && g->c.teams[team].founded <= g->year_last;
}

static int volunteer_exists(const gen *g, const s_volunteer *v)
{
    return v->joined <= g->year_last;
}

/* Opens the ledger file of `kind` (LEDGER_FILE_NAMES) in its style and writes its header
   row (out_header). Returns out_open's status. */
static tz_status out_begin(gen *g, out *o, ledger_file_kind kind, int swap_first,
                           const char *extra)
{
    tz_status s = out_open(o, g->dir, LEDGER_FILE_NAMES[kind], &g->style[kind], g->err);
    if (s == TZ_OK)
        out_header(o, &g->style[kind], kind, swap_first, extra);
    return s;
}

/* Closes o: s when it is a failure, else the close's status. */
static tz_status out_end(out *o, tz_status s)
{
    tz_status cs = out_close(o);
    return s != TZ_OK ? s : cs;
}

static tz_status write_units(gen *g)
{
    out o;
    int exported = g->opt->style == SAMPLE_EXPORT;
    /* Exports put the name first: columns are found by header, in any order. */
    tz_status s = out_begin(g, &o, LEDGER_UNITS, exported, NULL);
    if (s != TZ_OK)
        goto out;
    char name[TEMPLATE_NAME_MAX + 64];
    for (size_t i = 0; i < g->c.n_units; i++) {
        const s_unit *u = &g->c.units[i];
        const unit_template *t = &g->c.tmpl[u->tmpl];
        unit_name(&g->c, u, name, sizeof name);
        if (exported) {
            out_text(&o, name);
            out_comma(&o);
            out_unit_id(&o, &g->c, (uint32_t)i);
        } else {
            out_unit_id(&o, &g->c, (uint32_t)i);
            out_comma(&o);
            out_text(&o, name);
        }
        out_comma(&o);
        out_uint(&o, u->party_members, 0);
        out_comma(&o);
        out_str(&o, t->org_type == 'W' ? "党委" : t->org_type == 'Z' ? "党总支" : "党支部");
        out_comma(&o);
        out_str(&o, SECTOR_NAMES[t->org->sector]);
        out_eol(&o);
        g->counts.units++;
        g->counts.party_members += u->party_members;
        if (exported && i == 99) {
            out_str(&o, ",,,,");       /* a row of only commas, as Excel leaves them */
            out_eol(&o);
        }
    }
out:
    return out_end(&o, s);
}

static tz_status write_teams(gen *g)
{
    out o;
    tz_status s = out_begin(g, &o, LEDGER_TEAMS, 0, NULL);
    if (s != TZ_OK)
        goto out;
    char org[TEMPLATE_NAME_MAX + 64], name[TEMPLATE_NAME_MAX + 128];
    for (size_t i = 0; i < g->c.n_teams; i++) {
        const s_team *t = &g->c.teams[i];
        if (!team_exists(g, (int32_t)i))
            continue;
        const s_unit *u = &g->c.units[t->unit];
        const unit_template *tp = &g->c.tmpl[u->tmpl];
        org_name(&g->c, u, org, sizeof org);
        if (t->youth)
            name_into(name, sizeof name, "%s青年志愿服务队", org);
        else if (tp->org->kind == KIND_COMMITTEE)
            name_into(name, sizeof name, "%s党员志愿服务总队", org);
        else
            name_into(name, sizeof name, "%s%s党员志愿服务队", org, SLOGANS[tp->org->sector]);
        out_team_id(&o, &g->c, t);
        out_comma(&o);
        out_text(&o, name);
        out_comma(&o);
        out_unit_id(&o, &g->c, t->unit);
        out_comma(&o);
        out_str(&o, t->youth ? "青年志愿服务队" : "党员志愿服务队");
        out_comma(&o);
        out_date(&o, t->founded, g->opt->style == SAMPLE_EXPORT ? DATE_CHINESE : DATE_ISO);
        out_comma(&o);
        out_str(&o, CATEGORY_NAMES[t->specialty]);
        out_eol(&o);
        g->counts.teams++;
        if (t->youth)
            g->counts.teams_youth++;
        else
            g->counts.teams_party++;
    }
out:
    return out_end(&o, s);
}

static tz_status write_volunteers(gen *g)
{
    out o;
    int exported = g->opt->style == SAMPLE_EXPORT;
    tz_status s = out_begin(g, &o, LEDGER_VOLUNTEERS, 0, NULL);
    if (s != TZ_OK)
        goto out;
    size_t written = 0;
    for (size_t i = 0; i < g->c.n_vols; i++) {
        const s_volunteer *v = &g->c.vols[i];
        if (!volunteer_exists(g, v))
            continue;
        /* Personal details come from the volunteer's own stream: the same in every year. */
        rng p;
        rng_seed(&p, g->c.seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull), STREAM_PERSON);
        char name[64];
        if (rng_percent(&p, 15))
            name_into(name, sizeof name, "%s", PICK(&p, MONGOLIAN));
        else if (rng_percent(&p, 35))
            name_into(name, sizeof name, "%s%s", PICK(&p, SURNAMES), PICK(&p, GIVEN));
        else {
            const char *sn = PICK(&p, SURNAMES);
            const char *g1 = PICK(&p, GIVEN);
            name_into(name, sizeof name, "%s%s%s", sn, g1, PICK(&p, GIVEN));
        }
        out_volunteer_id(&o, &g->c, (uint32_t)i);
        out_comma(&o);
        if (exported && written == 4)
            out_str(&o, "\xE3\x80\x80");          /* a full-width space typed before a name */
        out_text(&o, name);
        out_comma(&o);
        out_unit_id(&o, &g->c, v->unit);
        out_comma(&o);
        if (team_exists(g, v->team))
            out_team_id(&o, &g->c, &g->c.teams[v->team]);
        out_comma(&o);
        out_str(&o, STATUS_NAMES[v->status]);
        if (exported && written == 8)
            out_char(&o, ' ');                    /* a trailing space */
        out_comma(&o);
        out_date(&o, v->joined, exported ? DATE_SLASH : DATE_ISO);
        out_comma(&o);
        int skills = rng_below(&p, 10);
        if (skills >= 4) {
            const char *a = PICK(&p, SKILLS);
            if (skills >= 8) {
                const char *b = PICK(&p, SKILLS);
                char both[96];
                /* Clerks type the list both ways: 驾驶、摄影 and 驾驶,摄影. */
                name_into(both, sizeof both, "%s%s%s", a, (exported && skills == 9) ? "," : "、", b);
                out_text(&o, strcmp(a, b) ? both : a);
            } else {
                out_text(&o, a);
            }
        }
        out_comma(&o);
        if (!rng_percent(&p, 5)) {
            out_str(&o, PICK(&p, PHONE_PREFIX));
            out_uint(&o, rng_below(&p, 100000000), 8);
        }
        out_comma(&o);
        if (!rng_percent(&p, 8) || v->bad_id) {
            char id[19];
            const char *region = PICK(&p, REGIONS);
            int age = v->youth ? rng_range(&p, 18, 28) : rng_range(&p, 24, 58);
            int32_t birth = field_days_from_civil(BASE_YEAR - age, 1, 1) + (int32_t)rng_below(&p, 365);
            int by, bm, bd;
            field_civil_from_days(birth, &by, &bm, &bd);
            name_into(id, sizeof id, "%s%04d%02d%02d%03u", region, by, bm, bd,
                      (unsigned)rng_below(&p, 1000));
            char check = sample_id_check_digit(id);
            if (v->bad_id)    /* any other character: the check fails */
                check = check == '0' ? '1' : check == 'X' ? '0' : (char)(check == '9' ? 'X' : check + 1);
            id[17] = check;
            id[18] = '\0';
            out_str(&o, id);
        }
        out_eol(&o);
        written++;
        g->counts.volunteers++;
        if (v->status <= ST_PROBATIONARY)
            g->counts.party_volunteers++;
    }
out:
    return out_end(&o, s);
}

/* ---------------------------------------------------------------- the year */

typedef struct s_demand {
    int32_t day;                 /* days since epoch */
    unsigned char category, area, channel;
    uint32_t place;              /* seed of the place name */
} s_demand;

typedef struct s_answer {
    int32_t day;
    uint32_t demand;
} s_answer;

/* A place of an area: full location and the short name used in titles. The same seed
   gives the same place. */
static void place_name(int area, uint32_t seed, char *full, size_t fcap, char *shortn, size_t scap)
{
    uint32_t a = seed, b = seed / 97u;
    switch (area) {
    case AR_PASTORAL:
        name_into(shortn, scap, "%s嘎查", GACHA[a % COUNT_OF(GACHA)]);
        name_into(full, fcap, "%s苏木%s", SUMU[b % COUNT_OF(SUMU)], shortn);
        break;
    case AR_COMMUNITY:
        name_into(shortn, scap, "%s社区", COMMUNITIES[a % COUNT_OF(COMMUNITIES)]);
        name_into(full, fcap, "%s街道%s", STREETS[b % COUNT_OF(STREETS)], shortn);
        break;
    case AR_FOREST:
        name_into(shortn, scap, "%s林场", FORESTS[a % COUNT_OF(FORESTS)]);
        name_into(full, fcap, "%s", shortn);
        break;
    case AR_FARM:
        name_into(shortn, scap, "%s村", VILLAGES[a % COUNT_OF(VILLAGES)]);
        name_into(full, fcap, "%s镇%s", TOWNS[b % COUNT_OF(TOWNS)], shortn);
        break;
    case AR_STATION:
        name_into(shortn, scap, "%s苏木%s", SUMU[b % COUNT_OF(SUMU)], STATIONS[a % COUNT_OF(STATIONS)]);
        name_into(full, fcap, "%s", shortn);
        break;
    default:
        name_into(shortn, scap, "%s", OTHER_PLACES[a % COUNT_OF(OTHER_PLACES)]);
        name_into(full, fcap, "%s", shortn);
        break;
    }
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_answer(const void *a, const void *b)
{
    const s_answer *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->demand > y->demand) - (x->demand < y->demand);
}

static void out_demand_id(out *o, const gen *g, uint32_t d, int width)
{
    out_str(o, "XQ");
    out_uint(o, (uint64_t)g->opt->year, 4);
    out_char(o, '-');
    out_uint(o, (uint64_t)d + 1, width);
}

static void out_activity_id(out *o, const gen *g, uint64_t a, int width)
{
    out_str(o, "HD");
    out_uint(o, (uint64_t)g->opt->year, 4);
    out_char(o, '-');
    out_uint(o, a + 1, width);
}

/* The activity volume of a year, relative to the base year: about 10 % less a year back. */
static uint64_t year_volume(uint64_t base, int year)
{
    uint64_t v = base;
    for (int y = year; y < BASE_YEAR; y++)
        v = v * 9 / 10;
    for (int y = BASE_YEAR; y < year && y < BASE_YEAR + 20; y++)
        v = v * 11 / 10;
    return v;
}

#define DEMANDS_PER_BLOCK 260
#define ACTIVITIES_PER_BLOCK 3400
#define MAX_ROWS 96
#define DAY_CAP_TENTHS 120      /* nobody serves more than 12 hours a day in the sample */

typedef struct row {
    uint32_t volunteer;
    int32_t rep;                /* 代表单位 written, or -1 */
    uint16_t tenths;
    unsigned char role;         /* 0 none, 1 负责人, 2 医生, 3.. ROLES */
} row;

typedef struct year_state {
    s_demand *demands;
    size_t n_demands;
    s_answer *answers;
    size_t n_answers;
    uint32_t *day_count;        /* planned activities per day of the year */
    int days;
    /* per unit: cumulative lead weights (0 for units with nobody registered this year), and
       per category the units of the systems that prefer it */
    uint64_t *cum_weight;
    uint32_t *cat_units[CAT_COUNT];
    size_t n_cat_units[CAT_COUNT];
} year_state;

static void year_release(year_state *y)
{
    mem_free(y->demands);
    mem_free(y->answers);
    mem_free(y->day_count);
    mem_free(y->cum_weight);
    for (int c = 0; c < CAT_COUNT; c++)
        mem_free(y->cat_units[c]);
}

static int unit_prefers(const city *c, const s_unit *u, int category)
{
    const unsigned char *pref = SECTOR_CATEGORY[c->tmpl[u->tmpl].org->sector];
    return pref[0] == category || pref[1] == category || pref[2] == category;
}

static uint32_t pick_lead(rng *r, const city *c, const year_state *y)
{
    uint64_t total = y->cum_weight[c->n_units - 1];
    uint64_t x = (uint64_t)(rng_unit(r) * (double)total);
    size_t lo = 0, hi = c->n_units - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (y->cum_weight[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return (uint32_t)lo;
}

/* 1 when volunteer v may serve on `day` for `tenths` more hours and is not yet in the
   activity `stamp`. */
static inline int volunteer_free(const s_volunteer *v, int32_t day, uint16_t tenths, uint32_t stamp)
{
    if (v->joined > day || v->dormant || v->stamp == stamp)
        return 0;
    uint16_t used = v->last_day == day ? v->day_tenths : 0;
    return used + tenths <= DAY_CAP_TENTHS;
}

/* A volunteer of unit u who may serve on day `day` for `tenths` more hours and is not yet in
   this activity; -1 when a few tries find none. Active volunteers are picked more often. */
static int64_t pick_volunteer(rng *r, const gen *g, uint32_t unit, int32_t day,
                              uint16_t tenths, uint32_t stamp)
{
    const s_unit *u = &g->c.units[unit];
    if (u->vol_count == 0)
        return -1;
    /* Small units: one pass over all from a skewed start; large ones: a few draws. */
    int small = u->vol_count <= 64;      /* a scan of neighbours stays in one or two cache lines */
    uint32_t tries = small ? u->vol_count : 8;
    double x = rng_unit(r);
    uint32_t start = (uint32_t)(u->vol_count * x * x);
    for (uint32_t t = 0; t < tries; t++) {
        if (!small && t > 0) {
            x = rng_unit(r);
            start = (uint32_t)(u->vol_count * x * x);
        }
        uint32_t k = u->vol_first + (small ? (start + t) % u->vol_count : start);
        if (volunteer_free(&g->c.vols[k], day, tenths, stamp))
            return k;
    }
    return -1;
}

static uint16_t activity_hours(rng *r, int mode)
{
    int lo = mode == 0 ? 2 : mode == 1 ? 4 : 5, hi = mode == 0 ? 8 : mode == 1 ? 12 : 16;
    uint16_t t = (uint16_t)(rng_range(r, lo, hi) * 5);       /* half hours */
    if (rng_percent(r, 15))
        t = (uint16_t)(t + rng_range(r, 1, 4));              /* 2.3, 3.1 … */
    return t;
}

typedef struct result_row {
    const char *indicator, *measure;
    uint64_t tenths;
    int decimals;
} result_row;

/* Writes one of the activities and its participation and results rows. */
typedef struct act_ctx {
    out *act, *part, *res;
    int act_width, dem_width;
    uint64_t ordinal;
    int plant_empty, plant_single;
    int act_ascii_done;
    row *rows;                  /* room for the most rows an activity can have */
    rng extra;                  /* the extra participants of a province (volume > blocks) */
    uint64_t extra_carry;       /* remainder of want × volume / blocks, carried on */
} act_ctx;

/* Anyone of the city block's volunteers first..first+count-1 who is free (volunteer_free):
   a few random draws, then one pass from a random start; -1 when nobody is. */
static int64_t pick_in_block(rng *r, const gen *g, uint32_t first, uint32_t count, int32_t day,
                             uint16_t tenths, uint32_t stamp)
{
    if (count == 0)
        return -1;
    for (int t = 0; t < 8; t++) {
        uint32_t k = first + rng_below(r, count);
        if (volunteer_free(&g->c.vols[k], day, tenths, stamp))
            return k;
    }
    uint32_t k = rng_below(r, count);
    for (uint32_t t = 0; t < count; t++) {
        if (volunteer_free(&g->c.vols[first + k], day, tenths, stamp))
            return first + k;
        if (++k == count)
            k = 0;
    }
    return -1;
}

/* Fills row rw (the n_rows-th of the activity, from 1) for volunteer v serving `tenths`:
   代表单位 and role drawn from r, and marks the volunteer taken on `day`. */
static void take_volunteer(gen *g, rng *r, row *rw, uint32_t v, uint16_t tenths, int n_rows,
                           int category, int32_t day, uint32_t stamp, int plant_single)
{
    city *c = &g->c;
    const s_volunteer *sv = &c->vols[v];
    rw->volunteer = v;
    rw->tenths = tenths;
    rw->rep = -1;
    if (!plant_single) {
        /* a volunteer serving with another unit's team represents that unit */
        if (team_exists(g, sv->team) && c->teams[sv->team].unit != sv->unit && rng_percent(r, 70))
            rw->rep = (int32_t)c->teams[sv->team].unit;
        else if (rng_percent(r, 3))
            rw->rep = (int32_t)sv->unit;
    }
    if (n_rows == 1)
        rw->role = 1;
    else if (category == CAT_MEDICAL && c->tmpl[c->units[sv->unit].tmpl].org->kind == KIND_HOSPITAL)
        rw->role = rng_percent(r, 60) ? 2 : 0;
    else
        rw->role = rng_percent(r, 40) ? (unsigned char)(3 + rng_below(r, (uint32_t)COUNT_OF(ROLES))) : 0;
    s_volunteer *taken = &c->vols[v];
    taken->stamp = stamp;
    if (taken->last_day != day) {
        taken->last_day = day;
        taken->day_tenths = 0;
    }
    taken->day_tenths = (uint16_t)(taken->day_tenths + tenths);
}

static int make_activity(gen *g, year_state *y, act_ctx *ax, rng *r, int32_t day, int64_t demand)
{
    city *c = &g->c;
    int yy, month, dd;
    field_civil_from_days(day, &yy, &month, &dd);
    int exported = g->opt->style == SAMPLE_EXPORT;
    uint32_t stamp = (uint32_t)(ax->ordinal + 1);

    /* Mode, lead unit, category, area, place. */
    static const unsigned char mode_w[3] = {55, 33, 12};
    int mode = rng_weighted(r, mode_w, 3);
    int category, area;
    uint32_t place;
    if (demand >= 0) {
        const s_demand *d = &y->demands[demand];
        category = d->category;
        area = d->area;
        place = d->place;
        if (mode == 2 && rng_percent(r, 60))
            mode = 0;
    } else {
        unsigned char w[CAT_COUNT];
        for (int k = 0; k < CAT_COUNT; k++)
            w[k] = CATEGORY_MONTH[k][month - 1];
        category = rng_weighted(r, w, CAT_COUNT);
        if (month == 3 && dd == 5)
            category = rng_percent(r, 50) ? CAT_OTHER : category;     /* 学雷锋纪念日 */
        area = rng_weighted(r, AREA_WEIGHTS[category], AR_COUNT);
        place = (uint32_t)rng_next(r);
    }
    uint32_t lead;
    uint32_t block;
    if (mode == 2) {
        block = rng_below(r, c->scale);
        lead = block * SAMPLE_UNITS;                          /* the working committee */
    } else {
        if (y->n_cat_units[category] > 0 && rng_percent(r, demand >= 0 ? 70 : 45)) {
            /* a unit of the field: the larger of two drawn */
            uint32_t n = (uint32_t)y->n_cat_units[category];
            uint32_t a = y->cat_units[category][rng_below(r, n)];
            uint32_t b = y->cat_units[category][rng_below(r, n)];
            lead = c->units[a].weight >= c->units[b].weight ? a : b;
        } else
            lead = pick_lead(r, c, y);
        if (mode == 1 && c->units[lead].party_team < 0 && rng_percent(r, 25))
            mode = 0;
        block = c->units[lead].block;
    }
    if (ax->plant_empty && mode != 0)
        mode = 0;
    if (ax->plant_single)
        mode = 1;

    /* Units taking part. */
    uint32_t units[16];
    int n_units = 0;
    units[n_units++] = lead;
    if (mode == 1 && !ax->plant_single) {
        int want = rng_range(r, 1, 4);
        const s_unit *lu = &c->units[lead];
        for (int tries = 0; tries < 40 && n_units <= want; tries++) {
            uint32_t o = block * SAMPLE_UNITS + rng_below(r, SAMPLE_UNITS);
            if (c->units[o].vol_count == 0 || o == lead)
                continue;
            if (tries < 20 && c->tmpl[c->units[o].tmpl].org->sector != c->tmpl[lu->tmpl].org->sector &&
                rng_percent(r, 60))
                continue;
            int dup = 0;
            for (int k = 0; k < n_units; k++)
                dup |= units[k] == o;
            if (!dup)
                units[n_units++] = o;
        }
    } else if (mode == 2) {
        int want = rng_range(r, 5, 15);
        for (int tries = 0; tries < 60 && n_units <= want; tries++) {
            uint32_t o = block * SAMPLE_UNITS + rng_below(r, SAMPLE_UNITS);
            if (c->units[o].vol_count == 0)
                continue;
            int dup = 0;
            for (int k = 0; k < n_units; k++)
                dup |= units[k] == o;
            if (!dup)
                units[n_units++] = o;
        }
    }


    /* Participation rows. */
    row *rows = ax->rows;
    int n_rows = 0;
    uint16_t base = activity_hours(r, mode);
    if (!ax->plant_empty) {
        double u = rng_unit(r);
        int want = mode == 0 ? 6 + (int)(18 * u * sqrt(u))
                 : mode == 1 ? 12 + (int)(30 * u * u)
                 : 25 + (int)(60 * u * u);
        if (want > MAX_ROWS)
            want = MAX_ROWS;
        int misses = 0;
        /* units[] holds at most 16: a bit each for "nobody more can come from there" */
        uint32_t exhausted = 0, all = (1u << n_units) - 1;
        for (int k = 0; k < 3 * want && n_rows < want && exhausted != all; k++) {
            uint32_t ui;
            if (ax->plant_single || n_units == 1 || (n_rows == 0 && !(exhausted & 1)))
                ui = 0;
            else if (n_rows <= 1)
                ui = 1 + rng_below(r, (uint32_t)n_units - 1);
            else
                ui = rng_percent(r, mode == 1 ? 40 : 10) ? 0 : rng_below(r, (uint32_t)n_units);
            uint16_t t = base;
            if (rng_percent(r, 30)) {
                int v = (int)t + rng_range(r, -3, 3) * 5;
                t = (uint16_t)(v < 5 ? 5 : v > 100 ? 100 : v);
            }
            int64_t v = (exhausted >> ui) & 1 ? -1 : pick_volunteer(r, g, units[ui], day, t, stamp);
            if (v < 0) {
                exhausted |= 1u << ui;
                if (++misses > (n_units == 1 ? 2 : 12))
                    break;
                continue;
            }
            misses = 0;
            n_rows++;
            take_volunteer(g, r, &rows[n_rows - 1], (uint32_t)v, t, n_rows, category, day, stamp,
                           ax->plant_single);
        }
        if (g->volume > c->scale && !ax->plant_single) {
            /* A province (--cities C below --scale K): K / C times the participants the
               units above gave (as many as one when they gave none: their volunteers are
               busy that day), the extra ones from anyone of the lead's city block.
               Own stream: with K == C nothing here runs and the main stream is untouched. */
            uint64_t num = (uint64_t)(n_rows > 0 ? n_rows : 1) * g->volume + ax->extra_carry;
            int target = (int)(num / c->scale);
            ax->extra_carry = num % c->scale;
            const s_unit *first = &c->units[(size_t)block * SAMPLE_UNITS];
            const s_unit *last = first + SAMPLE_UNITS - 1;
            uint32_t vfirst = first->vol_first, vcount = last->vol_first + last->vol_count - vfirst;
            rng *x = &ax->extra;
            while (n_rows < target) {
                uint16_t t = base;
                if (rng_percent(x, 30)) {
                    int v = (int)t + rng_range(x, -3, 3) * 5;
                    t = (uint16_t)(v < 5 ? 5 : v > 100 ? 100 : v);
                }
                int64_t v = pick_in_block(x, g, vfirst, vcount, day, t, stamp);
                if (v < 0)
                    break;           /* the whole block is busy that day */
                n_rows++;
                take_volunteer(g, x, &rows[n_rows - 1], (uint32_t)v, t, n_rows, category, day,
                               stamp, 0);
            }
        }
        if (n_rows == 0)
            return 0;          /* nobody could come: the activity does not take place */
    }
    if (mode == 1 && !ax->plant_single) {
        /* 组团服务 needs participants of at least two units, counted either way. */
        uint32_t own0 = c->vols[rows[0].volunteer].unit;
        int own_many = 0, row_many = 0;
        uint32_t row0 = rows[0].rep >= 0 ? (uint32_t)rows[0].rep : own0;
        for (int k = 1; k < n_rows; k++) {
            uint32_t own = c->vols[rows[k].volunteer].unit;
            uint32_t ru = rows[k].rep >= 0 ? (uint32_t)rows[k].rep : own;
            own_many |= own != own0;
            row_many |= ru != row0;
        }
        if (!own_many)
            mode = 0;
        else if (!row_many)
            for (int k = 0; k < n_rows; k++)
                rows[k].rep = -1;
    }

    /* Campaign, title, beneficiaries, donation. */
    const char *campaign = NULL;
    if ((category == CAT_ENVIRONMENT || category == CAT_TREES) && month >= 4 && month <= 10 &&
        (area == AR_PASTORAL || area == AR_FARM || area == AR_FOREST) && rng_percent(r, 70))
        campaign = "十个全覆盖";
    else if (month == 3 && (dd == 5 || rng_percent(r, 25)))
        campaign = "学雷锋志愿服务月";
    else if (category == CAT_POVERTY && (month <= 2 || month == 12) && rng_percent(r, 60))
        campaign = "冬春送温暖";
    char full[160], shortn[96], title[320], body[256];
    place_name(area, place, full, sizeof full, shortn, sizeof shortn);
    name_into(body, sizeof body, TITLES[category][rng_below(r, 4)], shortn);
    if (campaign && strcmp(campaign, "十个全覆盖") == 0) {
        /* one clerk typed ASCII quotes: the field must be quoted and its quotes doubled */
        int ascii = exported && !ax->act_ascii_done;
        ax->act_ascii_done |= ascii;
        name_into(title, sizeof title, ascii ? "\"十个全覆盖\"%s" : "“十个全覆盖”%s", body);
    } else if (month == 3 && dd == 5) {
        name_into(title, sizeof title, "学雷锋纪念日·%s", body);
    } else {
        name_into(title, sizeof title, "%s", body);
    }
    static const unsigned short BEN[CAT_COUNT][2] = {
        {30, 300}, {20, 150}, {20, 200}, {20, 120}, {50, 600}, {50, 400}, {100, 1500},
        {50, 500}, {5, 80}, {50, 800}, {20, 300}, {20, 300}};
    double bu = rng_unit(r);
    uint64_t beneficiaries = BEN[category][0] + (uint64_t)((BEN[category][1] - BEN[category][0]) * bu * bu);
    beneficiaries = beneficiaries * (mode == 0 ? 2 : mode == 1 ? 3 : 5) / 2;
    if (category == CAT_TREES && rng_percent(r, 20))
        beneficiaries = 0;
    if (n_rows == 0 && !ax->plant_empty)
        beneficiaries = 0;
    uint64_t donation_fen = 0;
    if (rng_percent(r, category == CAT_POVERTY ? 65 : 3)) {
        uint64_t yuan = (uint64_t)rng_range(r, 20, 3000) * 10;
        donation_fen = yuan * 100 + (rng_percent(r, 20) ? rng_below(r, 100) : 0);
    }

    /* activities.csv */
    out *o = ax->act;
    out_activity_id(o, g, ax->ordinal, ax->act_width);
    out_comma(o);
    if (exported) {
        static const unsigned char form_w[5] = {70, 10, 7, 8, 5};
        out_date(o, day, rng_weighted(&g->fmt, form_w, 5));
    } else {
        out_date(o, day, DATE_ISO);
    }
    out_comma(o);
    out_text(o, title);
    out_comma(o);
    out_str(o, mode == 0 ? "独立开展" : mode == 1 ? "组团服务" : "工委统一组织");
    out_comma(o);
    out_unit_id(o, c, lead);
    out_comma(o);
    out_str(o, CATEGORY_NAMES[category]);
    out_comma(o);
    out_str(o, AREA_NAMES[area]);
    out_comma(o);
    out_text(o, full);
    out_comma(o);
    if (demand >= 0)
        out_demand_id(o, g, (uint32_t)demand, ax->dem_width);
    out_comma(o);
    if (campaign)
        out_str(o, campaign);
    out_comma(o);
    if (exported && beneficiaries >= 1000 && rng_percent(&g->fmt, 50))
        out_uint_grouped(o, beneficiaries);
    else
        out_uint(o, beneficiaries, 0);
    out_comma(o);
    if (donation_fen) {
        if (donation_fen % 100 == 0 && rng_percent(r, 50))
            out_uint(o, donation_fen / 100, 0);
        else
            out_fixed(o, donation_fen, 2);
    }
    if (exported) {
        out_comma(o);
        unsigned x = rng_below(&g->fmt, 100);
        if (x < 5)
            out_str(o, "照片已存档");
        else if (x < 7)
            out_str(o, "见工作简报");
    }
    out_eol(o);

    /* participation.csv */
    for (int k = 0; k < n_rows; k++) {
        o = ax->part;
        out_activity_id(o, g, ax->ordinal, ax->act_width);
        out_comma(o);
        out_volunteer_id(o, c, rows[k].volunteer);
        out_comma(o);
        out_fixed(o, rows[k].tenths, 1);
        out_comma(o);
        if (rows[k].rep >= 0)
            out_unit_id(o, c, (uint32_t)rows[k].rep);
        out_comma(o);
        if (rows[k].role == 1)
            out_str(o, "负责人");
        else if (rows[k].role == 2)
            out_str(o, "医生");
        else if (rows[k].role >= 3)
            out_str(o, ROLES[rows[k].role - 3]);
        out_eol(o);
    }
    g->counts.participation += (uint64_t)n_rows;

    /* results.csv */
    result_row res[4];
    int n_res = 0;
    if (campaign && strcmp(campaign, "十个全覆盖") == 0) {
        if (category == CAT_TREES)
            res[n_res++] = (result_row){"植树", "棵", (uint64_t)rng_range(r, 50, 3000) * 10, 0};
        else
            res[n_res++] = (result_row){"清理垃圾", "车", (uint64_t)rng_range(r, 2, 40) * 10, 0};
        if (rng_percent(r, 40))
            res[n_res++] = (result_row){"新建栅栏", "米", (uint64_t)rng_range(r, 100, 3000) * 10, 0};
        if (rng_percent(r, 30))
            res[n_res++] = (result_row){"整理旧木板", "立方米", (uint64_t)rng_range(r, 5, 600), 1};
    } else if (category == CAT_MEDICAL && beneficiaries > 0 && rng_percent(r, 60)) {
        res[n_res++] = (result_row){"义诊", "人次", (beneficiaries * 8 / 10 + 1) * 10, 0};
    } else if (category == CAT_LAW && rng_percent(r, 50)) {
        res[n_res++] = (result_row){"发放宣传资料", "份", (uint64_t)rng_range(r, 200, 3000) * 10, 0};
    } else if (category == CAT_EPIDEMIC && rng_percent(r, 50)) {
        res[n_res++] = (result_row){"牲畜防疫", "头（只）", (uint64_t)rng_range(r, 300, 8000) * 10, 0};
    } else if (category == CAT_TREES) {
        res[n_res++] = (result_row){"植树", "棵", (uint64_t)rng_range(r, 30, 800) * 10, 0};
    } else if (category == CAT_POVERTY && donation_fen) {
        res[n_res++] = (result_row){"慰问困难群众", "户", (uint64_t)rng_range(r, 5, 60) * 10, 0};
    }
    for (int k = 0; k < n_res; k++) {
        o = ax->res;
        out_activity_id(o, g, ax->ordinal, ax->act_width);
        out_comma(o);
        out_str(o, res[k].indicator);
        out_comma(o);
        if (res[k].decimals)
            out_fixed(o, res[k].tenths, 1);
        else if (exported && res[k].tenths >= 10000 && rng_percent(&g->fmt, 50))
            out_uint_grouped(o, res[k].tenths / 10);
        else
            out_uint(o, res[k].tenths / 10, 0);
        out_comma(o);
        out_str(o, res[k].measure);
        out_eol(o);
    }
    g->counts.results += (uint64_t)n_res;
    g->counts.activities++;
    ax->ordinal++;
    return 1;
}

static tz_status write_demands(gen *g, year_state *y, int width)
{
    out o;
    int exported = g->opt->style == SAMPLE_EXPORT;
    tz_status s = out_begin(g, &o, LEDGER_DEMANDS, 0, NULL);
    if (s != TZ_OK)
        goto out;
    char full[160], shortn[96], text[320];
    for (size_t i = 0; i < y->n_demands; i++) {
        const s_demand *d = &y->demands[i];
        place_name(d->area, d->place, full, sizeof full, shortn, sizeof shortn);
        out_demand_id(&o, g, (uint32_t)i, width);
        out_comma(&o);
        out_date(&o, d->day, exported ? (rng_percent(&g->fmt, 50) ? DATE_COMPACT : DATE_DOT) : DATE_ISO);
        out_comma(&o);
        out_text(&o, full);
        out_comma(&o);
        out_str(&o, AREA_NAMES[d->area]);
        out_comma(&o);
        out_str(&o, CATEGORY_NAMES[d->category]);
        out_comma(&o);
        /* Exports carry what clerks type: an ASCII comma, a line break inside a cell. */
        if (exported && i % 40 == 1)
            name_into(text, sizeof text, "%s,联系人为%s党支部书记", DEMAND_TEXTS[d->category], shortn);
        else if (exported && i % 40 == 3)
            name_into(text, sizeof text, "%s\n（由%s党支部代为提出）", DEMAND_TEXTS[d->category], shortn);
        else
            name_into(text, sizeof text, "%s", DEMAND_TEXTS[d->category]);
        out_text(&o, text);
        out_comma(&o);
        if (d->channel < 6)
            out_str(&o, CHANNEL_NAMES[d->channel]);
        out_eol(&o);
        g->counts.demands++;
    }
out:
    return out_end(&o, s);
}

/* Demands and the activities of the year, written day by day. */
static tz_status write_year(gen *g)
{
    city *c = &g->c;
    year_state y;
    memset(&y, 0, sizeof y);
    out act, part, res;
    memset(&act, 0, sizeof act);
    memset(&part, 0, sizeof part);
    memset(&res, 0, sizeof res);
    act.cd = part.cd = res.cd = (iconv_t)-1;
    row *rows = NULL;
    tz_status s = TZ_OK;
    rng r;
    rng_seed(&r, c->seed ^ ((uint64_t)g->opt->year * 0x2545F4914F6CDD1Dull), STREAM_CITY + 1);
    y.days = (int)(g->year_last - g->year_first + 1);

    /* Demands from 嘎查, 社区 …: dates first (sorted), then what each asks. */
    y.n_demands = (size_t)year_volume(DEMANDS_PER_BLOCK, g->opt->year) * c->scale;
    y.demands = mem_calloc(y.n_demands ? y.n_demands : 1, sizeof *y.demands);
    y.answers = mem_calloc(2 * y.n_demands + 1, sizeof *y.answers);
    int32_t *days = mem_calloc(y.n_demands + 1, sizeof *days);
    if (!y.demands || !y.answers || !days) {
        mem_free(days);
        s = TZ_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < y.n_demands; i++)
        days[i] = g->year_first + (int32_t)rng_below(&r, (uint32_t)y.days - 5);
    qsort(days, y.n_demands, sizeof *days, cmp_i32);
    static const unsigned char demand_area_w[AR_COUNT] = {30, 4, 55, 8, 3, 0};
    static const unsigned char channel_w[7] = {25, 35, 8, 12, 15, 5, 10};   /* last: not given */
    for (size_t i = 0; i < y.n_demands; i++) {
        s_demand *d = &y.demands[i];
        int yy, month, dd;
        d->day = days[i];
        field_civil_from_days(d->day, &yy, &month, &dd);
        d->area = (unsigned char)rng_weighted(&r, demand_area_w, AR_COUNT);
        unsigned char w[CAT_COUNT];
        for (int k = 0; k < CAT_COUNT; k++)
            w[k] = (unsigned char)(AREA_WEIGHTS[k][d->area] * CATEGORY_MONTH[k][month - 1] / 8);
        d->category = (unsigned char)rng_weighted(&r, w, CAT_COUNT);
        d->channel = (unsigned char)rng_weighted(&r, channel_w, 7);
        d->place = (uint32_t)rng_next(&r);
        /* About half are answered by an activity some days later, inside the year. */
        if (rng_percent(&r, 58)) {
            double u = rng_unit(&r);
            int32_t at = d->day + 1 + (int32_t)(44 * u * u);
            if (at <= g->year_last) {
                y.answers[y.n_answers++] = (s_answer){at, (uint32_t)i};
                int32_t again = at + rng_range(&r, 7, 60);
                if (rng_percent(&r, 7) && again <= g->year_last)
                    y.answers[y.n_answers++] = (s_answer){again, (uint32_t)i};
            }
        }
    }
    mem_free(days);
    qsort(y.answers, y.n_answers, sizeof *y.answers, cmp_answer);
    int dem_width = width_for(y.n_demands, 4);
    s = write_demands(g, &y, dem_width);
    if (s != TZ_OK)
        goto out;

    /* Planned activities per day: by month, more on Saturdays, many on 5 March (学雷锋). */
    uint64_t total = year_volume(ACTIVITIES_PER_BLOCK, g->opt->year) * c->scale;
    y.day_count = mem_calloc((size_t)y.days, sizeof *y.day_count);
    if (!y.day_count) {
        s = TZ_NOMEM;
        goto out;
    }
    double wsum = 0, acc = 0;
    double *w = mem_calloc((size_t)y.days, sizeof *w);
    if (!w) {
        s = TZ_NOMEM;
        goto out;
    }
    for (int d = 0; d < y.days; d++) {
        int yy, month, dd;
        int32_t day = g->year_first + d;
        field_civil_from_days(day, &yy, &month, &dd);
        int dow = (int)((day % 7 + 7 + 3) % 7);          /* 0 = Monday (1970-01-01 was a Thursday) */
        w[d] = MONTH_WEIGHTS[month - 1] * (dow == 5 ? 1.3 : dow == 6 ? 0.7 : 1.0);
        if (month == 3 && dd == 5)
            w[d] *= 8;
        wsum += w[d];
    }
    uint64_t planned = 0;
    for (int d = 0; d < y.days; d++) {
        acc += (double)total * w[d] / wsum;
        y.day_count[d] = (uint32_t)acc;
        acc -= y.day_count[d];
        planned += y.day_count[d];
    }
    mem_free(w);

    /* Per volunteer state, lead-unit weights, category preferences. */
    y.cum_weight = mem_calloc(c->n_units, sizeof *y.cum_weight);
    for (int k = 0; k < CAT_COUNT; k++)
        y.cat_units[k] = mem_calloc(c->n_units, sizeof *y.cat_units[k]);
    if (!y.cum_weight) {
        s = TZ_NOMEM;
        goto out;
    }
    for (int k = 0; k < CAT_COUNT; k++)
        if (!y.cat_units[k]) {
            s = TZ_NOMEM;
            goto out;
        }
    uint64_t cum = 0;
    for (size_t i = 0; i < c->n_units; i++) {
        const s_unit *u = &c->units[i];
        int present = 0;
        for (uint32_t k = 0; k < u->vol_count && !present; k++)
            present = volunteer_exists(g, &c->vols[u->vol_first + k]);
        if (present) {
            cum += u->weight;
            for (int k = 0; k < CAT_COUNT; k++)
                if (unit_prefers(c, u, k))
                    y.cat_units[k][y.n_cat_units[k]++] = (uint32_t)i;
        }
        y.cum_weight[i] = cum;
    }

    /* The files, and the planted anomalies: per block one activity without participants and
       one 组团服务 activity with one unit only. */
    s = out_begin(g, &act, LEDGER_ACTIVITIES, 0, g->opt->style == SAMPLE_EXPORT ? "备注" : NULL);
    if (s == TZ_OK)
        s = out_begin(g, &part, LEDGER_PARTICIPATION, 0, NULL);
    if (s == TZ_OK)
        s = out_begin(g, &res, LEDGER_RESULTS, 0, NULL);
    if (s != TZ_OK)
        goto out;

    act_ctx ax;
    memset(&ax, 0, sizeof ax);
    rows = mem_calloc((size_t)MAX_ROWS * g->volume / c->scale + 1, sizeof *rows);
    if (!rows) {
        s = TZ_NOMEM;
        goto out;
    }
    ax.rows = rows;
    rng_seed(&ax.extra, c->seed ^ ((uint64_t)g->opt->year * 0x2545F4914F6CDD1Dull), STREAM_EXTRA);
    ax.act = &act;
    ax.part = &part;
    ax.res = &res;
    ax.act_width = width_for(planned + y.n_answers, 5);
    ax.dem_width = dem_width;
    uint32_t next_empty = 0, next_single = 0;
    size_t ai = 0;
    for (int d = 0; d < y.days; d++) {
        int32_t day = g->year_first + d;
        for (; ai < y.n_answers && y.answers[ai].day == day; ai++) {
            ax.plant_empty = ax.plant_single = 0;
            make_activity(g, &y, &ax, &r, day, y.answers[ai].demand);
        }
        for (uint32_t k = 0; k < y.day_count[d]; k++) {
            uint64_t empty_at = (planned * (2 * next_empty + 1)) / (2 * c->scale) + 3;
            uint64_t single_at = (planned * (4 * next_single + 1)) / (4 * c->scale) + 5;
            ax.plant_empty = next_empty < c->scale && ax.ordinal >= empty_at;
            ax.plant_single = !ax.plant_empty && next_single < c->scale && ax.ordinal >= single_at;
            int made = make_activity(g, &y, &ax, &r, day, -1);
            if (made && ax.plant_empty)
                next_empty++;
            if (made && ax.plant_single)
                next_single++;
        }
        if (act.status != TZ_OK || part.status != TZ_OK || res.status != TZ_OK)
            break;
    }
out:
    {
        tz_status s1 = out_close(&act), s2 = out_close(&part), s3 = out_close(&res);
        if (s == TZ_OK)
            s = s1 != TZ_OK ? s1 : s2 != TZ_OK ? s2 : s3;
        if (s == TZ_IOERR && !*g->err)
            *g->err = "写入失败（磁盘已满？）(a write failed: disk full?)";
    }
    year_release(&y);
    mem_free(rows);
    return s;
}

/* ---------------------------------------------------------------- entry */

void sample_options_init(sample_options *opt)
{
    opt->year = SAMPLE_DEFAULT_YEAR;
    opt->seed = SAMPLE_DEFAULT_SEED;
    opt->scale = 1;
    opt->cities = 0;
    opt->style = SAMPLE_PLAIN;
}

/* mkdir -p. Returns 0, or -1 (errno set). */
static int make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] == '/' || path[i] == '\0') {
            char saved = path[i];
            path[i] = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return -1;
            path[i] = saved;
        }
    }
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

tz_status sample_write(const char *dir, const sample_options *opt, sample_counts *counts,
                       const char **err)
{
    const char *ignored = NULL;
    if (!err)
        err = &ignored;
    *err = NULL;
    if (opt->year < SAMPLE_MIN_YEAR || opt->year > SAMPLE_MAX_YEAR || opt->scale < 1 ||
        opt->scale > SAMPLE_MAX_SCALE || opt->cities > opt->scale) {
        *err = "选项超出范围 (option out of range)";
        return TZ_USAGE;
    }
    if (make_dirs(dir) != 0) {
        *err = "无法创建输出目录 (cannot create the output folder)";
        return TZ_CANTCREAT;
    }
    gen *g = mem_calloc(1, sizeof *g);
    if (!g)
        return TZ_NOMEM;
    g->opt = opt;
    g->dir = dir;
    g->err = err;
    g->c.seed = opt->seed;
    g->c.scale = opt->cities ? opt->cities : opt->scale;
    g->volume = opt->scale;
    g->year_first = field_days_from_civil(opt->year, 1, 1);
    g->year_last = field_days_from_civil(opt->year, 12, 31);
    if (opt->style == SAMPLE_EXPORT) {
        /* What the units actually send: Excel "CSV" (GBK/GB18030, CRLF), "CSV UTF-8" (BOM,
           CRLF), and a system export (UTF-8, LF, English headers). */
        g->style[LEDGER_UNITS] = (file_style){1, 0, 1, 0};
        g->style[LEDGER_TEAMS] = (file_style){0, 1, 1, 0};
        g->style[LEDGER_VOLUNTEERS] = (file_style){1, 0, 1, 0};
        g->style[LEDGER_ACTIVITIES] = (file_style){0, 1, 1, 0};
        g->style[LEDGER_PARTICIPATION] = (file_style){0, 0, 0, 1};
        g->style[LEDGER_DEMANDS] = (file_style){1, 0, 1, 0};
        g->style[LEDGER_RESULTS] = (file_style){0, 1, 0, 0};
    }
    rng_seed(&g->fmt, opt->seed ^ (uint64_t)opt->year, STREAM_FORMAT);
    name_cut = 0;
    tz_status s = build_city(&g->c);
    if (s == TZ_OK)
        s = write_units(g);
    if (s == TZ_OK)
        s = write_teams(g);
    if (s == TZ_OK)
        s = write_volunteers(g);
    if (s == TZ_OK)
        s = write_year(g);
    if (s == TZ_OK && name_cut) {
        s = TZ_SOFTWARE;
        *err = "内部错误：名称超出了缓冲区 (internal error: a name did not fit)";
    }
    if (s == TZ_IOERR && !*err)
        *err = "写入失败（磁盘已满？）(a write failed: disk full?)";
    if (s == TZ_NOMEM && !*err)
        *err = "内存不足 (out of memory)";
    if (s == TZ_SOFTWARE && !*err)
        *err = "内部错误：转换为 GB18030 失败 (internal error: GB18030 conversion failed)";
    if (counts)
        *counts = g->counts;
    mem_free(g->c.units);
    mem_free(g->c.teams);
    mem_free(g->c.vols);
    mem_free(g);
    return s;
}
