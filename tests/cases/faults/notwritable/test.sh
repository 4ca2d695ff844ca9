# An output folder that cannot be created: exit 73, nothing half-made.
# Tests run as root, who ignores permission bits: use places nobody can write.
source ../../lib.sh
source ../common.sh
fresh_ledger

# a file where a folder is expected
echo "not a folder" >"$WORK/afile"
expect_exit 73 "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/afile/out" --quiet --tables-only 2>"$WORK/err"
grep -q '^taizhang: .*afile' "$WORK/err" || fail "the message does not name the place: $(cat "$WORK/err")"
[ "$(cat "$WORK/afile")" = "not a folder" ] || fail "the file was changed"

# OUT itself is a file
expect_exit 73 "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/afile" --quiet --tables-only 2>"$WORK/err"
[ "$(cat "$WORK/afile")" = "not a folder" ] || fail "the file was replaced"

# /proc takes no new folders, not even from root
expect_exit 73 "$TZ_BIN" run "$WORK/in/2025" -o /proc/taizhang-out --quiet --tables-only 2>"$WORK/err"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "expected one message line: $(cat "$WORK/err")"

# somebody's folder that is not an earlier output is never swapped away
mkdir -p "$WORK/home"
echo precious >"$WORK/home/thesis.doc"
expect_exit 73 "$TZ_BIN" run "$WORK/in/2025" -o "$WORK/home" --quiet --tables-only 2>"$WORK/err"
grep -q 'manifest.json' "$WORK/err" || fail "no hint: $(cat "$WORK/err")"
[ "$(cat "$WORK/home/thesis.doc")" = precious ] || fail "somebody's file was touched"
[ "$(ls -A "$WORK/home")" = thesis.doc ] || fail "something was added to somebody's folder"
no_leftovers "$WORK/home"
echo ok
