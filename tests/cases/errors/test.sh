#!/usr/bin/env bash
# errors: every planted problem (README.md) reported at its file, line and code — no more,
# no fewer — and exit 65; command-line failures exit 66 and 64.
. "$CASE/../lib.sh"

expect_exit 65 "$TZ_BIN" validate "$CASE/2025" -o "$WORK/problems.csv" 2>"$WORK/summary.txt"
tail -n +2 "$WORK/problems.csv" | tr -d '\r' | awk -F, '{print $1 "," $2 "," $4 "," $5}' \
    | sort >"$WORK/got.txt"
grep -v '^#' "$CASE/expected.txt" | sort >"$WORK/want.txt"
diff -u "$WORK/want.txt" "$WORK/got.txt" || fail "problems differ from expected.txt"

# every message names what to do, in Chinese; personal data never unmasked
grep -q '13812345678' "$WORK/problems.csv" && fail "phone number printed unmasked"
grep -q '110105194912310021' "$WORK/problems.csv" && fail "ID number printed unmasked"
grep -q '110105\*\*\*\*\*\*\*\*0021' "$WORK/problems.csv" || fail "masked ID missing"
grep -q 'participation.csv *UTF-8 *9 行  错误 8  警告 0' "$WORK/summary.txt" || fail "summary: $(cat "$WORK/summary.txt")"

# missing folder, missing required file: 66
expect_exit 66 "$TZ_BIN" validate "$CASE/does-not-exist/2025" 2>/dev/null
mkdir -p "$WORK/2025" && cp "$CASE"/2025/*.csv "$WORK/2025/" && rm "$WORK/2025/participation.csv"
expect_exit 66 "$TZ_BIN" validate "$WORK/2025" -o "$WORK/missing.csv" 2>"$WORK/missing.txt"
grep -q '^participation.csv,,,error,file.missing,' "$WORK/missing.csv" || fail "file.missing row"
grep -q 'participation.csv' "$WORK/missing.txt" || fail "missing file not named on stderr"

# usage: 64; --help: 0
expect_exit 64 "$TZ_BIN" validate 2>/dev/null
expect_exit 64 "$TZ_BIN" validate "$CASE/2025" --bogus 2>/dev/null
expect_exit 64 "$TZ_BIN" validate "$CASE/2025" --year 20x5 2>/dev/null
expect_exit 64 "$TZ_BIN" validate "$CASE/2025" --encoding latin1 2>/dev/null
expect_exit 64 "$TZ_BIN" validate "$CASE/2025" -o 2>/dev/null
expect_exit 0 "$TZ_BIN" validate --help >/dev/null
echo ok
