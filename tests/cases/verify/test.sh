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
[ "$(grep -c '^output  ok ' "$WORK/v.out")" -eq "$n" ] || fail "expected $n ok lines: $(cat "$WORK/v.out")"
grep -q '^taizhang: ' "$WORK/v.err" || fail "no summary line"

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
grep -q "^output  DIFFERS  $table " "$WORK/v.out" || fail "verify does not name $table: $(cat "$WORK/v.out")"
grep -q "^taizhang: .*$table" "$WORK/v.err" || fail "the summary does not name $table: $(cat "$WORK/v.err")"
[ "$(grep -c 'DIFFERS' "$WORK/v.out")" -eq 1 ] || fail "only $table differs: $(cat "$WORK/v.out")"
cp "$WORK/table.bak" "$out/$table"
verify_ok "$out"

# one byte of an input
cp "$WORK/in/2025/activities.csv" "$WORK/input.bak"
flip_byte "$WORK/in/2025/activities.csv"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>"$WORK/v.err"
grep -q "^input   CHANGED  .*activities.csv" "$WORK/v.out" || fail "verify does not name the input: $(cat "$WORK/v.out")"
cp "$WORK/input.bak" "$WORK/in/2025/activities.csv"
verify_ok "$out"

# a file added to OUT, and a manifest whose recorded hash was edited
echo extra >"$out/extra.txt"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q '^output  EXTRA    extra.txt' "$WORK/v.out" || fail "extra file not reported"
rm "$out/extra.txt"
cp "$m" "$WORK/m.bak"
h=$(sha256sum "$out/$table" | cut -d' ' -f1)
sed -i "s/$h/$(printf '%064d' 0)/" "$m"
expect_exit 1 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q "DIFFERS  $table" "$WORK/v.out" || fail "edited manifest hash not caught"
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
grep -q "^rules   CHANGED  $WORK/my.rules" "$WORK/v.out" || fail "changed rules not named: $(cat "$WORK/v.out")"
# the figures do not change (the report does: it prints the rules file's hash)
grep -q "DIFFERS  tables/" "$WORK/v.out" && fail "a comment changed a table: $(cat "$WORK/v.out")"
rm "$WORK/my.rules"
expect_exit 66 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>/dev/null
grep -q "^rules   GONE     $WORK/my.rules" "$WORK/v.out" || fail "gone rules not named"

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
