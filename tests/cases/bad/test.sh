#!/usr/bin/env bash
# tests/cases/bad/test.sh — the catalogue of bad exports, one folder per kind.
# Each folder NAME/ holds:
#   expect     what must happen, one statement a line (# starts a comment):
#                exit N                      the exit code of `validate`
#                SEVERITY CODE FILE [LINE [COLUMN]]  a problem that must be in validation.csv
#                                            (SEVERITY error|warning|notice)
#                count N CODE                exactly N problems with this code
#                says CODE TEXT              a problem with this code whose message holds TEXT
#                absent CODE                 a code that must not be there
#                args ARG...                 more arguments for `validate`
#   *.csv, categories.txt   files that replace those of the small valid set
#                           tests/data/small/2025 (the rest are copied from it)
#   make.sh    optional: run with DIR=the ledger folder to make what is not committed
#              (huge or generated files) or to remove a file
# For every case: the exit code is the expected one (never a crash, never a hang:
# each command runs under `timeout`); validation.csv has every expected problem; stdout
# is empty and every stderr line starts with "taizhang: "; nothing but validation.csv
# appears in the output folder; no phone or ID number of the set appears unmasked.
# With `run` in the program, each case that fails validation must make `run` fail with
# the same code and leave the previous OUT (a run of the valid set) exactly as it was.
source ../lib.sh
export LC_ALL=C

ROOT=$(cd ../../.. && pwd)
BASE=$ROOT/tests/data/small/2025
LIMIT=${TZ_CASE_TIMEOUT:-120}
has_run=0
if "$TZ_BIN" --help 2>/dev/null | grep -q '^  run '; then
    has_run=1
    # a previous output of the valid set: each failing run must leave it as it was
    "$TZ_BIN" run "$BASE" -o "$WORK/previous-out" >/dev/null 2>"$WORK/previous.err" ||
        fail "run on the valid set failed: $(cat "$WORK/previous.err")"
fi

failures=0
bad() { echo "FAIL $name: $*" >&2; failures=$((failures + 1)); }

# Unmasked personal data: an 11-digit mobile number or an 18-character ID number that
# is not part of a longer run of digits.
pii_in() {
    grep -a -n -E '(^|[^0-9])(1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])([^0-9]|$)' "$@" || true
}

cases=0
for c in "$CASE"/*/; do
    c=${c%/}
    name=$(basename "$c")
    [ -f "$c/expect" ] || continue
    cases=$((cases + 1))
    w=$WORK/$name
    dir=$w/2025
    rm -rf "$w"
    mkdir -p "$dir" "$w/out"
    cp "$BASE"/* "$dir"/
    for f in "$c"/*; do
        case $(basename "$f") in expect|make.sh) ;; *) cp "$f" "$dir"/ ;; esac
    done
    if [ -f "$c/make.sh" ]; then
        DIR=$dir bash "$c/make.sh" || { bad "make.sh failed"; continue; }
    fi
    want=
    args=()
    while read -r kw rest; do
        case $kw in
        exit) want=$rest ;;
        args) read -r -a args <<<"$rest" ;;
        esac
    done < <(grep -v '^[[:space:]]*\(#\|$\)' "$c/expect")
    [ -n "$want" ] || { bad "expect has no exit line"; continue; }

    echo keep >"$w/out/sentinel"
    got=0
    timeout "$LIMIT" "$TZ_BIN" validate "$dir" -o "$w/out/validation.csv" ${args[@]+"${args[@]}"} \
        >"$w/stdout" 2>"$w/stderr" || got=$?
    if [ "$got" -eq 124 ]; then bad "validate did not finish in $LIMIT s"; continue; fi
    if [ "$got" -ge 126 ]; then bad "validate crashed (exit $got)"; cat "$w/stderr" >&2; continue; fi
    [ "$got" -eq "$want" ] || bad "validate exit $got, expected $want"
    [ ! -s "$w/stdout" ] || bad "validate -o wrote to stdout"
    if grep -a -v -q '^taizhang: ' "$w/stderr"; then bad "stderr line without 'taizhang: '"; fi
    extra=$(ls -A "$w/out" | grep -v -x -e sentinel -e validation.csv || true)
    [ -z "$extra" ] || bad "left in the output folder: $extra"
    v=$w/out/validation.csv
    if [ "$want" -eq 0 ] || [ "$want" -eq 65 ] || [ "$want" -eq 66 ]; then
        if [ ! -f "$v" ]; then
            bad "no validation.csv"
        else
            head -c 3 "$v" | od -An -tx1 | grep -q 'ef bb bf' || bad "validation.csv has no BOM"
        fi
    fi
    [ -f "$v" ] || : >"$v"
    while read -r kw code file line col; do
        case $kw in
        error|warning|notice)
            pat="^${file//./\\.},${line:-[0-9]*},${col:-[0-9]*},$kw,${code//./\\.},"
            grep -a -q -E "$pat" "$v" || bad "missing $kw $code in $file${line:+ line $line}"
            ;;
        absent)
            ! grep -a -q ",${code//./\\.}," "$v" || bad "code $code should not be reported"
            ;;
        count)
            n=$(grep -a -c ",${file//./\\.}," "$v" || true)
            [ "$n" -eq "$code" ] || bad "expected $code problems $file, got $n"
            ;;
        says)
            text="$file${line:+ $line}${col:+ $col}"
            grep -a ",${code//./\\.}," "$v" | grep -a -q -F -- "$text" || bad "no $code saying '$text'"
            ;;
        exit|args) ;;
        *) bad "expect: unknown statement '$kw'" ;;
        esac
    done < <(grep -v '^[[:space:]]*\(#\|$\)' "$c/expect")
    leak=$(pii_in "$v" "$w/stderr")
    [ -z "$leak" ] || bad "unmasked personal data: $leak"

    if [ "$has_run" -eq 1 ] && [ "$want" -ne 0 ]; then
        out=$w/run-out
        cp -a "$WORK/previous-out" "$out"
        got=0
        timeout "$LIMIT" "$TZ_BIN" run "$dir" -o "$out" --quiet ${args[@]+"${args[@]}"} >"$w/run.stdout" 2>"$w/run.stderr" || got=$?
        [ "$got" -ne 124 ] || bad "run did not finish in $LIMIT s"
        [ "$got" -lt 126 ] || bad "run crashed (exit $got)"
        [ "$got" -eq "$want" ] || bad "run exit $got, expected $want"
        diff -r "$WORK/previous-out" "$out" >/dev/null || bad "run changed OUT"
        extra=$(ls -A "$w" | grep -E '^run-out\.' | grep -v -x run-out.lock || true)
        [ -z "$extra" ] || bad "run left beside OUT: $extra"
        leak=$(pii_in "$w/run.stdout" "$w/run.stderr")
        [ -z "$leak" ] || bad "run: unmasked personal data: $leak"
    fi
done
echo "bad exports: $cases cases, $failures failures"
[ "$cases" -ge 30 ] || fail "the catalogue has only $cases cases"
[ "$failures" -eq 0 ] || fail "$failures failures"
