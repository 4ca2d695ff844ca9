#!/usr/bin/env bash
# The annual report of the bundled 2025 sample (with 2024 as last year), read back through
# poppler: every headline figure of tables/summary.csv and every unit's name is in its text,
# the fonts are embedded, the page count is sane, two runs give the same bytes, the first
# pages are not blank, no phone or ID number is printed; under 3 s and 5 MB.
source ../lib.sh
root=$(cd "$CASE/../../.." && pwd)
ledgers=$root/input/sample/2025
previous=$root/input/sample/2024
"$TZ_BIN" 2>&1 | grep -q '^  run ' || { echo "SKIP: no run command in this build yet"; exit 0; }
[ -d "$ledgers" ] || { echo "SKIP: no bundled sample yet"; exit 0; }
prev=(); [ -d "$previous" ] && prev=(--previous "$previous")

start=$(date +%s.%N)
"$TZ_BIN" run "$ledgers" -o "$WORK/a" "${prev[@]}" --quiet
end=$(date +%s.%N)
"$TZ_BIN" run "$ledgers" -o "$WORK/b" "${prev[@]}" --quiet
pdf=$WORK/a/report.pdf
[ -s "$pdf" ] || fail "no report.pdf"
cmp -s "$pdf" "$WORK/b/report.pdf" || fail "two runs gave different report.pdf"
size=$(stat -c %s "$pdf"); [ "$size" -lt $((5 * 1024 * 1024)) ] || fail "report is $size bytes"
awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s < 3.0) }' || fail "run took $(awk -v s="$start" -v e="$end" 'BEGIN{print e-s}') s"

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 15 ] && [ "$pages" -le 80 ] || fail "$pages pages"
pdfinfo "$pdf" | grep -q '^Title: .*年度统计报告' || fail "no title in the metadata"
[ "$(pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes"' | wc -l)" -eq 0 ] || fail "a font is not embedded"

text=$WORK/text
pdftotext "$pdf" - 2>"$WORK/poppler.err" | tr -d ' \n' >"$text"
[ ! -s "$WORK/poppler.err" ] || { cat "$WORK/poppler.err"; fail "poppler complained"; }

# every non-empty value of tables/summary.csv (BOM, CRLF; key,value)
tail -n +2 "$WORK/a/tables/summary.csv" | tr -d '\r' | while IFS=, read -r key value _; do
    [ -n "$value" ] || continue
    grep -qF -- "$value" "$text" || fail "summary $key=$value not in the report"
done
# every unit's name (units.csv of the ledgers: the name column, quoted or not)
awk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) if ($i == "单位名称" || $i == "unit_name") c = i; next }
     c { v = $c; gsub(/^"|"$/, "", v); gsub(/""/, "\"", v); gsub(/[ \r]/, "", v); print v }' \
    "$ledgers/units.csv" >"$WORK/names"
[ -s "$WORK/names" ] || fail "no unit names read from units.csv"
while IFS= read -r name; do
    grep -qF -- "$name" "$text" || fail "unit $name not in the report"
done <"$WORK/names"
# no phone number, no ID number (masked or not)
! grep -qE '1[3-9][0-9]\*\*\*\*[0-9]{4}|[0-9]{6}\*{8}[0-9Xx]{4}|1[3-9][0-9]{9}|[0-9]{17}[0-9Xx]' "$text" ||
    fail "a phone or ID number is in the report"

# the first pages are not blank
(cd "$WORK" && pdftoppm -r 20 -gray -f 1 -l 4 "$pdf" pg)
for f in "$WORK"/pg-*.pgm; do
    ink=$(tail -c +16 "$f" | od -An -tu1 -v | tr -s ' ' '\n' | awk '$1 != "" && $1 < 128 {n++} END {print n + 0}')
    [ "$ink" -gt 20 ] || fail "$(basename "$f") is blank"
done
echo "report: $pages pages, $size bytes, $(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.2f", e-s}') s for the run"
