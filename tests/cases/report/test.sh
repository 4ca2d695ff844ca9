#!/usr/bin/env bash
# The annual report of the bundled 2025 sample (with 2024 as last year) and its annex, read
# back through poppler: every headline figure of tables/summary.csv is in the report's 表1
# (rates as percentages with one decimal, other figures with thousands separators), every
# unit's name is in the annex,
# the fonts are embedded, the page count is sane, two runs give the same bytes, the first
# pages are not blank, no phone or ID number is printed; under 3 s and 5 MB.
source ../lib.sh
root=$(cd "$CASE/../../.." && pwd)
ledgers=$root/input/sample/2025
previous=$root/input/sample/2024
usage=$("$TZ_BIN" 2>&1 || true)
grep -q '^  run ' <<<"$usage" || { echo "SKIP: no run command in this build yet"; exit 0; }
[ -d "$ledgers" ] || { echo "SKIP: no bundled sample yet"; exit 0; }
prev=(); [ -d "$previous" ] && prev=(--previous "$previous")

# the same command twice (the command line is printed in the report: same -o too)
"$TZ_BIN" run "$ledgers" -o "$WORK/out" "${prev[@]}" --quiet
[ -s "$WORK/out/report.pdf" ] || fail "no report.pdf"
mv "$WORK/out" "$WORK/first"
# Times belong to make bench, never to a test: a busy machine fails a timed test at random.
"$TZ_BIN" run "$ledgers" -o "$WORK/out" "${prev[@]}" --quiet
pdf=$WORK/out/report.pdf
cmp -s "$pdf" "$WORK/first/report.pdf" || fail "two runs gave different report.pdf"
size=$(stat -c %s "$pdf"); [ "$size" -lt $((5 * 1024 * 1024)) ] || fail "report is $size bytes"

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 8 ] && [ "$pages" -le 16 ] || fail "$pages pages (the body: at most 16)"
pdfinfo "$pdf" | grep -q '^Title: .*年度工作报告' || fail "no title in the metadata"
annex=$WORK/out/annex.pdf
cmp -s "$annex" "$WORK/first/annex.pdf" || fail "two runs gave different annex.pdf"
for f in "$pdf" "$annex"; do
    [ "$(pdffonts "$f" | tail -n +3 | awk '$(NF-4) != "yes"' | wc -l)" -eq 0 ] || fail "a font is not embedded in $f"
done

text=$WORK/text
pdftotext "$pdf" - 2>"$WORK/poppler.err" | tr -d ' \n' >"$text"
[ ! -s "$WORK/poppler.err" ] || { cat "$WORK/poppler.err"; fail "poppler complained"; }
atext=$WORK/atext
pdftotext "$annex" - 2>"$WORK/poppler.err" | tr -d ' \n' >"$atext"
[ ! -s "$WORK/poppler.err" ] || { cat "$WORK/poppler.err"; fail "poppler complained on the annex"; }

# every non-empty value of tables/summary.csv (BOM, CRLF; key,value) as 表1 prints it
tail -n +2 "$WORK/out/tables/summary.csv" | tr -d '\r' | while IFS=, read -r key value _; do
    [ -n "$value" ] || continue
    shown=$(awk -v k="$key" -v v="$value" 'BEGIN {
        if (k ~ /_rate$/) { printf "%.1f%%\n", int(v * 1000 + 0.5) / 10; exit }
        n = split(v, part, "."); w = part[1]; out = ""
        while (length(w) > 3) { out = "," substr(w, length(w) - 2) out; w = substr(w, 1, length(w) - 3) }
        printf "%s%s%s\n", w, out, (n > 1 ? "." part[2] : "") }')
    grep -qF -- "$shown" "$text" || fail "summary $key=$value (shown $shown) not in the report"
done
# every unit's name (units.csv of the ledgers, UTF-8 or GB18030: the name column)
units=$WORK/units.utf8.csv
iconv -f UTF-8 -t UTF-8 "$ledgers/units.csv" >"$units" 2>/dev/null ||
    iconv -f GB18030 -t UTF-8 "$ledgers/units.csv" >"$units"
# (a CSV split that any awk can do: quoted fields, doubled quotes; no line breaks in names)
awk '
function split_csv(line, out,    n, i, c, f, q) {
    n = 0; f = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 }
            else f = f c
        } else if (c == "\"") q = 1
        else if (c == ",") { out[++n] = f; f = "" }
        else f = f c
    }
    out[++n] = f
    return n
}
{ sub(/\r$/, "") }
NR == 1 { sub(/^\357\273\277/, ""); n = split_csv($0, h); for (i = 1; i <= n; i++) if (h[i] == "单位名称" || h[i] == "unit_name") c = i; next }
c { split_csv($0, v); name = v[c]; gsub(/ /, "", name); if (name != "") print name }' \
    "$units" >"$WORK/names"
[ -s "$WORK/names" ] || fail "no unit names read from units.csv"
while IFS= read -r name; do
    grep -qF -- "$name" "$atext" || fail "unit $name not in the annex"
done <"$WORK/names"
# no phone number, no ID number (masked or not), in the text with its spaces kept
{ pdftotext "$pdf" -; pdftotext "$annex" -; } >"$WORK/spaced"
! grep -qE '(^|[^0-9])(1[3-9][0-9]\*{4}[0-9]{4}|[0-9]{6}\*{8}[0-9Xx]{4}|1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])([^0-9]|$)' \
    "$WORK/spaced" || fail "a phone or ID number is in the report"

# the first pages are not blank
(cd "$WORK" && pdftoppm -r 20 -gray -f 1 -l 4 "$pdf" pg)
for f in "$WORK"/pg-*.pgm; do
    ink=$(tail -c +16 "$f" | od -An -tu1 -v | tr -s ' ' '\n' | awk '$1 != "" && $1 < 128 {n++} END {print n + 0}')
    [ "$ink" -gt 20 ] || fail "$(basename "$f") is blank"
done
# the cover's organisation and the title from the options, into the metadata too
"$TZ_BIN" run "$ledgers" -o "$WORK/named" --org "某某市直属机关工委" --title "某某市党员志愿服务年报" --quiet
pdfinfo "$WORK/named/report.pdf" | grep -q '^Title: *某某市党员志愿服务年报$' || fail "--title not in the metadata"
pdfinfo "$WORK/named/report.pdf" | grep -q '^Author: *某某市直属机关工委$' || fail "--org not in the metadata"
pdftotext -l 1 "$WORK/named/report.pdf" - | grep -q '某某市直属机关工委' || fail "--org not on the cover"

echo "report: $pages pages, $size bytes"
