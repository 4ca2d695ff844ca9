#!/usr/bin/env bash
# A total that leaves the range of the program's integers is a data error (exit 65) naming
# the file and the row where it left it, never a wrong figure. The ledgers are the handworked
# case's with one kind of number made huge at a time; each number alone is valid.
#   受益人数 9·10^18 on A1 (line 2) and A2 (line 3): 1.8·10^19 > 2^63 − 1 ≈ 9.22·10^18 at line 3.
#   捐赠金额 90,000,000,000,000,000 元 = 9·10^18 fen on A2 (line 3) and A7 (line 8): at line 8.
#   党员人数 9·10^18 on U01 (line 2) and U02 (line 3): at line 3.
#   成果数量 9·10^14 (×10^4 inside: 9·10^18) on A5's and A8's 清理垃圾/车 (lines 4, 5): at line 5.
source ../lib.sh
h="$CASE/../handworked/2025"
huge=9000000000000000000
changed() {   # NAME FILE AWK: the handworked ledgers in $WORK/NAME/2025, FILE rewritten by AWK
    mkdir -p "$WORK/$1"
    cp -r "$h" "$WORK/$1/2025"
    awk -F, -v OFS=, -v n=$huge "$3" "$h/$2" >"$WORK/$1/2025/$2"
}
expect_overflow() {   # NAME FILE LINE WHAT
    local name=$1 file=$2 line=$3 what=$4 dir="$WORK/$1/2025"
    expect_exit 65 "$TZ_BIN" run "$dir" -o "$WORK/out-$name" --quiet 2>"$WORK/$name.err"
    grep -q "^taizhang: $dir/$file:$line: 到这一行为止，$what的合计超出了程序能算的范围" "$WORK/$name.err" ||
        fail "$name: no message naming $file:$line: $(cat "$WORK/$name.err")"
    [ ! -e "$WORK/out-$name" ] || fail "$name: an output folder was written"
    expect_exit 65 "$TZ_BIN" explain "$dir" U01 2>"$WORK/$name.explain.err" >/dev/null
    grep -q "^taizhang: $dir/$file:$line: " "$WORK/$name.explain.err" || fail "$name: explain"
}

changed beneficiaries activities.csv '$1 == "A1" || $1 == "A2" { $11 = n } { print }'
expect_overflow beneficiaries activities.csv 3 受益人数

changed donation activities.csv '$1 == "A2" || $1 == "A7" { $12 = "90000000000000000" } { print }'
expect_overflow donation activities.csv 8 捐赠金额

changed members units.csv '$1 == "U01" || $1 == "U02" { $3 = n } { print }'
expect_overflow members units.csv 3 党员人数

changed results results.csv '$1 == "A5" || $1 == "A8" { $3 = "900000000000000" } { print }'
expect_overflow results results.csv 5 同一成果指标、计量单位的数量

# just within the range is computed: 受益人数 4611686018427387847 on A1 and A2, and the other
# six activities' 112 (WORKING.md: 242 − 30 − 100): 2·4611686018427387847 + 112
# = 9223372036854775806 = 2^63 − 2.
changed near activities.csv '$1 == "A1" || $1 == "A2" { $11 = "4611686018427387847" } { print }'
expect_exit 0 "$TZ_BIN" run "$WORK/near/2025" -o "$WORK/out-near" --quiet --tables-only
grep -q '^beneficiaries,9223372036854775806' "$WORK/out-near/tables/summary.csv" ||
    fail "near: $(grep '^beneficiaries' "$WORK/out-near/tables/summary.csv")"
echo "overflow: four totals refused at their row, one just within the range computed"
