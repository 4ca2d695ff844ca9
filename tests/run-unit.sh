#!/usr/bin/env bash
# Runs each cmocka test binary given; prints one closing line "unit: N passed, N failed".
set -u
pass=0; fail=0
for t in "$@"; do
    if "$t" >"$t.log" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAILED: $t"; cat "$t.log"
    fi
    grep -E '^\[  (PASSED|FAILED)  \]' "$t.log" | sed "s|^|$(basename "$t"): |"
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
