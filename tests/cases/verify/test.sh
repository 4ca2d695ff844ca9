# verify: passes on a fresh output; fails, naming the file, after one byte of a table or
# of an input is changed. The manifest's hashes are checked here with coreutils sha256sum,
# an independent route.
source ../lib.sh
source ../faults/common.sh
fresh_ledger
out=$WORK/out
# a full run: tables, charts and the report
"$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet || fail "a full run failed"
m=$out/manifest.json

# every output (and only those) is in the manifest with the hash sha256sum computes
n=0
while IFS= read -r -d '' f; do
    rel=${f#"$out/"}
    h=$(sha256sum "$f" | cut -d' ' -f1)
    grep -q "\"path\": \"$rel\"," "$m" || fail "$rel is not in the manifest"
    grep -A2 "\"path\": \"$rel\"," "$m" | grep -q "\"sha256\": \"$h\"" || fail "$rel: wrong hash in the manifest"
    n=$((n + 1))
done < <(find "$out" -type f ! -path "$m" -print0)
[ "$n" -gt 0 ] || fail "no outputs"
[ "$(grep -c '"path": ' "$m")" -ge "$n" ] || fail "fewer entries than files"
for f in "$WORK"/in/2025/*.csv; do
    h=$(sha256sum "$f" | cut -d' ' -f1)
    grep -q "\"sha256\": \"$h\"" "$m" || fail "input $(basename "$f") not hashed in the manifest"
done
grep -q '"format": "taizhang-manifest 1"' "$m" || fail "no format line"

# deterministic: the same run again gives the same manifest, byte for byte
cp "$m" "$WORK/manifest.first"
"$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet || fail "a full run failed"
cmp -s "$m" "$WORK/manifest.first" || fail "the manifest changed between two identical runs"

# a fresh output verifies; one "ok" line per output
"$TZ_BIN" verify "$out" >"$WORK/v.out" 2>"$WORK/v.err" || fail "verify failed on a fresh output: $(cat "$WORK/v.out" "$WORK/v.err")"
[ "$(grep -c -v -e '（输入）$' -e '（字体）$' -e '^一致 manifest.json' "$WORK/v.out" | tr -d ' ')" -eq "$n" ] || fail "expected $n output lines: $(cat "$WORK/v.out")"
[ "$(grep -c '^一致 ' "$WORK/v.out")" -eq "$(wc -l <"$WORK/v.out")" ] || fail "not all 一致: $(cat "$WORK/v.out")"
grep -q '^一致 manifest.json' "$WORK/v.out" || fail "the manifest is not compared"
grep -q '^taizhang: ' "$WORK/v.err" || fail "no summary line"

# ---- the whole manifest is compared, key by key (issue 14, point 1) ----
# units.csv has 2 data rows (3 lines with the header): edit the manifest's count, a
# library version and an option; each is named with both values
rows=$(( $(wc -l <"$WORK/in/2025/units.csv") - 1 ))
cp "$m" "$WORK/m.full"
sed -i "0,/\"rows\": $rows,/s//\"rows\": $((rows + 1)),/; s/\"gsl\": \"\([^\"]*\)\"/\"gsl\": \"9.9.9\"/; s/\"apportion\": \"share\"/\"apportion\": \"lead\"/" "$m"
expect_exit 1 "$TZ_BIN" verify "$out" --quiet >"$WORK/v.out" 2>"$WORK/v.err"
gsl=$(sed -n 's/.*"gsl": "\([^"]*\)".*/\1/p' "$WORK/m.full")
grep -q "^不一致 manifest.json 的 inputs\[$WORK/in/2025/units.csv\].rows：OUT 中为 $((rows + 1))，重算为 $rows$" "$WORK/v.out" ||
    fail "rows edit not named: $(cat "$WORK/v.out")"
grep -q "^不一致 manifest.json 的 libraries.gsl：OUT 中为“9.9.9”，重算为“$gsl”$" "$WORK/v.out" || fail "gsl edit not named"
grep -q '^不一致 manifest.json 的 options.apportion：OUT 中为“lead”，重算为“share”$' "$WORK/v.out" || fail "option edit not named"
[ "$(wc -l <"$WORK/v.out")" -eq 3 ] || fail "expected the 3 edits only: $(cat "$WORK/v.out")"
cp "$WORK/m.full" "$m"
# a chart missing from OUT
svg=$(cd "$out" && ls charts/*.svg | sort | tail -n 1)
mv "$out/$svg" "$WORK/chart.bak"
expect_exit 1 "$TZ_BIN" verify "$out" --quiet >"$WORK/v.out" 2>/dev/null
grep -q "^缺少 $svg（OUT 中没有" "$WORK/v.out" || fail "missing chart not named: $(cat "$WORK/v.out")"
mv "$WORK/chart.bak" "$out/$svg"
# one cell of tables/units.csv: row 3 (the second unit), column 2; the expected values
# are read from the file with awk before the edit
cell=$(awk -F, 'NR == 3 { print $2 }' "$out/tables/units.csv")
col=$(awk -F, 'NR == 1 { print $2 }' "$out/tables/units.csv")
cp "$out/tables/units.csv" "$WORK/units.bak"
awk -F, -v OFS=, 'NR == 3 { $2 = "改过" } { print }' "$WORK/units.bak" >"$out/tables/units.csv"
expect_exit 1 "$TZ_BIN" verify "$out" --quiet >"$WORK/v.out" 2>/dev/null
grep -q "^不一致 tables/units.csv：第 3 行第 2 列（$col）OUT 中为“改过”，重算为“$cell”；重算结果与清单相符，OUT 中的文件被改过$" "$WORK/v.out" ||
    fail "the cell is not named: $(cat "$WORK/v.out")"
cp "$WORK/units.bak" "$out/tables/units.csv"
# the report's third page (the third entry of the page tree's /Kids, found with perl):
# one digit of its /MediaBox changed in place, so the file keeps its length
page3=$(perl -0777 -ne '($r) = /\/Root (\d+) 0 R/; /\n$r 0 obj.*?\/Pages (\d+) 0 R/s or exit 1; $p = $1;
    /\n$p 0 obj.*?\/Kids \[([^\]]*)\]/s or exit 1; @k = ($1 =~ /(\d+) 0 R/g); print $k[2]' "$out/report.pdf")
pages=$(perl -0777 -ne '@n = /\/Type \/Page\b(?!s)/g; print scalar @n' "$out/report.pdf")
cp "$out/report.pdf" "$WORK/report.bak"
perl -0777 -pi -e 's/(\n'"$page3"' 0 obj\s*<<\s*\/Type \/Page\s*\/MediaBox \[ 0 0 [0-9.]+ )(\d)/$1 . ($2 eq "9" ? "8" : "9")/se' "$out/report.pdf"
cmp -s "$out/report.pdf" "$WORK/report.bak" && fail "the PDF edit did not happen"
expect_exit 1 "$TZ_BIN" verify "$out" --quiet >"$WORK/v.out" 2>/dev/null
grep -q "^不一致 report.pdf：第 3 页起不同（共 $pages 页）" "$WORK/v.out" || fail "page 3 not named: $(cat "$WORK/v.out")"
cp "$WORK/report.bak" "$out/report.pdf"
verify_ok "$out"

# from here on tables only, which is quicker to recompute (the sanitizer run)
good_run "$out"
"$TZ_BIN" verify "$out" --quiet >"$WORK/v.out" 2>"$WORK/v.err" || fail "verify --quiet failed"
[ ! -s "$WORK/v.out" ] || fail "--quiet printed matches: $(cat "$WORK/v.out")"
[ ! -s "$WORK/v.err" ] || fail "--quiet printed a summary: $(cat "$WORK/v.err")"

# flip_byte FILE: changes one byte in the middle of FILE
flip_byte() {
    local size off old new
    size=$(stat -c %s "$1"); off=$((size / 2))
    old=$(dd if="$1" bs=1 skip="$off" count=1 2>/dev/null | od -An -tx1 | tr -d ' ')
    if [ "$old" = 58 ]; then new=Y; else new=X; fi
    printf '%s' "$new" | dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

# one byte of a table
table=$(cd "$out" && find tables -name '*.csv' | sort | head -n 1)
[ -n "$table" ] || fail "no table in OUT"
cp "$out/$table" "$WORK/table.bak"
flip_byte "$out/$table"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>"$WORK/v.err"
grep -q "^不一致 $table：" "$WORK/v.out" || fail "verify does not name $table: $(cat "$WORK/v.out")"
grep -q "^taizhang: .*$table" "$WORK/v.err" || fail "the summary does not name $table: $(cat "$WORK/v.err")"
[ "$(grep -c '^不一致' "$WORK/v.out")" -eq 1 ] || fail "only $table differs: $(cat "$WORK/v.out")"
cp "$WORK/table.bak" "$out/$table"
verify_ok "$out"

# one byte of an input
cp "$WORK/in/2025/activities.csv" "$WORK/input.bak"
flip_byte "$WORK/in/2025/activities.csv"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>"$WORK/v.err"
grep -q "^输入已变 .*activities.csv（输入；" "$WORK/v.out" || fail "verify does not name the input: $(cat "$WORK/v.out")"
cp "$WORK/input.bak" "$WORK/in/2025/activities.csv"
verify_ok "$out"

# a file added to OUT, and a manifest whose recorded hash was edited
echo extra >"$out/extra.txt"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q '^多出 extra.txt（' "$WORK/v.out" || fail "extra file not reported"
rm "$out/extra.txt"
cp "$m" "$WORK/m.bak"
h=$(sha256sum "$out/$table" | cut -d' ' -f1)
sed -i "s/$h/$(printf '%064d' 0)/" "$m"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q "^不一致 $table：OUT 中的文件与重算结果相同，但与清单所记的 SHA-256 不符" "$WORK/v.out" || fail "edited manifest hash not caught"
grep -q "^不一致 manifest.json 的 outputs\[$table\].sha256：OUT 中为“0000" "$WORK/v.out" || fail "edited hash not named as a key: $(cat "$WORK/v.out")"
printf '{"format": "taizhang-manifest 1"' >"$m"
expect_exit 65 "$TZ_BIN" verify "$out" 2>/dev/null
cp "$WORK/m.bak" "$m"
verify_ok "$out"

# the rules file is an input too: appending a comment changes its hash, not the figures
cp ../../../rules/default.rules "$WORK/my.rules"
good_run "$out" --rules "$WORK/my.rules"
h=$(sha256sum "$WORK/my.rules" | cut -d' ' -f1)
grep -A4 "\"source\": \"$WORK/my.rules\"" "$m" | grep -q "\"sha256\": \"$h\"" || fail "rules not hashed in the manifest"
verify_ok "$out"
printf '# 一行注释\n' >>"$WORK/my.rules"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q "^输入已变 $WORK/my.rules（规则文件；" "$WORK/v.out" || fail "changed rules not named: $(cat "$WORK/v.out")"
# the figures do not change (the report does: it prints the rules file's hash)
grep -q "^不一致 tables/" "$WORK/v.out" && fail "a comment changed a table: $(cat "$WORK/v.out")"
rm "$WORK/my.rules"
expect_exit 66 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q "^缺少 $WORK/my.rules（规则文件，已不在）" "$WORK/v.out" || fail "gone rules not named"

# the environment that changes output bytes is recorded and set again by verify:
# SOURCE_DATE_EPOCH changes the PDF's dates, and verify run without it still matches
SOURCE_DATE_EPOCH=86400 "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/dated" --quiet || fail "dated run"
grep -q '"SOURCE_DATE_EPOCH": "86400"' "$WORK/dated/manifest.json" || fail "SOURCE_DATE_EPOCH not recorded"
env -u SOURCE_DATE_EPOCH "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/undated" --quiet || fail "undated run"
cmp -s "$WORK/dated/report.pdf" "$WORK/undated/report.pdf" &&
    fail "SOURCE_DATE_EPOCH did not change the PDF (the premise of this check)"
env -u SOURCE_DATE_EPOCH "$TZ_BIN" verify "$WORK/dated" --quiet >"$WORK/v.out" 2>&1 ||
    fail "verify did not reproduce the recorded environment: $(cat "$WORK/v.out")"

# the command line
"$TZ_BIN" verify --help | grep -q '^usage: taizhang verify OUT' || fail "no --help"
expect_exit 64 "$TZ_BIN" verify 2>/dev/null
expect_exit 64 "$TZ_BIN" verify "$out" --bogus 2>/dev/null
echo ok
