# An input that is gone or cannot be read: exit 66, OUT untouched. verify says 66 too.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"
snapshot "$out" before

expect_exit 66 "$TZ_BIN" run "$WORK/in/nowhere" -o "$out" --quiet --tables-only 2>"$WORK/err"
grep -q '^taizhang: ' "$WORK/err" || fail "no message"
# root reads any file whatever its mode: a folder where a file is expected cannot be read
mv "$WORK/in/2025/units.csv" "$WORK/units.csv"
mkdir "$WORK/in/2025/units.csv"
expect_exit 66 "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only 2>"$WORK/err"
grep -q 'units.csv' "$WORK/err" || fail "the message does not name the file: $(cat "$WORK/err")"
unchanged "$out" before
no_leftovers "$out"
expect_exit 66 "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only --rules "$WORK/no.rules" 2>/dev/null

# verify: an input the manifest names is gone
expect_exit 66 "$TZ_BIN" verify "$out" >"$WORK/v.out" 2>"$WORK/v.err"
grep -q '^缺少 .*units.csv（输入，已不在）' "$WORK/v.out" || fail "verify does not name the gone input: $(cat "$WORK/v.out")"
rmdir "$WORK/in/2025/units.csv"
mv "$WORK/units.csv" "$WORK/in/2025/units.csv"
verify_ok "$out"
# and OUT itself, or its manifest
expect_exit 66 "$TZ_BIN" verify "$WORK/nothing-here" 2>/dev/null
mkdir "$WORK/empty"
expect_exit 66 "$TZ_BIN" verify "$WORK/empty" 2>/dev/null
echo ok
