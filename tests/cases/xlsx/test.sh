#!/usr/bin/env bash
# tables.xlsx (issue 18): every cell of every sheet equals the CSV of its table, read back
# with python3's zipfile and XML parser (check_xlsx.py, no code of taizhang's): numbers as
# number cells with their decimals as the format, ids as text keeping 00017, text that
# starts with = + - @ as a text cell, no formula anywhere; frozen header, filter, print
# set-up; the same bytes from two runs; the date from the data; --no-xlsx; the manifest.
source ../lib.sh
command -v python3 >/dev/null || fail "python3 is needed to read the workbook back"

# The hand-worked ledger, with a unit id of leading zeros and names a spreadsheet would
# take for formulas; last year the same with its dates a year earlier.
mkdir -p "$WORK/in"
cp -R "$CASE/../handworked/2025" "$WORK/in/2025"
sed -i 's/U01/00017/g' "$WORK"/in/2025/*.csv
sed -i 's/^U02,市教育局党总支,/U02,"=1+1,市教育局党总支",/' "$WORK/in/2025/units.csv"
sed -i 's/^T02,教育红烛队,/T02,@教育红烛队,/' "$WORK/in/2025/teams.csv"
grep -q '"=1+1,市教育局党总支"' "$WORK/in/2025/units.csv" || fail "the ledger edit did not take"
cp -R "$WORK/in/2025" "$WORK/in/2024"
sed -i 's/2025-/2024-/g' "$WORK"/in/2024/*.csv

out=$WORK/out
"$TZ_BIN" run "$WORK/in/2025" -o "$out" --previous "$WORK/in/2024" --quiet --tables-only ||
    fail "the run failed"
[ -s "$out/tables.xlsx" ] || fail "no tables.xlsx"
python3 "$CASE/check_xlsx.py" "$out" || fail "tables.xlsx differs from the CSVs"

# the cases the comparison must have met
grep -qF "\"'=1+1,市教育局党总支\"" "$out/tables/units.csv" || fail "units.csv does not guard the name"
# part ZIP NAME: one part of the workbook on standard output
part() { python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$@"; }
sheet() { part "$out/tables.xlsx" "xl/worksheets/sheet$1.xml"; }
sheet 2 | grep -q '<t>00017</t>' || fail "各单位 has no text cell 00017"
sheet 2 | grep -q '<t>=1+1,市教育局党总支</t>' || fail "各单位 does not keep =1+1,… as text"
sheet 4 | grep -q '<t>@教育红烛队</t>' || fail "服务队 does not keep @… as text"
part "$out/tables.xlsx" xl/workbook.xml | grep -q '<sheet name="汇总" sheetId="1"' ||
    fail "汇总 is not the first sheet"

# the document date is the data's last day (activities and demands), worked out here
last=$(cat "$WORK/in/2025/activities.csv" "$WORK/in/2025/demands.csv" |
       grep -o '20[0-9][0-9]-[01][0-9]-[0-3][0-9]' | sort | tail -n 1)
part "$out/tables.xlsx" docProps/core.xml | grep -q "<dcterms:created xsi:type=\"dcterms:W3CDTF\">${last}T00:00:00Z<" ||
    fail "the workbook's date is not $last: $(part "$out/tables.xlsx" docProps/core.xml)"

# the same inputs, the same bytes (also in another time zone, on another day's clock)
TZ=Asia/Shanghai "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/again" --previous "$WORK/in/2024" \
    --quiet --tables-only || fail "the second run failed"
cmp "$out/tables.xlsx" "$WORK/again/tables.xlsx" || fail "two runs give different workbooks"

# in the manifest with its hash (sha256sum), and verify sees a changed byte
h=$(sha256sum "$out/tables.xlsx" | cut -d' ' -f1)
grep -A2 '"path": "tables.xlsx",' "$out/manifest.json" | grep -q "\"sha256\": \"$h\"" ||
    fail "tables.xlsx is not in the manifest with its hash"
"$TZ_BIN" verify "$out" --quiet || fail "verify failed on a fresh output"
printf 'X' | dd of="$out/tables.xlsx" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>&1
grep -q '^不一致 tables.xlsx：第 101 字节起不同' "$WORK/v.out" || fail "verify does not name tables.xlsx: $(cat "$WORK/v.out")"

# --no-xlsx: no workbook, the tables as they were, the option in the manifest
"$TZ_BIN" run "$WORK/in/2025" -o "$WORK/plain" --previous "$WORK/in/2024" --quiet \
    --tables-only --no-xlsx || fail "the run with --no-xlsx failed"
[ ! -e "$WORK/plain/tables.xlsx" ] || fail "--no-xlsx wrote tables.xlsx"
diff -r "$WORK/again/tables" "$WORK/plain/tables" >/dev/null || fail "--no-xlsx changed the tables"
grep -q '"no_xlsx": true' "$WORK/plain/manifest.json" || fail "no_xlsx not in the manifest"
"$TZ_BIN" verify "$WORK/plain" --quiet || fail "verify of a --no-xlsx run failed"

# the bundled sample year: every sheet again, at the size of a real city
SAMPLE=$CASE/../../../input/sample
"$TZ_BIN" run "$SAMPLE/2025" -o "$WORK/sample" --previous "$SAMPLE/2024" --quiet --tables-only ||
    fail "the sample run failed"
python3 "$CASE/check_xlsx.py" "$WORK/sample" || fail "the sample's tables.xlsx differs from its CSVs"
echo "xlsx: ok"
