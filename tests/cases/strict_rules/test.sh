#!/usr/bin/env bash
# The stricter rules (strict.rules) on the hand-worked ledger (../handworked/2025):
# bonus_audit.csv and units.csv's bonus_points as worked by hand in WORKING.md; `explain`
# prints the same numbers; a wrong rules file is refused (exit 78) before anything is
# computed, with every problem's line and column.
source ../lib.sh

ledger=$CASE/../handworked/2025
out=$WORK/out
"$TZ_BIN" run "$ledger" -o "$out" --quiet --rules "$CASE/strict.rules"
cmp -s "$CASE/expected/bonus_audit.csv" "$out/tables/bonus_audit.csv" || {
    diff "$CASE/expected/bonus_audit.csv" "$out/tables/bonus_audit.csv" || true
    fail "bonus_audit.csv differs from expected/bonus_audit.csv"
}
# bonus_points is the last column of units.csv (WORKING.md: 1.20, 1.08, 0.00, 0.83)
got=$(tail -n +2 "$out/tables/units.csv" | tr -d '\r' | awk -F, '{print $1 "=" $NF}' | paste -sd' ')
[ "$got" = "U01=1.20 U02=1.08 U03=0.00 U10=0.83" ] || fail "strict bonus_points: $got"

# The default rules (WORKING.md, last section): 1.30, 0.90, 1.10, 1.00
"$TZ_BIN" run "$ledger" -o "$WORK/default" --quiet
got=$(tail -n +2 "$WORK/default/tables/units.csv" | tr -d '\r' | awk -F, '{print $1 "=" $NF}' | paste -sd' ')
[ "$got" = "U01=1.30 U02=0.90 U03=1.10 U10=1.00" ] || fail "default bonus_points: $got"

# explain: its numbers are the audit's, rule by rule, for every unit and both rule sets.
check_explain() {   # RULES_ARGS… -- AUDIT
    local audit=${@: -1}
    for unit in U01 U02 U03 U10; do
        "$TZ_BIN" explain "$ledger" "$unit" "${@:1:$#-1}" >"$WORK/explain.txt" \
            || fail "explain $unit failed"
        # raw, after the rule's bounds, after the total's, after the gate (two lines a rule)
        got=$(sed -n -e 's/^ *原始得分 \([-0-9.]*\)\(（扣分）\)\{0,1\}，.*上下限后 \([-0-9.]*\)$/\1,\3/p' \
                     -e 's/^ *总分上下限后 \([-0-9.]*\)，门槛后（最后得分） \([-0-9.]*\)$/\1,\2/p' \
              "$WORK/explain.txt" | paste -sd',' | sed 's/\([^,]*,[^,]*,[^,]*,[^,]*\),/\1 /g')
        want=$(tr -d '\r' <"$audit" | awk -F, -v u="$unit" '$1 == u {print $(NF-5) "," $(NF-4) "," $(NF-3) "," $(NF-2)}' | paste -sd' ')
        [ -n "$want" ] && [ "$got" = "$want" ] || fail "explain $unit: '$got', audit: '$want'"
    done
}
check_explain --rules "$CASE/strict.rules" "$out/tables/bonus_audit.csv"
check_explain "$WORK/default/tables/bonus_audit.csv"

"$TZ_BIN" explain "$ledger" U01 --rules "$CASE/strict.rules" >"$WORK/u01.txt"
grep -q '^单位 U01 市财政局机关党委 的考核加分$' "$WORK/u01.txt" || fail "explain heading"
grep -q '^  满足（服务人次(person_times)=7; 服务时长(hours)=18.5）$' "$WORK/u01.txt" || fail "explain gate"
grep -q '^   计入的活动（2 项）：A2 A3$' "$WORK/u01.txt" || fail "explain activities of coverage"
grep -A1 '^   原始得分 0.23，本条不设上下限，本条上下限后 0.23$' "$WORK/u01.txt" \
    | grep -q '^   总分上下限后 0.15，门槛后（最后得分） 0.15$' \
    || fail "explain donation under the total cap"
grep -q '^合计：1.20 分（总分上限 1.20）$' "$WORK/u01.txt" || fail "explain total"
"$TZ_BIN" explain "$ledger" U03 --rules "$CASE/strict.rules" >"$WORK/u03.txt"
grep -q '^  不满足（服务人次(person_times)=4; 服务时长(hours)=11.5）' "$WORK/u03.txt" || fail "explain gated out"
grep -q '^合计：0.00 分' "$WORK/u03.txt" || fail "explain gated total"

# A campaign name the ledger never uses: a warning with the nearest used name, not an error.
printf 'rule cov "十个全覆盖"\n    points 0.1 * activities(campaign="十个全复盖")\n' >"$WORK/typo.rules"
"$TZ_BIN" run "$ledger" -o "$WORK/typo" --quiet --rules "$WORK/typo.rules" 2>"$WORK/typo.err"
grep -q 'typo.rules:2:18: 注意：专项行动“十个全复盖”.*是不是“十个全覆盖”' "$WORK/typo.err" \
    || fail "no warning for an unused campaign name: $(cat "$WORK/typo.err")"

# An unknown unit: exit 64, the nearest id named.
expect_exit 64 "$TZ_BIN" explain "$ledger" U002 2>"$WORK/unit.err"
grep -q '“U002”.*是不是“U02”' "$WORK/unit.err" || fail "nearest unit id: $(cat "$WORK/unit.err")"

# A rules file with mistakes: exit 78, nothing written, every problem with its place
# (columns counted by hand, a Chinese character is one column).
cat >"$WORK/bad.rules" <<'RULES'
total_cap -1
rule a "甲"
    points 0.2 * hourz
rule a
    points (1 + 2
RULES
expect_exit 78 "$TZ_BIN" run "$ledger" -o "$WORK/bad-out" --rules "$WORK/bad.rules" 2>"$WORK/bad.err"
[ ! -e "$WORK/bad-out" ] || fail "a refused rules file left output behind"
for where in 'bad.rules:1:11: 上限不能是负数' 'bad.rules:3:18: 没有叫“hourz”的数据项：是不是“hours”' \
             'bad.rules:4:6: 规则编号“a”重复了' 'bad.rules:4:7: 规则“a”缺少中文名称' \
             'bad.rules:5:12: 括号不配对'; do
    grep -q "^taizhang: .*$where" "$WORK/bad.err" || fail "missing: $where"
done
[ "$(grep -c 'bad.rules:' "$WORK/bad.err")" -eq 5 ] || fail "expected 5 problems: $(cat "$WORK/bad.err")"
expect_exit 78 "$TZ_BIN" explain "$ledger" U01 --rules "$WORK/bad.rules" 2>/dev/null
expect_exit 66 "$TZ_BIN" run "$ledger" -o "$WORK/x" --rules "$WORK/nowhere.rules" 2>/dev/null
expect_exit 66 "$TZ_BIN" explain "$ledger" U01 --rules "$WORK/nowhere.rules" 2>/dev/null
expect_exit 64 "$TZ_BIN" explain "$ledger"
echo "strict_rules: ok"
