# The command line contract: --version, --help for the program and for every subcommand it
# lists, and exit 64 with a one-line "taizhang: " message for a bad command line.
source ../lib.sh
version=$(sed -n 's/^VERSION *:= *//p' ../../../Makefile)
[ "$("$TZ_BIN" --version)" = "taizhang $version" ] || fail "--version: $("$TZ_BIN" --version)"
"$TZ_BIN" --help >"$WORK/help" || fail "--help exit"
grep -q '^usage: taizhang COMMAND' "$WORK/help" || fail "--help text"
commands=$(sed -n 's/^  \([a-z]*\)  .*/\1/p' "$WORK/help")
[ -n "$commands" ] || fail "no commands listed"
for c in $commands; do
    "$TZ_BIN" "$c" --help >"$WORK/c.out" 2>"$WORK/c.err" || fail "$c --help: exit $?"
    grep -qi '^usage: taizhang '"$c" "$WORK/c.out" || fail "$c --help prints no usage on stdout"
done
expect_exit 64 "$TZ_BIN"
expect_exit 64 "$TZ_BIN" no-such-command 2>"$WORK/err"
grep -q "^taizhang: " "$WORK/err" || fail "no message for an unknown command"
expect_exit 64 "$TZ_BIN" verify 2>"$WORK/err"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "verify without OUT: expected one line"
grep -q "^taizhang: " "$WORK/err" || fail "verify without OUT: no message"
if grep -q '^  run ' "$WORK/help"; then
    expect_exit 64 "$TZ_BIN" run 2>/dev/null
    expect_exit 64 "$TZ_BIN" run somewhere -o out --no-such-option 2>"$WORK/err"
    grep -q "^taizhang: " "$WORK/err" || fail "run with a bad option: no message"
fi
echo ok
