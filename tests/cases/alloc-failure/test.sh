# Allocation failure injection (the fault build, TZ_FAIL_ALLOC=N: the Nth allocation and
# every later one fail). For N = 1, 2, ... until the command succeeds, every failing run
# must exit 71 with a "taizhang: " message, leave no output behind, and (in the
# sanitizer build, where LeakSanitizer runs at exit) leak nothing.
#   validate: every N on the small valid set (ends with exit 0); every 3rd N on a set
#             with problems of many kinds in every file (ends with exit 65), to keep
#             the sanitizer run of the suite short;
#   run:      a run into a previous OUT, which must stay as it was: with --tables-only
#             at about 60 points spread over all its allocations, the whole run (charts
#             and report) at 9 points (TZ_COUNT_ALLOC=1 tells how many there are); the
#             ops cases (faults/nomem) add the first 40 allocations of a run.
source ../lib.sh
FAULT_BIN=${TZ_FAULT_BIN:?TZ_FAULT_BIN: the fault-injection build (make case-test sets it)}
ROOT=$(cd ../../.. && pwd)
BASE=$ROOT/tests/data/small/2025

# A folder with problems everywhere: banner and repeated header, GBK, bad values,
# unknown references, duplicates, over 24 hours, a bad ID check digit, extra fields.
mkdir -p "$WORK/messy"
cp -R "$BASE" "$WORK/messy/2025"
m=$WORK/messy/2025
printf '%s\n' '单位名单,,,,' '单位编码,单位名称,党员人数,组织类别,所属系统,备注' \
    'U01,第一社区党支部,10,党支部,街道,' 'U02,北山林业站党支部,85%,党支部,林业,' \
    'U01,重复,3,党支部,,' | iconv -f UTF-8 -t GBK >"$m/units.csv"
printf '%s\n' 'V005,孙七,U09,T01,党员,2025/2/30,,13800000000,150702199001011234' \
    'V006,周八,U01,,群众,45721,,,1.50702E+17' >>"$m/volunteers.csv"
printf '%s\n' 'A01,V003,22,,' 'A01,V001,1,,' 'A09,V001,2:30,,' '活动编号,志愿者编号,服务时长（小时）' \
    'A02,V002,"3",x,y,z' 'A01,"V004,1' >>"$m/participation.csv"
printf '%s\n' 'A03,2025-03-05,补登,组团服务,U01,环境整治,社区,,D09,专项,#N/A,¥1' >>"$m/activities.csv"

# fails_cleanly N CMD...: CMD with the Nth allocation failing. Returns its exit code in $got.
fails_cleanly() {
    local n=$1; shift
    got=0
    TZ_FAIL_ALLOC=$n "$@" >"$WORK/out.txt" 2>"$WORK/err" || got=$?
}

# sweep NAME STEP WANT_FINAL CMD...: N = 1, 1 + STEP, ... until CMD exits WANT_FINAL.
sweep() {
    local name=$1 step=$2 final=$3; shift 3
    local n=1 runs=0
    while :; do
        rm -rf "$WORK/o"
        mkdir -p "$WORK/o"
        fails_cleanly "$n" "$@"
        [ "$got" -eq "$final" ] && break
        [ "$got" -eq 71 ] || fail "$name: allocation $n failing: exit $got, want 71: $(head -c 2000 "$WORK/err")"
        grep -q '^taizhang: .*内存不足' "$WORK/err" || fail "$name: allocation $n failing: no message: $(cat "$WORK/err")"
        [ -z "$(ls -A "$WORK/o")" ] || fail "$name: allocation $n failing: left $(ls -A "$WORK/o")"
        n=$((n + step))
        runs=$((runs + 1))
        [ "$n" -le 20000 ] || fail "$name: still failing at allocation $n"
    done
    echo "$name: $runs failing runs (N = 1, $((1 + step)), ...), each exit 71, then exit $final at N = $n"
}

sweep validate-valid 1 0 "$FAULT_BIN" validate "$BASE" -o "$WORK/o/validation.csv"
sweep validate-messy 3 65 "$FAULT_BIN" validate "$m" -o "$WORK/o/validation.csv"

if "$TZ_BIN" --help 2>/dev/null | grep -q '^  run '; then
    # A previous OUT (a good run of the valid set) that each failing run must leave as it
    # was, with nothing left beside it but OUT.lock.
    prev=$WORK/run-prev out=$WORK/run-out
    "$TZ_BIN" run "$BASE" -o "$prev" --quiet 2>"$WORK/err" || fail "run on the valid set: $(cat "$WORK/err")"
    # allocations N: how many a run makes (TZ_COUNT_ALLOC=1), into a copy of OUT
    allocations() {
        rm -rf "$out"; cp -a "$prev" "$out"
        TZ_COUNT_ALLOC=1 "$FAULT_BIN" run "$BASE" -o "$out" --quiet "$@" 2>"$WORK/err" >/dev/null ||
            fail "counting run $*: $(cat "$WORK/err")"
        sed -n 's/^taizhang: allocations: //p' "$WORK/err" | tail -n 1
    }
    # run_sweep NAME N... [-- ARGS]: run with the Nth allocation failing, for each N.
    run_sweep() {
        local name=$1; shift
        local ns=() n
        while [ $# -gt 0 ] && [ "$1" != -- ]; do ns+=("$1"); shift; done
        [ $# -eq 0 ] || shift
        rm -rf "$out"; cp -a "$prev" "$out"
        for n in "${ns[@]}"; do
            fails_cleanly "$n" "$FAULT_BIN" run "$BASE" -o "$out" --quiet "$@"
            # The count moves by a few between runs: the pid (in the temporary folder's name
            # and the lock file) can have one digit more or less. Near the end, a run that
            # needed fewer allocations than counted may succeed.
            if [ "$got" -eq 0 ] && [ "$n" -gt $((last - 16)) ]; then
                rm -rf "$out"; cp -a "$prev" "$out"
                continue
            fi
            [ "$got" -eq 71 ] || fail "$name: allocation $n failing: exit $got, want 71: $(head -c 2000 "$WORK/err")"
            grep -q '^taizhang: ' "$WORK/err" || fail "$name: allocation $n failing: no message"
            diff -r "$prev" "$out" >/dev/null || fail "$name: allocation $n failing changed OUT"
            left=$(ls -A "$WORK" | grep -E '^run-out\.' | grep -v -x run-out.lock || true)
            [ -z "$left" ] || fail "$name: allocation $n failing left $left"
        done
        echo "$name: ${#ns[@]} failing runs (N = ${ns[*]:0:3} ... ${ns[*]: -1}), each exit 71, OUT untouched"
    }
    # --tables-only (input, figures, rules, tables, manifest): about 60 points
    t=$(allocations --tables-only)
    last=$t
    step=$(((t + 59) / 60))
    run_sweep run-tables-only $(seq 1 "$step" "$t") "$t" -- --tables-only
    # the whole run (charts and report too: tens of thousands of allocations, about 2 s a
    # run): 8 points spread evenly, and the very last allocation
    t=$(allocations)
    last=$t
    run_sweep run $(for k in 1 2 3 4 5 6 7 8; do echo $((t * k / 9)); done) "$t"
fi
echo ok
