#!/usr/bin/env bash
# The assessment office's tool (issue 16) on the hand-worked ledger (../handworked/2025):
# deductions and floors, rules written with Chinese figure names, grades, whatif, the
# public notice and the unit sheets read back with pdftotext.
#
# deduct.rules, worked by hand from the figures in ../strict_rules/WORKING.md:
#   U01: group 0.5×2 = 1.00 → cap 0.80; hours 18.5 < 20 → −0.1×1.5 = −0.15; person_times
#        7 < 7 fails → 0; total 0.65 (好: at most floor(4×30%) = 1 unit, U01 alone ≥ 0.6)
#   U02: group 0.50; 21.5 < 20 fails; 8 < 7 fails; total 0.50 (一般)
#   U03: group 0.80; 11.5 → −0.85, 下限 −0.5 → −0.50; 4 < 7 → −0.30; total 0.00 (一般)
#   U10: group 0.50; 16.0 → −0.40; 6 < 7 → −0.30; sum −0.20, below 总分下限 0: the
#        deductions in file order down to 0: −0.40 (0.10 left), −0.10; total 0.00 (一般)
#   With 总分下限 -1: U10 −0.20.
source ../lib.sh

ledger=$CASE/../handworked/2025
# Fields are counted from the end: a unit name may hold a comma (U03's does, quoted).
units_points() {   # OUT → "U01=0.65 …": bonus_points (last column, or last but one before grade)
    local back=0
    head -1 "$1/tables/units.csv" | tr -d '\r' | grep -q ',grade$' && back=1
    tail -n +2 "$1/tables/units.csv" | tr -d '\r' | awk -F, -v b="$back" '{print $1 "=" $(NF-b)}' | paste -sd' '
}

# deductions, floors, grades
"$TZ_BIN" run "$ledger" -o "$WORK/d" --quiet --unit-sheets --rules "$CASE/deduct.rules"
got=$(units_points "$WORK/d")
[ "$got" = "U01=0.65 U02=0.50 U03=0.00 U10=0.00" ] || fail "deduct bonus_points: $got"
got=$(tail -n +2 "$WORK/d/tables/units.csv" | tr -d '\r' | awk -F, '{print $1 "=" $NF}' | paste -sd' ')
[ "$got" = "U01=好 U02=一般 U03=一般 U10=一般" ] || fail "grades: $got"
# the audit: raw, after the rule's bounds, after the total's, final — for U10
got=$(tr -d '\r' <"$WORK/d/tables/bonus_audit.csv" | awk -F, '$1 == "U10" {print $2 ":" $(NF-5) "," $(NF-4) "," $(NF-3) "," $(NF-2)}' | paste -sd' ')
[ "$got" = "group:0.50,0.50,0.50,0.50 short:-0.40,-0.40,-0.40,-0.40 small:-0.30,-0.30,-0.10,-0.10" ] \
    || fail "U10 audit: $got"
grep -q '^U03,short,.*,hours < 20（服务时长(hours)=11.5）：成立,,-0.85,-0.50,' "$WORK/d/tables/bonus_audit.csv" \
    || fail "U03 short: condition, raw −0.85, floored −0.50"
grep -q '^U02,short,.*,hours < 20（服务时长(hours)=21.5）：不成立,,0.00,' "$WORK/d/tables/bonus_audit.csv" \
    || fail "U02 short: the condition that failed"
