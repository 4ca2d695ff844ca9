/* tests/fuzz/fuzz_fields.c — the typed cell parsers of input/field.h. The first byte
   picks the parser (and the decimal places), the rest is the cell. Beyond "no crash",
   every accepted value must survive a round trip through its canonical text, and the
   masks must never let more than the kept head and tail of a number through. */
#include "tests/fuzz/fuzz.h"
#include "base/buf.h"
#include "base/num.h"
#include "input/field.h"

#include <string.h>

static void check_decimal(const char *s, size_t n, int places)
{
    int64_t v;
    field_issue iss = {0};
    if (field_decimal(s, n, places, &v, &iss) != 0) {
        FUZZ_CHECK(iss.code && iss.reason && iss.hint);
        return;
    }
    buf b = BUF_INIT;
    FUZZ_CHECK(num_format_fixed(&b, v, places) == 0);
    int64_t again;
    FUZZ_CHECK(field_decimal(b.data, b.len, places, &again, &iss) == 0);
    FUZZ_CHECK(again == v);
    buf_release(&b);
}

static void check_hours(const char *s, size_t n)
{
    uint16_t t = 0;
    field_issue iss = {0};
    if (field_hours(s, n, &t, &iss) != 0) {
        FUZZ_CHECK(iss.code && iss.reason && iss.hint);
        return;
    }
    FUZZ_CHECK(t >= 1 && t <= 240);
    char text[16];
    int len = snprintf(text, sizeof text, "%u.%u", t / 10u, t % 10u);
    uint16_t again = 0;
    FUZZ_CHECK(field_hours(text, (size_t)len, &again, &iss) == 0 && again == t);
}

static void check_date(const char *s, size_t n)
{
    int32_t days = 0;
    field_issue iss = {0};
    int r = field_date(s, n, &days, &iss);
    if (r < 0) {
        FUZZ_CHECK(iss.code && iss.reason && iss.hint);
        return;
    }
    int y, m, d;
    field_civil_from_days(days, &y, &m, &d);
    FUZZ_CHECK(field_days_from_civil(y, m, d) == days);
    if (r == 1) {
        /* an Excel serial day: 5 digits, epoch 1899-12-30 */
        FUZZ_CHECK(days >= 10000 - 25569 && days <= 99999 - 25569);
        FUZZ_CHECK(strcmp(iss.code, "date.excel_serial") == 0);
        return;
    }
    FUZZ_CHECK(r == 0);
    FUZZ_CHECK(y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
    char text[16];
    int len = snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    int32_t again = 0;
    FUZZ_CHECK(field_date(text, (size_t)len, &again, &iss) == 0 && again == days);
}

static void check_trim(const char *s, size_t n)
{
    const char *t = s;
    size_t tn = n;
    field_trim(&t, &tn);
    FUZZ_CHECK(t >= s && t + tn <= s + n);
    const char *t2 = t;
    size_t tn2 = tn;
    field_trim(&t2, &tn2);
    FUZZ_CHECK(t2 == t && tn2 == tn);      /* idempotent */
}

/* At most head + tail characters of the value come through; the rest are stars. */
static void check_mask(const char *s, size_t n, int idcard)
{
    size_t head = idcard ? 6 : 3, tail = 4;
    buf b = BUF_INIT;
    FUZZ_CHECK((idcard ? field_mask_idcard(&b, s, n) : field_mask_phone(&b, s, n)) == 0);
    size_t kept = 0;
    for (size_t i = 0; i < b.len; i++)
        kept += b.data[i] != '*';
    FUZZ_CHECK(kept <= head + tail);
    if (n > 0)
        FUZZ_CHECK(kept < n);
    if (kept) {
        /* kept characters are the value's own head and tail, in place */
        FUZZ_CHECK(b.len == n);
        FUZZ_CHECK(memcmp(b.data, s, head) == 0);
        FUZZ_CHECK(memcmp(b.data + n - tail, s + n - tail, tail) == 0);
    }
    buf_release(&b);
}

/* GB 11643 by an independent route: weights 2^(17-i) mod 11, check (12 - sum) mod 11. */
static void check_idcard(const char *s, size_t n)
{
    int r = field_idcard_check(s, n);
    FUZZ_CHECK(r >= 0 && r <= 2);
    if (n != 18)
        return;
    int form = 1;
    long sum = 0;
    for (size_t i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            form = 0;
        else
            sum += (long)(s[i] - '0') * ((1L << (17 - i)) % 11);
    }
    char last = s[17];
    if (!((last >= '0' && last <= '9') || last == 'X' || last == 'x'))
        form = 0;
    if (!form) {
        FUZZ_CHECK(r == 2);
        return;
    }
    long want = (12 - sum % 11) % 11;
    long got = (last == 'X' || last == 'x') ? 10 : last - '0';
    FUZZ_CHECK(r == (want == got ? 0 : 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    unsigned sel = data[0];
    field_issue iss = {0};
    switch (sel % 9) {
    case 0: check_decimal(s, n, (int)(sel / 9 % 7)); break;
    case 1: check_hours(s, n); break;
    case 2: check_date(s, n); break;
    case 3:
        if (field_id(s, n, &iss) != 0)
            FUZZ_CHECK(iss.code && iss.reason && iss.hint);
        break;
    case 4: check_trim(s, n); break;
    case 5: check_mask(s, n, 0); break;
    case 6: check_mask(s, n, 1); break;
    case 7: check_idcard(s, n); break;
    case 8: {
        static const char *const names[] = {"社区", "林区", NULL, "其他"};
        int e = field_enum(s, n, names, 4);
        FUZZ_CHECK(e == -1 || (e != 2 && strlen(names[e]) == n));
        (void)field_is_excel_error(s, n);
        break;
    }
    }
    return 0;
}
