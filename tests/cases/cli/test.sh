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
# The options the commands share: one spelling, the same values, the same message (but for
# the command's name) in every command that takes them.
same_message() {   # OPTION VALUE COMMAND-LINE-PREFIX...: each prefix given as "cmd args"
    local option=$1 value=$2 first="" cmd msg
    shift 2
    for cmd in "$@"; do
        # shellcheck disable=SC2086
        expect_exit 64 "$TZ_BIN" $cmd "$option" "$value" 2>"$WORK/err"
        [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "$cmd $option $value: expected one line"
        msg=$(sed "s/^taizhang: ${cmd%% *}: //" "$WORK/err")
        [ -n "$first" ] || first=$msg
        [ "$msg" = "$first" ] || fail "$cmd $option $value: '$msg', not '$first'"
    done
}
h=../handworked/2025
same_message --encoding latin1 "run $h -o $WORK/o" "validate $h" "explain $h U01"
same_message --year 20x5 "run $h -o $WORK/o" "validate $h" "explain $h U01" "sample -o $WORK/s"
same_message --threads 0 "run $h -o $WORK/o" "validate $h"
same_message --apportion half "run $h -o $WORK/o" "explain $h U01"
# --encoding gbk (any case, as GBK, GB2312, CP936 or GB18030) is one thing for every command:
# a ledger saved in GB18030 reads the same through each.
mkdir -p "$WORK/gbk/2025"
for f in "$h"/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >"$WORK/gbk/2025/$(basename "$f")"; done
for e in gbk GBK gb18030 CP936; do
    expect_exit 0 "$TZ_BIN" validate "$WORK/gbk/2025" --encoding $e -o "$WORK/v-$e.csv" 2>/dev/null
    expect_exit 0 "$TZ_BIN" run "$WORK/gbk/2025" -o "$WORK/run-$e" --encoding $e --tables-only --quiet
    expect_exit 0 "$TZ_BIN" explain "$WORK/gbk/2025" U01 --encoding $e >"$WORK/x-$e.txt"
    cmp -s "$WORK/v-$e.csv" "$WORK/v-gbk.csv" || fail "validate --encoding $e differs from gbk"
    cmp -s "$WORK/run-$e/tables/units.csv" "$WORK/run-gbk/tables/units.csv" || fail "run --encoding $e"
done
# and forced onto UTF-8 files, each command refuses them the same way (exit 65)
expect_exit 65 "$TZ_BIN" validate "$h" --encoding gbk -o "$WORK/v.csv" 2>/dev/null
expect_exit 65 "$TZ_BIN" run "$h" -o "$WORK/r" --encoding gbk --quiet 2>/dev/null
expect_exit 65 "$TZ_BIN" explain "$h" U01 --encoding gbk 2>/dev/null
echo ok
