# Allocation failure injection (the fault build, TZ_FAIL_ALLOC=N: the Nth allocation and
# every later one fail). For N = 1, 2, ... until the command succeeds, every failing run
# must exit 71 with a "taizhang: " message, leave no output behind, and (in the
# sanitizer build, where LeakSanitizer runs at exit) leak nothing.
#   validate: every N on the small valid set (ends with exit 0); every 3rd N on a set
#             with problems of many kinds in every file (ends with exit 65), to keep
#             the sanitizer run of the suite short;
#   run:      once the program has it, N in steps of total/250 (so about 250 runs).
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
    # How many allocations a whole run makes: the least N at which it succeeds.
    out=$WORK/run-out
    ok_at() { rm -rf "$out"; TZ_FAIL_ALLOC=$1 "$FAULT_BIN" run "$BASE" -o "$out" >/dev/null 2>&1; }
    hi=1
    until ok_at "$hi"; do hi=$((hi * 2)); [ "$hi" -le 10000000 ] || fail "run never succeeds"; done
    lo=$((hi / 2))
    while [ $((hi - lo)) -gt 1 ]; do
        mid=$(((lo + hi) / 2))
        if ok_at "$mid"; then hi=$mid; else lo=$mid; fi
    done
    total=$lo
    step=$(((total + 249) / 250))
    [ "$step" -ge 1 ] || step=1
    rm -rf "$out"
    "$TZ_BIN" run "$BASE" -o "$out" >/dev/null 2>&1 || fail "run on the small set failed"
    cp -a "$out" "$WORK/run-before"
    runs=0
    for ((n = 1; n <= total; n += step)); do
        fails_cleanly "$n" "$FAULT_BIN" run "$BASE" -o "$out"
        [ "$got" -eq 71 ] || fail "run: allocation $n failing: exit $got, want 71: $(head -c 2000 "$WORK/err")"
        grep -q '^taizhang: ' "$WORK/err" || fail "run: allocation $n failing: no message"
        diff -r "$WORK/run-before" "$out" >/dev/null || fail "run: allocation $n failing changed OUT"
        runs=$((runs + 1))
    done
    echo "run: $total allocations; $runs failing runs (every ${step}th), each exit 71, OUT untouched"
fi
echo ok
