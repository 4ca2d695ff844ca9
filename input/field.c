/* input/field.c — typed cell parsers and personal-data masks.
   Numbers are parsed by hand into scaled integers (no strtod: exact and fast).
   May call: base/buf, libc. */
#include "input/field.h"

#include <string.h>

/* Longest numeric or date cell looked at; longer ones are not numbers anyway. */
#define NORM_MAX 64

static size_t ws_len(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)                        /* U+00A0 */
        return 2;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)       /* U+3000 */
        return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x8B)       /* U+200B */
        return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)       /* U+FEFF */
        return 3;
    return 0;
}

static size_t ws_len_back(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        return 1;
    if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && ws_len(s + n - 3, 3) == 3)
        return 3;
    return 0;
}

/* The bytes a white space of field_trim can begin with, and end with: a cell whose first
   and last bytes are neither (nearly every cell) has nothing to trim. */
static const unsigned char WS_FIRST[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1,
                                            [0xC2] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};
static const unsigned char WS_LAST[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1,
                                           [0xA0] = 1, [0x80] = 1, [0x8B] = 1, [0xBF] = 1};

void field_trim(const char **sp, size_t *np)
{
    const unsigned char *s = (const unsigned char *)*sp;
    size_t n = *np, k;
    if (n == 0 || (!WS_FIRST[s[0]] && !WS_LAST[s[n - 1]]))
        return;
    while (n && (k = ws_len(s, n)) != 0) {
        s += k;
        n -= k;
    }
    while (n && (k = ws_len_back(s, n)) != 0)
        n -= k;
    *sp = (const char *)s;
    *np = n;
}

static int equals(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n == m && memcmp(s, lit, m) == 0;
}

static int contains(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (m == 0 || m > n)
        return 0;
    for (size_t i = 0; i + m <= n; i++)
        if (s[i] == lit[0] && memcmp(s + i, lit, m) == 0)
            return 1;
    return 0;
}

int field_is_excel_error(const char *s, size_t n)
{
    static const char *const errs[] = {"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?",
                                       "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                                       "#GETTING_DATA", "#N/A!"};
    if (n == 0 || s[0] != '#')
        return 0;
    for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
        if (equals(s, n, errs[i]))
            return 1;
    return 0;
}

/* Full-width forms U+FF01..U+FF5E (EF BC 81..EF BD 9E) → ASCII 0x21..0x7E, into out.
   Returns the length, or -1 when longer than cap. */
static long normalize(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (o >= cap)
            return -1;
        if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x81 && u[i + 2] <= 0xBF) {
            out[o++] = (char)(u[i + 2] - 0x81 + 0x21);
            i += 3;
        } else if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBD && u[i + 2] >= 0x80 &&
                   u[i + 2] <= 0x9E) {
            out[o++] = (char)(u[i + 2] - 0x80 + 0x60);
            i += 3;
        } else {
            out[o++] = s[i++];
        }
    }
    return (long)o;
}

static int set(field_issue *iss, const char *code, const char *reason, const char *hint)
{
    iss->code = code;
    iss->reason = reason;
    iss->hint = hint;
    return -1;
}

static int excel_error(field_issue *iss)
{
    return set(iss, "cell.excel_error", "是 Excel 的错误值（公式出错）",
               "在表格里改正公式或直接填入数值，再导出");
}

