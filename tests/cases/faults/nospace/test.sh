# A write that fails midway — file too big (ulimit -f) or no space left (a tiny tmpfs):
# exit 74, the previous OUT untouched, no temporary folder left behind.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"
snapshot "$out" before

# ulimit -f counts 1024-byte blocks: 1 KiB is less than manifest.json alone needs. With SIGXFSZ
# ignored the write gets EFBIG; without, the program ignores it itself (same exit 74).
for ignore in yes no; do
    got=0
    (
        ulimit -f 1
        [ "$ignore" = no ] || trap '' XFSZ
        exec "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only
    ) 2>"$WORK/err" || got=$?
    [ "$got" -eq 74 ] || fail "file too big (SIGXFSZ ignored: $ignore): exit $got, want 74: $(cat "$WORK/err")"
    grep -q '^taizhang: ' "$WORK/err" || fail "no message: $(cat "$WORK/err")"
    unchanged "$out" before
    no_leftovers "$out"
done
verify_ok "$out"

# No space left on the device: an 8 KiB tmpfs (two pages) in a private mount namespace (root only;
# where mounting is not allowed, the ulimit part above stands alone).
if unshare -m true 2>/dev/null; then
    got=0
    unshare -m bash -c '
        set -e
        mkdir -p "$1/small"
        mount -t tmpfs -o size=8k tmpfs "$1/small"
        exec "$2" run "$1/in/2025" -o "$1/small/out" --quiet --tables-only
    ' _ "$WORK" "$TZ_BIN" 2>"$WORK/err" || got=$?
    [ "$got" -eq 74 ] || fail "no space: exit $got, want 74: $(cat "$WORK/err")"
    grep -q '^taizhang: ' "$WORK/err" || fail "no message: $(cat "$WORK/err")"
fi
echo ok
