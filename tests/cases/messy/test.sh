#!/usr/bin/env bash
# messy: a clean year in real-world export shapes (see README.md) validates with exit 0,
# exactly the two expected problems, and the right encodings and row counts.
. "$CASE/../lib.sh"

expect_exit 0 "$TZ_BIN" validate "$CASE/2025" -o "$WORK/problems.csv" 2>"$WORK/summary.txt"

# UTF-8 BOM, CRLF, header as in the contract
head -c 3 "$WORK/problems.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
[ "$(head -n 1 "$WORK/problems.csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')" = \
  "file,line,column,severity,code,message,value" ] || fail "header row"
[ "$(grep -c $'\r$' "$WORK/problems.csv")" -eq 3 ] || fail "CRLF rows"

got=$(tail -n +2 "$WORK/problems.csv" | tr -d '\r' | cut -d, -f1-5)
want="units.csv,1,,notice,header.unknown_columns
activities.csv,4,2,warning,date.excel_serial"
[ "$got" = "$want" ] || fail "problems: got
$got"

check_file() {   # name encoding rows
    grep -Eq "^taizhang: $1 +$2 +$3 行  错误 0" "$WORK/summary.txt" || fail "summary of $1: $(cat "$WORK/summary.txt")"
}
check_file units.csv GB18030 3
check_file teams.csv GB18030 3
check_file volunteers.csv UTF-8-BOM 5
check_file activities.csv UTF-8 3
check_file participation.csv UTF-8 7
check_file demands.csv UTF-8 2
check_file results.csv GB18030 3

# stdout carries the same bytes as -o
"$TZ_BIN" validate "$CASE/2025" >"$WORK/stdout.csv" 2>/dev/null
cmp -s "$WORK/stdout.csv" "$WORK/problems.csv" || fail "stdout differs from -o"

# forcing UTF-8 makes the GB18030 files unreadable: errors, exit 65
expect_exit 65 "$TZ_BIN" validate "$CASE/2025" --encoding UTF-8 -o "$WORK/forced.csv" 2>/dev/null
[ "$(grep -c ',encoding.invalid,' "$WORK/forced.csv")" -eq 3 ] || fail "forced UTF-8"

# the year comes from the folder's name; another folder name needs --year
mkdir -p "$WORK/ledgers" && cp "$CASE"/2025/*.csv "$WORK/ledgers/"
expect_exit 64 "$TZ_BIN" validate "$WORK/ledgers" 2>/dev/null
expect_exit 0 "$TZ_BIN" validate "$WORK/ledgers" --year 2025 -o "$WORK/y.csv" 2>/dev/null
cmp -s "$WORK/y.csv" "$WORK/problems.csv" || fail "--year 2025 differs"
expect_exit 65 "$TZ_BIN" validate "$WORK/ledgers" --year 2024 -o "$WORK/y2024.csv" 2>/dev/null
[ "$(grep -c ',date.out_of_year,' "$WORK/y2024.csv")" -eq 3 ] || fail "--year 2024"
echo ok
