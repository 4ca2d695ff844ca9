# The progress line: drawn on a terminal (here a pseudo-terminal from script(1)), never
# when standard error is a file or a pipe (cron's mail), never with --quiet.
source ../../lib.sh
source ../common.sh
fresh_ledger
out=$WORK/out
esc=$(printf '\033')

# not a terminal: no carriage return, no escape sequence, whatever the options
"$TZ_BIN" run "$WORK/in/2025" -o "$out" --tables-only 2>"$WORK/err" || fail "run failed"
! grep -q "[$(printf '\r')$esc]" "$WORK/err" || fail "control characters in a non-terminal's stderr"
"$TZ_BIN" verify "$out" >/dev/null 2>"$WORK/err" || fail "verify failed"
! grep -q "[$(printf '\r')$esc]" "$WORK/err" || fail "control characters in verify's non-terminal stderr"

# a terminal: the line is drawn and erased again
script -qec "TERM=xterm '$TZ_BIN' verify '$out' >/dev/null" /dev/null >"$WORK/tty" </dev/null ||
    fail "verify on a terminal failed: $(cat "$WORK/tty")"
grep -q "${esc}\[Ktaizhang: " "$WORK/tty" || fail "no progress line on a terminal: $(od -c "$WORK/tty" | head)"
script -qec "TERM=xterm '$TZ_BIN' run '$WORK/in/2025' -o '$out' --tables-only" /dev/null >"$WORK/tty" </dev/null ||
    fail "run on a terminal failed"
grep -q "${esc}\[Ktaizhang: " "$WORK/tty" || fail "no progress line for run on a terminal"

# --quiet: nothing drawn
script -qec "TERM=xterm '$TZ_BIN' verify '$out' --quiet" /dev/null >"$WORK/tty" </dev/null ||
    fail "verify --quiet failed"
! grep -q "$esc" "$WORK/tty" || fail "--quiet still drew a progress line"
echo ok