# explain: the negative raw value, the floor, the total's floor
"$TZ_BIN" explain "$ledger" U10 --rules "$CASE/deduct.rules" >"$WORK/u10.txt"
grep -q '^   原始得分 -0.40（扣分），本条下限 -0.50，本条上下限后 -0.40$' "$WORK/u10.txt" || fail "explain U10 short"
grep -q '^   总分上下限后 -0.10，最后得分 -0.10$' "$WORK/u10.txt" || fail "explain U10 small under the floor"
grep -q '^各条上下限后之和 -0.20；总分下限 0.00；总分上下限后 0.00$' "$WORK/u10.txt" || fail "explain U10 total"
grep -q '^等次：一般$' "$WORK/u10.txt" || fail "explain U10 grade"
"$TZ_BIN" explain "$ledger" U03 --rules "$CASE/deduct.rules" >"$WORK/u03.txt"
grep -q '^   原始得分 -0.85（扣分），本条下限 -0.50，本条上下限后 -0.50$' "$WORK/u03.txt" || fail "explain U03 floor"
grep -q '^   条件：hours < 20（服务时长(hours)=11.5）：成立$' "$WORK/u03.txt" || fail "explain U03 condition"
# a total floor below 0
printf '总分下限 -1\n' | cat - "$CASE/deduct.rules" >"$WORK/floor.rules"
"$TZ_BIN" run "$ledger" -o "$WORK/f" --quiet --tables-only --rules "$WORK/floor.rules"
got=$(units_points "$WORK/f")
[ "$got" = "U01=0.65 U02=0.50 U03=0.00 U10=-0.20" ] || fail "总分下限 -1: $got"

# the same rules written with the Chinese figure names give the same points
"$TZ_BIN" run "$ledger" -o "$WORK/c" --quiet --tables-only --rules "$CASE/deduct-chinese.rules"
cmp -s "$WORK/d/tables/units.csv" "$WORK/c/tables/units.csv" || fail "Chinese names: units.csv differs"
cut -d, -f1,2,7- "$WORK/d/tables/bonus_audit.csv" >"$WORK/keys.cut"
cut -d, -f1,2,7- "$WORK/c/tables/bonus_audit.csv" >"$WORK/chinese.cut"
cmp -s "$WORK/keys.cut" "$WORK/chinese.cut" || fail "Chinese names: the audit's points differ"

# whatif: its new points are run --rules's units.csv, its base points the default rules'
"$TZ_BIN" whatif "$ledger" --rules "$CASE/deduct.rules" -o "$WORK/wi.csv" >"$WORK/wi.txt"
got=$(tail -n +2 "$WORK/wi.csv" | tr -d '\r' | awk -F, '{print $1 "=" $(NF-6)}' | paste -sd' ')
[ "$got" = "$(units_points "$WORK/d")" ] || fail "whatif new points $got"
got=$(tail -n +2 "$WORK/wi.csv" | tr -d '\r' | awk -F, '{print $1 "=" $(NF-7) ":" $(NF-4) ">" $(NF-3) ":" $(NF-1) ">" $NF}' | paste -sd' ')
# default rules (../strict_rules/WORKING.md): 1.30, 0.90, 1.10, 1.00 → ranks 1 4 2 3;
# new 0.65, 0.50, 0.00, 0.00 → ranks 1 2 3 3
# grades: the default rules name none; deduct.rules as in units.csv
[ "$got" = "U01=1.30:1>1:>好 U02=0.90:4>2:>一般 U03=1.10:2>3:>一般 U10=1.00:3>3:>一般" ] \
    || fail "whatif base/ranks/grades: $got"
grep -q '^总分有变化的单位：4 个（上升 0 个，下降 4 个，不变 0 个）$' "$WORK/wi.txt" || fail "whatif summary: $(cat "$WORK/wi.txt")"
expect_exit 66 "$TZ_BIN" whatif "$ledger" --rules "$WORK/none.rules" 2>/dev/null
printf 'rule a "甲"\n    points 0.1 × hourz\n' >"$WORK/typo.rules"
expect_exit 78 "$TZ_BIN" whatif "$ledger" --rules "$WORK/typo.rules" 2>"$WORK/typo.err"
grep -q 'typo.rules:2:18: 没有叫“hourz”的数据项' "$WORK/typo.err" || fail "whatif rules error: $(cat "$WORK/typo.err")"
expect_exit 64 "$TZ_BIN" whatif "$ledger" 2>/dev/null

