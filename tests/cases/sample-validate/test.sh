# The committed sample years pass `validate` (exit 0) with exactly the warnings planted on
# purpose (docs/sample.md): per year 2 units without volunteers, 2 bad ID check digits,
# 1 组团服务 activity with one unit, 1 activity without participation, and the one notice
# for the unknown 备注 column. No errors.
source ../lib.sh
repo=$(cd ../../.. && pwd)
for year in 2024 2025; do
    expect_exit 0 "$TZ_BIN" validate "$repo/input/sample/$year" -o "$WORK/$year.csv"
    got=$(tail -n +2 "$WORK/$year.csv" | awk -F, '{print $4 " " $5}' | sort | uniq -c | awk '{print $1, $2, $3}' | sort)
    want=$(printf '%s\n' "1 notice header.unknown_columns" "1 warning activity.group_single_unit" \
        "1 warning activity.no_participation" "2 warning idcard.check_digit" \
        "2 warning unit.no_volunteers" | sort)
    [ "$got" = "$(printf '%s\n' "$want" | sort)" ] || fail "$year: problems were
$got
expected
$want"
done
echo "sample-validate: ok"
