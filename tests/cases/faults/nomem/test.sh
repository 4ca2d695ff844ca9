# Out of memory at many points of a run (the fault build's TZ_FAIL_ALLOC=N fails the Nth
# allocation and every later one): exit 71 with one message, never a crash, and the previous
# OUT untouched; once N is past the run's last allocation the run succeeds.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
good_run "$out"
snapshot "$out" before
n=1 tries=0 done=0
while [ "$tries" -lt 50 ]; do
    got=0
    TZ_FAIL_ALLOC=$n "$FAULT_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only 2>"$WORK/err" || got=$?
    if [ "$got" -eq 0 ]; then done=1; break; fi
    [ "$got" -eq 71 ] || fail "allocation $n failing: exit $got, want 71: $(cat "$WORK/err")"
    grep -q '^taizhang: ' "$WORK/err" || fail "allocation $n failing: no message"
    unchanged "$out" before
    no_leftovers "$out"
    tries=$((tries + 1))
    # every point early on, then steps growing by half
    if [ "$n" -lt 20 ]; then n=$((n + 1)); else n=$((n * 3 / 2)); fi
done
[ "$done" -eq 1 ] || fail "still failing at allocation $n after $tries tries"
verify_ok "$out"
echo ok