# whatif on the bundled sample with the total cap raised to 4.0: its new points are those
# of run --rules; how many units leave the tie at 3.00, counted here from the two runs
root=$CASE/../../..
sed 's/^总分上限 3.0/总分上限 4.0/' "$root/rules/default.rules" >"$WORK/cap4.rules"
grep -q '^总分上限 4.0' "$WORK/cap4.rules" || fail "cap4.rules: the default rules changed"
"$TZ_BIN" whatif "$root/input/sample/2025" --rules "$WORK/cap4.rules" -o "$WORK/wi4.csv" >"$WORK/wi4.txt"
"$TZ_BIN" run "$root/input/sample/2025" -o "$WORK/s4" --quiet --tables-only --rules "$WORK/cap4.rules"
"$TZ_BIN" run "$root/input/sample/2025" -o "$WORK/s3" --quiet --tables-only
tail -n +2 "$WORK/wi4.csv" | tr -d '\r' | awk -F, '{print $1 "=" $(NF-7) ">" $(NF-6)}' >"$WORK/wi4.points"
paste -d'>' <(tail -n +2 "$WORK/s3/tables/units.csv" | tr -d '\r' | awk -F, '{print $1 "=" $NF}') \
            <(tail -n +2 "$WORK/s4/tables/units.csv" | tr -d '\r' | awk -F, '{print $NF}') >"$WORK/run4.points"
cmp -s "$WORK/wi4.points" "$WORK/run4.points" || fail "whatif on the sample: points differ from run --rules"
tied=$(grep -c '=3.00>' "$WORK/run4.points")
left=$(grep '=3.00>' "$WORK/run4.points" | grep -vc '>3.00$')
grep -q "^原规则下同为 3.00 分的 $tied 个单位：新规则下 $left 个离开了这一同分" "$WORK/wi4.txt" \
    || fail "whatif tie at 3.00 ($tied, $left left): $(grep 原规则下同为 "$WORK/wi4.txt")"

# the public notice and the unit sheets, read back: every unit with its total
command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) missing"
pdftotext -layout "$WORK/d/notice.pdf" "$WORK/notice.txt"
grep -q '公示' "$WORK/notice.txt" || fail "notice title"
grep -q '公示期为5个工作日' "$WORK/notice.txt" || fail "notice 公示期"
while IFS="|" read -r id name total; do
    grep -q "$name.* $total " "$WORK/notice.txt" || grep -q "$name.* $total\$" "$WORK/notice.txt" \
        || fail "notice: $id $name $total"
    pdftotext "$WORK/d/units/$id.pdf" "$WORK/$id.txt"
    grep -q "$id" "$WORK/$id.txt" && grep -q "考核加分合计：${total}分" "$WORK/$id.txt" \
        && grep -q '考核结果确认' "$WORK/$id.txt" || fail "sheet $id: $(head -5 "$WORK/$id.txt")"
done < <(tail -n +2 "$WORK/d/tables/units.csv" | tr -d '\r' |
         sed -E 's/^([^,]*),("([^"]*)"|([^,]*)),(.*),([^,]*),([^,]*)$/\1|\3\4|\6/')
# notice.csv: ranks by points
got=$(tail -n +2 "$WORK/d/tables/notice.csv" | tr -d '\r' | awk -F, '{print $1 ":" $2}' | paste -sd' ')
[ "$got" = "1:U01 2:U02 3:U03 3:U10" ] || fail "notice.csv order: $got"
"$TZ_BIN" run "$ledger" -o "$WORK/n" --quiet --rules "$CASE/deduct.rules" --notice-days 7 --contact "考核办 王老师 0471-1234567"
pdftotext "$WORK/n/notice.pdf" - | tr -d '\n' | grep -q '公示期为7个工作日.*考核办 王老师 0471-1234567' || fail "--notice-days/--contact"
expect_exit 64 "$TZ_BIN" run "$ledger" -o "$WORK/bad" --notice-days 0 2>/dev/null
echo "assess: ok"
