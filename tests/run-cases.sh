#!/usr/bin/env bash
# Runs every end-to-end case: tests/cases/*/test.sh, each with TZ_BIN (the program),
# CASE (its folder) and WORK (an empty scratch folder). Closing line:
# "cases: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
export TZ_BIN=$(cd "$(dirname "${TZ_BIN:?}")" && pwd)/$(basename "$TZ_BIN")
pass=0; fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "$here"/cases/*/test.sh "$here"/cases/*/*/test.sh; do
    [ -f "$t" ] || continue
    name=${t#"$here/cases/"}; name=${name%/test.sh}
    export CASE=$(dirname "$t") WORK="$scratch/${name//\//_}"
    mkdir -p "$WORK"
    if (cd "$CASE" && bash "$t") >"$WORK.log" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAILED case: $name"; tail -n 40 "$WORK.log"
    fi
done
echo "cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
