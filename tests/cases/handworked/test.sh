#!/usr/bin/env bash
# The hand-worked case (WORKING.md): `run` on 2025/ must write every table of expected/
# byte for byte; then the options and failures around it.
source ../lib.sh

out=$WORK/out
"$TZ_BIN" run "$CASE/2025" -o "$out" --quiet
for want in "$CASE"/expected/*.csv; do
    name=$(basename "$want")
    [ -f "$out/tables/$name" ] || fail "tables/$name was not written"
    if ! cmp -s "$want" "$out/tables/$name"; then
        diff "$want" "$out/tables/$name" || true
        fail "tables/$name differs from expected/$name"
    fi
done

# The rules stage's audit table is written beside the others.
[ -s "$out/tables/bonus_audit.csv" ] || fail "tables/bonus_audit.csv missing"

# validation.csv: BOM, CRLF, its header, and the one warning (A6 has no participation rows).
v=$out/validation.csv
[ "$(head -c 3 "$v" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "validation.csv has no BOM"
head -n 1 "$v" | grep -q $'file,line,column,severity,code,message,value\r$' || fail "validation.csv header"
grep -q '^activities.csv,7,[0-9]*,warning,' "$v" || fail "no warning for A6 in validation.csv"
[ "$(grep -c ',error,' "$v" || true)" -eq 0 ] || fail "errors in a clean ledger"

# The same inputs give the same bytes.
"$TZ_BIN" run "$CASE/2025" -o "$WORK/again" --quiet
for f in "$out"/tables/*.csv "$out"/validation.csv; do
    cmp -s "$f" "$WORK/again/${f#"$out"/}" || fail "second run differs: $f"
done

# --apportion lead: every activity's beneficiaries to its lead unit (WORKING.md, 3).
"$TZ_BIN" run "$CASE/2025" -o "$WORK/lead" --quiet --apportion lead
got=$(tail -n +2 "$WORK/lead/tables/units.csv" | tr -d '\r' | cut -d, -f1 | paste -sd' ')
[ "$got" = "U01 U02 U03 U10" ] || fail "units order: $got"
got=$(tail -n +2 "$WORK/lead/tables/units.csv" | tr -d '\r' | awk -F, '{print $(NF-3)}' | paste -sd' ')
[ "$got" = "180 17 36 9" ] || fail "lead apportionment: $got"

# --previous: last year = the same ledgers a year earlier, without the rows of A7 and A8
# (20 rows, 56.0 hours): person_times +25.00 %, hours (67.5 − 56) / 56 = +20.54 %.
mkdir -p "$WORK/prev"
cp -r "$CASE/2025" "$WORK/prev/2024"
sed -i 's/,2025-/,2024-/g' "$WORK/prev/2024/activities.csv" "$WORK/prev/2024/demands.csv"
head -n 21 "$CASE/2025/participation.csv" > "$WORK/prev/2024/participation.csv"
"$TZ_BIN" run "$CASE/2025" -o "$WORK/cmp" --quiet --previous "$WORK/prev/2024"
s=$WORK/cmp/tables/summary.csv
grep -q $'^\xef\xbb\xbfkey,value,previous,change\r$' "$s" || fail "summary.csv header with --previous"
grep -q $'^person_times,25,20,+25.00\r$' "$s" || fail "person_times change"
grep -q $'^hours,67.5,56.0,+20.54\r$' "$s" || fail "hours change"
grep -q $'^units,4,4,0.00\r$' "$s" || fail "units change"
grep -q $'^units_with_bonus,4,4,0.00\r$' "$s" || fail "units_with_bonus change"

# An error stops the run (exit 65), leaves no output, and names the place.
mkdir -p "$WORK/bad"
cp -r "$CASE/2025" "$WORK/bad/2025"
sed -i 's/^A4,V05,1.0,,$/A4,V05,300余,,/' "$WORK/bad/2025/participation.csv"
grep -q '300余' "$WORK/bad/2025/participation.csv" || fail "could not break the ledger"
expect_exit 65 "$TZ_BIN" run "$WORK/bad/2025" -o "$WORK/bad-out" 2>"$WORK/bad.err"
[ ! -e "$WORK/bad-out" ] || fail "a failed run left output behind"
grep -q 'participation.csv:16:3' "$WORK/bad.err" || fail "the error does not name participation.csv:16:3"

# --lenient drops that row (U02: 7 rows, 20.5 hours) and lists it.
"$TZ_BIN" run "$WORK/bad/2025" -o "$WORK/lenient" --quiet --lenient
grep -q '^participation.csv,16,3,error,' "$WORK/lenient/validation.csv" || fail "dropped row not listed"
grep -q '^U02,.*,3,7,20.5,' "$WORK/lenient/tables/units.csv" || fail "lenient U02 figures"

# --rules: a file of our own, 0.1 point per hour: U01 18.5 h → 1.85, U02 2.15, U03 1.15,
# U10 1.60.
printf '规则 hours "服务时长"\n    得分 0.1 × hours\n' >"$WORK/hours.rules"
"$TZ_BIN" run "$CASE/2025" -o "$WORK/rules" --quiet --rules "$WORK/hours.rules"
got=$(tail -n +2 "$WORK/rules/tables/units.csv" | tr -d '\r' | awk -F, '{print $NF}' | paste -sd' ')
[ "$got" = "1.85 2.15 1.15 1.60" ] || fail "--rules points: $got"

# A rules file with a mistake: exit 78 before anything is read or written.
printf '规则 broken "坏规则"\n    得分 0.1 × no_such_figure\n' >"$WORK/bad.rules"
expect_exit 78 "$TZ_BIN" run "$CASE/2025" -o "$WORK/badrules" --rules "$WORK/bad.rules" 2>"$WORK/badrules.err"
[ ! -e "$WORK/badrules" ] || fail "a refused rules file left output behind"
grep -q 'bad.rules:2:' "$WORK/badrules.err" || fail "the rules error does not name bad.rules:2"

# Usage and missing input.
expect_exit 64 "$TZ_BIN" run "$CASE/2025"
expect_exit 64 "$TZ_BIN" run "$CASE/2025" -o "$WORK/x" --apportion half
expect_exit 64 "$TZ_BIN" run "$CASE/2025" -o "$WORK/x" --threads zero
expect_exit 66 "$TZ_BIN" run "$WORK/nowhere/2025" -o "$WORK/x"
echo "handworked: ok"
