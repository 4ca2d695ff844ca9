# A rules file with a mistake: exit 78 before anything is computed, OUT untouched.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"
snapshot "$out" before
printf '这一行不是规则\n' >"$WORK/bad.rules"
expect_exit 78 "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only --rules "$WORK/bad.rules" 2>"$WORK/err"
grep -q 'bad.rules:1' "$WORK/err" || fail "the message does not give file and line: $(cat "$WORK/err")"
unchanged "$out" before
no_leftovers "$out"
# a first run with bad rules makes no OUT at all
expect_exit 78 "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/fresh" --quiet --tables-only --rules "$WORK/bad.rules" 2>/dev/null
[ ! -e "$WORK/fresh" ] || fail "a failed first run left an OUT"
no_leftovers "$WORK/fresh"
echo ok