static const char *places_hint(int places)
{
    switch (places) {
    case 0: return "写成整数，如 300";
    case 1: return "最多 1 位小数，如 2.5";
    case 2: return "最多 2 位小数，如 1000.50";
    default: return "减少小数位数";
    }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Tells apart the usual ways a cell is "almost a number", for the hint. */
static int diagnose_number(const char *t, size_t n, field_issue *iss)
{
    if (memchr(t, '%', n))
        return set(iss, "number.percent", "带有百分号", "写成纯数字，不带 %，如 85");
    if (memchr(t, '$', n) || contains(t, n, "\xC2\xA5") || contains(t, n, "\xEF\xBF\xA5") ||
        contains(t, n, "元"))
        return set(iss, "number.currency", "带有货币符号或“元”", "写成纯数字，不带 ¥ 和“元”，如 1000");
    static const char *const approx[] = {"余", "多", "近", "约", "左右", "以上", "以下", "概",
                                         "几", "上下", "不到", "超过", "若干", "~"};
    for (size_t i = 0; i < sizeof approx / sizeof *approx; i++)
        if (contains(t, n, approx[i]))
            return set(iss, "number.approximate", "不是确切的数字",
                       "写成确切的纯数字，如 300（不要“余”“约”“近”等字）");
    /* 1.2E+03: a number Excel showed in scientific notation */
    size_t i = 0;
    while (i < n && (is_digit(t[i]) || t[i] == '.'))
        i++;
    if (i > 0 && i + 1 < n && (t[i] == 'E' || t[i] == 'e')) {
        size_t j = i + 1;
        if (t[j] == '+' || t[j] == '-')
            j++;
        size_t k = j;
        while (k < n && is_digit(t[k]))
            k++;
        if (k == n && k > j)
            return set(iss, "number.scientific", "是科学计数法",
                       "把单元格设为“数值”格式，写出完整的数字");
    }
    return set(iss, "number.invalid", "不是数字", "写成纯数字，如 300");
}

/* The common case, plain ASCII "123" or "12.5" within the places allowed: no copy. */
static int plain_decimal(const char *s, size_t n, int places, int64_t *scaled)
{
    if (n == 0 || n > 12)        /* 12 characters with 6 places still fit in int64 */
        return -1;
    int64_t v = 0;
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    if (i == 0)
        return -1;
    int fd = 0;
    if (i < n) {
        if (s[i] != '.' || i + 1 == n)
            return -1;
        for (i++; i < n; i++) {
            if (s[i] < '0' || s[i] > '9' || fd == places)
                return -1;
            v = v * 10 + (s[i] - '0');
            fd++;
        }
    }
    for (; fd < places; fd++)
        v *= 10;
    *scaled = v;
    return 0;
}

int field_decimal(const char *s, size_t n, int places, int64_t *scaled, field_issue *iss)
{
    if (plain_decimal(s, n, places, scaled) == 0)
        return 0;
    char t[NORM_MAX];
    if (field_is_excel_error(s, n))
        return excel_error(iss);
    long ln = normalize(s, n, t, sizeof t);
    if (ln < 0)
        return diagnose_number(s, n > NORM_MAX ? NORM_MAX : n, iss);
    size_t len = (size_t)ln, i = 0;
    int neg = 0;
    if (i < len && (t[i] == '-' || t[i] == '+'))
        neg = t[i++] == '-';
    /* integer part, with optional thousands separators in groups of three */
    uint64_t ip = 0;
    size_t digits = 0, group = 0, groups = 0;
    int grouped = 0, overflow = 0;
    for (; i < len; i++) {
        if (is_digit(t[i])) {
            if (ip > (UINT64_MAX - 9) / 10)
                overflow = 1;
            else
                ip = ip * 10 + (uint64_t)(t[i] - '0');
            digits++;
            group++;
        } else if (t[i] == ',' && digits > 0) {
            if ((groups == 0 && group > 3) || (groups > 0 && group != 3))
                return diagnose_number(t, len, iss);
            grouped = 1;
            groups++;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || (grouped && group != 3))
        return diagnose_number(t, len, iss);
    /* fraction: digits beyond `places` must be zeros */
    uint64_t fp = 0;
    int fd = 0;
    if (i < len && t[i] == '.') {
        i++;
        size_t start = i;
        for (; i < len && is_digit(t[i]); i++) {
            if (fd < places) {
                fp = fp * 10 + (uint64_t)(t[i] - '0');
                fd++;
            } else if (t[i] != '0') {
                /* a real digit beyond the limit */
                size_t j = i;
                while (j < len && is_digit(t[j]))
                    j++;
                if (j == len)
                    return set(iss, "number.too_many_places", "小数位数太多", places_hint(places));
                return diagnose_number(t, len, iss);
            }
        }
        if (i == start)
            return diagnose_number(t, len, iss);
    }
    if (i != len)
        return diagnose_number(t, len, iss);
    for (; fd < places; fd++)
        fp *= 10;
    uint64_t scale = 1;
    for (int k = 0; k < places; k++)
        scale *= 10;
    if (overflow || ip > (uint64_t)INT64_MAX / scale || ip * scale > (uint64_t)INT64_MAX - fp)
        return set(iss, "number.too_large", "数字太大", "检查是否多写了数字");
    int64_t v = (int64_t)(ip * scale + fp);
    *scaled = neg ? -v : v;
    return 0;
}

int field_hours_quick(const char *s, size_t n, uint16_t *tenths)
{
    unsigned v = 0;
    size_t i = 0;
    for (; i < n && i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    if (i == 0)
        return 0;
    v *= 10;
    if (i + 2 == n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
        v += (unsigned)(s[i + 1] - '0');
    else if (i != n)
        return 0;
    if (v == 0 || v > 240)
        return 0;
    *tenths = (uint16_t)v;
    return 1;
}

int field_hours(const char *s, size_t n, uint16_t *tenths, field_issue *iss)
{
    int64_t plain;
    if (plain_decimal(s, n, 1, &plain) == 0 && plain > 0 && plain <= 240) {
        *tenths = (uint16_t)plain;
        return 0;
    }
    char t[NORM_MAX];
    long ln = normalize(s, n, t, sizeof t);
    size_t len = ln < 0 ? 0 : (size_t)ln;
    if (ln >= 0 && (memchr(t, ':', len) || contains(t, len, "小时") || contains(t, len, "分") ||
                    contains(t, len, "时") || contains(t, len, "h") || contains(t, len, "H") ||
                    contains(t, len, "min")))
        return set(iss, "hours.format", "不是小时数",
                   "写成小时数（可带 1 位小数），如 2.5（2 小时 30 分写作 2.5）");
    int64_t v;
    if (field_decimal(s, n, 1, &v, iss) != 0)
        return -1;
    if (v <= 0 || v > 240)
        return set(iss, "hours.out_of_range", "不在 0（不含）到 24 小时之间",
                   "一次活动的服务时长应大于 0、不超过 24，单位是小时");
    *tenths = (uint16_t)v;
    return 0;
}

int32_t field_days_from_civil(int y, int m, int d)
{
    /* H. Hinnant's days_from_civil */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

void field_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Reads 1..max digits at t[*i]; returns the value or -1. */
static int read_digits(const char *t, size_t len, size_t *i, int min, int max)
{
    int v = 0, k = 0;
    while (*i < len && is_digit(t[*i]) && k < max) {
        v = v * 10 + (t[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min || (*i < len && is_digit(t[*i])))
        return -1;
    return v;
}

static int date_invalid(field_issue *iss)
{
    return set(iss, "date.invalid", "不是可识别的日期", "写成 2025-03-05 这样的日期");
}

static int make_date(int y, int m, int d, int32_t *days, field_issue *iss)
{
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return set(iss, "date.invalid", "不是有效日期", "检查年、月、日，写成 2025-03-05 这样的日期");
    if (d > days_in_month(y, m))
        return set(iss, "date.invalid", "不是有效日期（这个月没有这一天）",
                   "检查日期，写成 2025-03-05 这样的日期");
    *days = field_days_from_civil(y, m, d);
    return 0;
}

int field_date(const char *s, size_t n, int32_t *days, field_issue *iss)
{
    char t[NORM_MAX];
    if (field_is_excel_error(s, n))
        return excel_error(iss);
    long ln = normalize(s, n, t, sizeof t);
    if (ln <= 0)
        return date_invalid(iss);
    size_t len = (size_t)ln, i = 0;
    if (memchr(t, ':', len))
        return set(iss, "date.invalid", "带有时间", "只写日期，不带时间，如 2025-03-05");
    size_t alldigits = 0;
    while (alldigits < len && is_digit(t[alldigits]))
        alldigits++;
    if (alldigits == len) {
        if (len == 8) {
            int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
            int m = (t[4] - '0') * 10 + (t[5] - '0');
            int d = (t[6] - '0') * 10 + (t[7] - '0');
            return make_date(y, m, d, days, iss);
        }
        if (len == 5) {
            int serial = 0;
            for (size_t k = 0; k < 5; k++)
                serial = serial * 10 + (t[k] - '0');
            if (serial < 10000)
                return date_invalid(iss);
            /* Excel's day 25569 is 1970-01-01 (epoch 1899-12-30) */
            *days = serial - 25569;
            iss->code = "date.excel_serial";
            iss->reason = "是 Excel 的日期序号，已按 1899-12-30 起算换算成日期";
            iss->hint = "把该列设为“日期”格式后重新导出，或写成 2025-03-05";
            return 1;
        }
        return date_invalid(iss);
    }
    int y = read_digits(t, len, &i, 4, 4);
    if (y < 0 || i >= len)
        return date_invalid(iss);
    if (t[i] == '-' || t[i] == '/' || t[i] == '.') {
        char sep = t[i++];
        int m = read_digits(t, len, &i, 1, 2);
        if (m < 0 || i >= len || t[i] != sep)
            return date_invalid(iss);
        i++;
        int d = read_digits(t, len, &i, 1, 2);
        if (d < 0 || i != len)
            return date_invalid(iss);
        return make_date(y, m, d, days, iss);
    }
    static const char nian[] = "年", yue[] = "月", ri[] = "日";
    if (len - i >= 3 && memcmp(t + i, nian, 3) == 0) {
        i += 3;
        int m = read_digits(t, len, &i, 1, 2);
        if (m < 0 || len - i < 3 || memcmp(t + i, yue, 3) != 0)
            return date_invalid(iss);
        i += 3;
        int d = read_digits(t, len, &i, 1, 2);
        if (d < 0 || len - i != 3 || memcmp(t + i, ri, 3) != 0)
            return date_invalid(iss);
        return make_date(y, m, d, days, iss);
    }
    return date_invalid(iss);
}

int field_id(const char *s, size_t n, field_issue *iss)
{
    if (field_is_excel_error(s, n))
        return excel_error(iss);
    char t[NORM_MAX];
    long ln = normalize(s, n, t, sizeof t);
    if (ln > 0) {
        size_t len = (size_t)ln, i = 0;
        while (i < len && is_digit(t[i]))
            i++;
        if (i > 0 && i < len && t[i] == '.') {
            i++;
            while (i < len && is_digit(t[i]))
                i++;
        }
        if (i > 0 && i + 1 < len && (t[i] == 'E' || t[i] == 'e')) {
            size_t j = i + 1;
            if (t[j] == '+' || t[j] == '-')
                j++;
            size_t k = j;
            while (k < len && is_digit(t[k]))
                k++;
            if (k == len && k > j)
                return set(iss, "id.scientific", "被 Excel 变成了科学计数法，原编号已丢失",
                           "把该列设为“文本”格式，重新填写完整编号后再导出");
        }
    }
    return 0;
}

int field_enum(const char *s, size_t n, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (names[i] && equals(s, n, names[i]))
            return (int)i;
    return -1;
}

int field_idcard_check(const char *s, size_t n)
{
    if (n == 15) {
        for (size_t i = 0; i < 15; i++)
            if (!is_digit(s[i]))
                return 2;
        return 0;
    }
    if (n != 18)
        return 2;
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int sum = 0;
    for (size_t i = 0; i < 17; i++) {
        if (!is_digit(s[i]))
            return 2;
        sum += (s[i] - '0') * w[i];
    }
    char c = s[17] == 'x' ? 'X' : s[17];
    if (!is_digit(c) && c != 'X')
        return 2;
    return c == check[sum % 11] ? 0 : 1;
}

/* Keeps head and tail only when at least `shortest` characters are there: a phone
   number in the ID column (11 characters) must not keep 6 + 4 of them. */
static int mask(buf *out, const char *s, size_t n, size_t head, size_t tail, size_t shortest)
{
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || (unsigned char)s[i] < 0x20)
            ascii = 0;
    if (!ascii || n < head + tail + 1 || n < shortest) {
        size_t stars = ascii ? n : 4;
        for (size_t i = 0; i < stars; i++)
            if (buf_putc(out, '*') != 0)
                return -1;
        return 0;
    }
    if (buf_append(out, s, head) != 0)
        return -1;
    for (size_t i = head; i < n - tail; i++)
        if (buf_putc(out, '*') != 0)
            return -1;
    return buf_append(out, s + n - tail, tail);
}

int field_mask_idcard(buf *out, const char *s, size_t n)
{
    return mask(out, s, n, 6, 4, 15);
}

int field_mask_phone(buf *out, const char *s, size_t n)
{
    return mask(out, s, n, 3, 4, 11);
}
