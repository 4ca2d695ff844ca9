# Shared helpers for tests/cases/*/test.sh (sourced). TZ_BIN, CASE and WORK are set.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit CODE CMD...: runs CMD, fails unless it exits with CODE.
expect_exit() {
    local want=$1; shift
    local got=0
    "$@" || got=$?
    [ "$got" -eq "$want" ] || fail "expected exit $want, got $got: $*"
}
