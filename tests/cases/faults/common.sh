# tests/cases/faults/common.sh — helpers of the fault cases (sourced after ../../lib.sh).
# A small valid ledger is in data/2025 (made by hand for these cases). Fault cases copy it
# into WORK, because some of them change or remove an input.
FAULTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAULT_BIN=${TZ_FAULT_BIN:?TZ_FAULT_BIN: the fault-injection build (make case-test sets it)}

# fresh_ledger: WORK/in/2025, a copy of data/2025.
fresh_ledger() {
    rm -rf "$WORK/in"
    mkdir -p "$WORK/in"
    cp -R "$FAULTS/data/2025" "$WORK/in/2025"
}

# good_run OUT [ARGS...]: a run that must succeed.
good_run() {
    local out=$1; shift
    "$TZ_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only "$@" || fail "a good run into $out failed ($?)"
}

# snapshot OUT NAME / unchanged OUT NAME: OUT is byte for byte what it was.
snapshot() { rm -rf "$WORK/snap-$2"; cp -a "$1" "$WORK/snap-$2"; }
unchanged() { diff -r "$WORK/snap-$2" "$1" >/dev/null || fail "$1 changed"; }

# no_leftovers OUT: nothing beside OUT but OUT itself and OUT.lock.
no_leftovers() {
    local parent base extra
    parent=$(dirname "$1"); base=$(basename "$1")
    extra=$(ls -A "$parent" | grep -E "^${base}\.(tmp|old)-" || true)
    [ -z "$extra" ] || fail "left beside $1: $extra"
}

# verify_ok OUT: verify passes on OUT.
verify_ok() {
    "$TZ_BIN" verify "$1" --quiet >"$WORK/verify.out" 2>"$WORK/verify.err" ||
        fail "verify $1 failed: $(cat "$WORK/verify.out" "$WORK/verify.err")"
}

# start_paused POINT OUT [VAR=VALUE...]: starts the fault build, which stops at the named
# point (TZ_TEST_PAUSE_AT); returns once it is there. PAUSED_PID is its pid.
start_paused() {
    local point=$1 out=$2; shift 2
    : >"$WORK/paused.err"
    env TZ_TEST_PAUSE_AT="$point" "$@" "$FAULT_BIN" run "$WORK/in/2025" -o "$out" --quiet --tables-only \
        2>"$WORK/paused.err" &
    PAUSED_PID=$!
    local i
    for i in $(seq 1 400); do
        grep -q "test pause at $point " "$WORK/paused.err" && return 0
        kill -0 "$PAUSED_PID" 2>/dev/null ||
            fail "the run ended before reaching $point: $(cat "$WORK/paused.err")"
        sleep 0.05
    done
    fail "the run never reached $point"
}

# kill9: SIGKILL the paused run, as a power cut or the OOM killer would.
kill9() {
    kill -9 "$PAUSED_PID"
    wait "$PAUSED_PID" 2>/dev/null || true
}
