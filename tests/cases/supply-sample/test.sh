#!/usr/bin/env bash
# Demand against supply on the bundled sample year: every open demand is listed in
# open_demands.csv, found here by an independent route (the ledgers' demand ids that no
# activity names: ids matched as text, not through the program's reader), and the counts of
# supply_demand.csv add up to summary.csv's demands, demands_answered, activities and
# person_times.
source ../lib.sh
export LC_ALL=C
ROOT=$(cd ../../.. && pwd)
S=$ROOT/input/sample/2025
[ -d "$S" ] || { echo "supply-sample: no sample year, skipped"; exit 0; }

out=$WORK/out
"$TZ_BIN" run "$S" -o "$out" --quiet --tables-only 2>/dev/null
t=$out/tables

# the open demands, from the raw files (demands.csv is GB18030; activities.csv UTF-8)
iconv -f GB18030 -t UTF-8 "$S/demands.csv" | tr -d '\r' | tail -n +2 |
    grep -a -o -E '^XQ[0-9]{4}-[0-9]{4}' | sort -u >"$WORK/all.txt"
grep -a -o -E 'XQ[0-9]{4}-[0-9]{4}' "$S/activities.csv" | sort -u >"$WORK/answered.txt"
comm -23 "$WORK/all.txt" "$WORK/answered.txt" >"$WORK/open.txt"
[ -s "$WORK/open.txt" ] || fail "no open demand found in the sample"
tail -n +2 "$t/open_demands.csv" | tr -d '\r' | cut -d, -f1 >"$WORK/listed.txt"
diff "$WORK/open.txt" "$WORK/listed.txt" >/dev/null ||
    fail "open_demands.csv does not list the open demands: $(diff "$WORK/open.txt" "$WORK/listed.txt" | head -5)"

# the sums of supply_demand.csv against summary.csv
summary() { grep -a "^$1," "$t/summary.csv" | tr -d '\r' | cut -d, -f2; }
column_sum() { tail -n +2 "$t/supply_demand.csv" | tr -d '\r' | awk -F, -v c="$1" '{ s += $c } END { print s }'; }
[ "$(column_sum 4)" = "$(summary demands)" ] || fail "demands: $(column_sum 4) ≠ $(summary demands)"
[ "$(column_sum 5)" = "$(summary demands_answered)" ] || fail "answered ≠ demands_answered"
[ "$(column_sum 6)" = "$(wc -l <"$WORK/open.txt" | tr -d ' ')" ] || fail "open ≠ open demands"
[ "$(column_sum 4)" = "$(wc -l <"$WORK/all.txt" | tr -d ' ')" ] || fail "demands ≠ the ledger's"
[ "$(column_sum 9)" = "$(summary activities)" ] || fail "activities ≠ summary"
[ "$(column_sum 10)" = "$(summary person_times)" ] || fail "person_times ≠ summary"
# every open demand of the sample has at least one team suggested, each with a reason
awk -F, 'NR > 1 && ($8 < 1 || $11 == "") { bad++ } END { exit bad > 0 }' "$t/open_demands.csv" ||
    fail "an open demand without a suggestion"
# ranks 1..n in order, the gaps falling
tail -n +2 "$t/supply_demand.csv" | tr -d '\r' | awk -F, '$1 != NR { exit 1 } NR > 1 && $17 + 0 > prev + 0 { exit 1 } { prev = $17 }' ||
    fail "supply_demand.csv not in the order of its gaps"
echo "supply-sample: $(wc -l <"$WORK/open.txt" | tr -d ' ') open demands listed; sums agree"
