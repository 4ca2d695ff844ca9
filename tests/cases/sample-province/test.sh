# taizhang sample --scale K --cities C (a province, docs/sample.md): the entities of C city
# blocks, about K/C times the participants. Checked here with awk over the CSV files, not
# with the program's own reader: entity files the same as --scale C, rows about K/C times,
# nobody twice in an activity, nobody over 12 hours (the sample's rule; the contract's is
# 24) a day or before joining, every participant from the lead unit's city block, and
# `validate` with no error and only the planted warnings of C blocks.
source ../lib.sh
S="$TZ_BIN sample"
# options: --cities above --scale, 0, not a number
expect_exit 64 $S -o "$WORK/x" --scale 3 --cities 4
expect_exit 64 $S -o "$WORK/x" --cities 2
expect_exit 64 $S -o "$WORK/x" --scale 2 --cities 0
expect_exit 64 $S -o "$WORK/x" --scale 2 --cities 1x
expect_exit 64 $S -o "$WORK/x" --scale 2 --cities
[ ! -e "$WORK/x" ] || fail "a usage error must not create the folder"

$S -o "$WORK/c2/2025" --scale 2 2>/dev/null
$S -o "$WORK/p62/2025" --scale 6 --cities 2 2>/dev/null
$S -o "$WORK/c6/2025" --scale 6 2>/dev/null
$S -o "$WORK/c4/2025" --scale 4 2>/dev/null
$S -o "$WORK/p44/2025" --scale 4 --cities 4 2>/dev/null
$S -o "$WORK/p62b/2025" --scale 6 --cities 2 2>/dev/null

# --cities K is the default: the same bytes; same options, same bytes
diff -r "$WORK/c4/2025" "$WORK/p44/2025" >/dev/null || fail "--scale 4 --cities 4 differs from --scale 4"
diff -r "$WORK/p62/2025" "$WORK/p62b/2025" >/dev/null || fail "--scale 6 --cities 2 twice gave different files"

P=$WORK/p62/2025 C=$WORK/c2/2025
rows() { echo $(($(wc -l <"$1") - 1)); }
# the city (and the demands) are those of --scale 2, byte for byte: 2 × 378 units
for f in units teams volunteers demands; do
    cmp -s "$C/$f.csv" "$P/$f.csv" || fail "$f.csv of --scale 6 --cities 2 differs from --scale 2"
done
[ "$(rows "$P/units.csv")" -eq $((2 * 378)) ] || fail "2 × 378 units expected"

# activities: those of 2 blocks (within 3 %), not of 6
a2=$(rows "$C/activities.csv") a62=$(rows "$P/activities.csv")
[ $((a62 * 100)) -ge $((a2 * 97)) ] && [ $((a62 * 100)) -le $((a2 * 103)) ] ||
    fail "--scale 6 --cities 2: $a62 activities, --scale 2: $a2"
# participation: about 6/2 = 3 times --scale 2 (2.7–3.3), and about --scale 6's rows (±10 %)
r2=$(rows "$C/participation.csv") r62=$(rows "$P/participation.csv") r6=$(rows "$WORK/c6/2025/participation.csv")
[ $((r62 * 10)) -ge $((r2 * 27)) ] && [ $((r62 * 10)) -le $((r2 * 33)) ] ||
    fail "--scale 6 --cities 2: $r62 rows, 3 × --scale 2 would be $((3 * r2))"
[ $((r62 * 10)) -ge $((r6 * 9)) ] && [ $((r62 * 10)) -le $((r6 * 11)) ] ||
    fail "--scale 6 --cities 2: $r62 rows, --scale 6: $r6"

# Row by row (plain style: UTF-8, ISO dates, no quoted commas in these columns).
# units.csv 单位编码 → block (unit number − 1) / 378; volunteers: unit and 加入日期;
# activities: date and 牵头单位编码. Participation: no (activity, volunteer) twice, hours per
# volunteer and day ≤ 12, joined ≤ date, volunteer's unit in the lead unit's block.
check_rows() {
    awk -F, '
        FILENAME ~ /volunteers.csv$/ && FNR > 1 { vunit[$1] = $3; vjoined[$1] = $6; next }
        FILENAME ~ /activities.csv$/ && FNR > 1 { adate[$1] = $2; alead[$1] = $5; next }
        FILENAME ~ /participation.csv$/ && FNR > 1 {
            n++
            a = $1; v = $2; h = $3 + 0
            if (!(a in adate)) { print "unknown activity " a; bad++ }
            if (!(v in vunit)) { print "unknown volunteer " v; bad++ }
            if ((a SUBSEP v) in seen) { print "twice in " a ": " v; bad++ }
            seen[a, v] = 1
            if (h <= 0 || h > 24) { print "hours " $3; bad++ }
            day[v, adate[a]] += h
            if (vjoined[v] > adate[a]) { print v " before joining, " a; bad++ }
            if (int((vunit[v] - 1) / 378) != int((alead[a] - 1) / 378)) {
                print v " of unit " vunit[v] " in " a " led by " alead[a]; bad++
            }
            acts[a] = 1
        }
        END {
            for (k in day) if (day[k] > 12.0001) { split(k, p, SUBSEP); print p[1] " " p[2] " " day[k] " h"; bad++ }
            for (a in acts) na++
            print "rows " n " activities " na
            exit bad > 0
        }' "$1/volunteers.csv" "$1/activities.csv" "$1/participation.csv"
}
out=$(check_rows "$P") || fail "--scale 6 --cities 2: $(echo "$out" | head -5)"
out=$(check_rows "$C") || fail "--scale 2: $(echo "$out" | head -5)"
# per activity that has rows, about 3 times as many: 2 activities without rows (planted)
n_with=$(check_rows "$P" | awk '{print $4}')
[ "$n_with" -eq $((a62 - 2)) ] || fail "$n_with activities with rows of $a62 (2 planted without)"

# validate: exit 0, no error, exactly the warnings planted in 2 blocks
expect_exit 0 "$TZ_BIN" validate "$P" -o "$WORK/p62.csv" 2>/dev/null
got=$(tail -n +2 "$WORK/p62.csv" | awk -F, '{print $4 " " $5}' | sort | uniq -c | awk '{print $1, $2, $3}' | sort)
want=$(printf '%s\n' "2 warning activity.group_single_unit" "2 warning activity.no_participation" \
    "4 warning idcard.check_digit" "4 warning unit.no_volunteers" | sort)
[ "$got" = "$want" ] || fail "validate --scale 6 --cities 2 gave
$got
expected
$want"
echo "sample-province: ok"
