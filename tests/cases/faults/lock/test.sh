# Two runs on the same OUT: the second exits 75 at once and says who holds the lock.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"

start_paused begin "$out"
start=$(date +%s)
expect_exit 75 "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only 2>"$WORK/err"
[ $(( $(date +%s) - start )) -le 2 ] || fail "the second run waited instead of leaving at once"
grep -q "^taizhang: .*pid $PAUSED_PID, host $(hostname)" "$WORK/err" ||
    fail "the message does not say who holds the lock: $(cat "$WORK/err")"
# verify does not read OUT while a run may be swapping it
expect_exit 75 "$TZ_BIN" verify "$out" 2>/dev/null
kill9

# the lock dies with its holder: the next run goes through
good_run "$out"
no_leftovers "$out"

# any holder of the lock file keeps runs out, e.g. a maintenance script using flock(1)
flock -o "$out.lock" sleep 3 &
holder=$!
sleep 0.3
expect_exit 75 "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only 2>/dev/null
kill "$holder"; wait "$holder" 2>/dev/null || true
good_run "$out"
echo ok
