# A run killed with SIGKILL at any moment leaves the previous OUT complete (verify passes
# on it); the next run cleans up what the dead one left.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"
verify_ok "$out"

# 1. At named points (the fault build sleeps there): after the lock, with the temporary
#    folder made, with every output written, after fsync, and right after the swap.
for point in locked begin commit fsynced exchanged; do
    snapshot "$out" before
    start_paused "$point" "$out"
    kill9
    [ -f "$out/manifest.json" ] || fail "killed at $point: OUT is incomplete"
    if [ "$point" != exchanged ]; then
        unchanged "$out" before
    fi
    verify_ok "$out"
done
good_run "$out"
no_leftovers "$out"

# 2. The fallback swap (no RENAME_EXCHANGE): between its two renames OUT is missing for a
#    moment; a run killed there leaves OUT.old-PID, and the next run puts it back before
#    doing anything else — even a run that then fails on a missing ledger folder.
snapshot "$out" before
start_paused aside "$out" TZ_TEST_NO_EXCHANGE=1
kill9
[ ! -e "$out" ] || fail "expected OUT to be aside at this point"
ls -d "$out".old-* >/dev/null 2>&1 || fail "the previous OUT is not beside"
expect_exit 66 "$TZ_BIN" run "$WORK/in/no-such-year" -o "$out" --quiet --tables-only 2>/dev/null
unchanged "$out" before
no_leftovers "$out"
verify_ok "$out"
start_paused swapped "$out" TZ_TEST_NO_EXCHANGE=1
kill9
verify_ok "$out"
"$FAULT_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only || fail "the fallback swap failed"
env TZ_TEST_NO_EXCHANGE=1 "$FAULT_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only || fail "the fallback swap failed"
no_leftovers "$out"
verify_ok "$out"

# 3. At random moments of ordinary runs.
for i in 1 2 3 4 5 6; do
    "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only &
    pid=$!
    sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -f "$out/manifest.json" ] || fail "random kill $i: OUT is incomplete"
    verify_ok "$out"
done
good_run "$out"
no_leftovers "$out"
[ "$(ls -A "$WORK" | grep -c '^out')" -eq 2 ] || fail "beside OUT: $(ls -A "$WORK")"
echo ok
