# The entity files (units, teams, volunteers, demands, activities, results) read in
# parts on several threads give exactly what one thread gives: every table,
# validation.csv and the manifest's inputs, byte for byte. Each file is crafted so that
# records holding quoted line breaks straddle the cuts between parts (TZ_SPLIT_CHUNK=1:
# every line start is a cut), with the errors a part must leave to the join: repeated ids
# (found against every row before them, in file order, whichever part holds the first),
# campaigns named first in a later part (their order is that of first use), rows in
# error in every file, lines ended by CR alone, total rows (one without a label); in
# units.csv an id of another shape (the
# ids are then kept in a map instead of an index by number) and, after it, a repeat of
# an id from before it.
# (a) as above; (b) (a) plus a stray quote in activities.csv and a repeated header row in
# volunteers.csv (read front to back from that part on); (c) (a) with a NUL byte in
# units.csv; (d) (a) with activities.csv in GB18030 read through small windows (the
# parts find it is not UTF-8: all undone, and the file read whole); (e) the same, but
# the file begins with its header in English and 400 rows of ASCII only (in error, for
# their Chinese values are gone, but with their ids and campaigns): GB18030 and UTF-8
# alike up to there, so the parts before the first Chinese byte were joined, their ids
# and campaigns registered, before all is undone and the file read whole (an id left
# registered would be reported as repeated); (f) (a) with a byte that is no UTF-8 nor
# GB18030 far into activities.csv: undone likewise, then the file refused (exit 65), with
# the messages of one thread.
source ../lib.sh
year=2025
src=$WORK/src/$year
"$TZ_BIN" sample -o "$src" --year $year --seed 7 >/dev/null

a=$WORK/a/$year
mkdir -p "$a"
cp "$src"/*.csv "$a"/
# edit FILE AWK-PROGRAM: the data rows of FILE (r = row number) edited in place
edit() {
    awk -F, -v OFS=, "NR == 1 { print; next } { r = NR - 1 } $2" "$a/$1" >"$a/$1.new"
    mv "$a/$1.new" "$a/$1"
}
edit units.csv '
    r == 10      { tenth = $0 }
    r == 200     { print "U-1,另一种编码的单位,3,党支部," }   # an id of another shape: ids go to a map
    r == 300     { print tenth }                            # row 10 again, after that
    r % 7 == 0   { $2 = "\"" $2 "\n（分部）\"" }           # a quoted line break in the name
    r % 41 == 0  { print; $2 = "重复的单位" }              # the same id twice
    r % 43 == 0  { $3 = "二十" }                            # not a number
    r % 47 == 0  { $6 = "多余" }                            # a field more than the header
    r % 17 == 0  { printf "%s\r", $0; next }                # a line ended by CR alone
    { print }'
edit teams.csv '
    r % 5 == 0   { $2 = "\"" $2 "\n\n队\"" }
    r % 13 == 0  { $3 = "99999" }                           # unknown unit
    { print }'
edit volunteers.csv '
    r % 7 == 0   { $7 = "\"财,\"\"会\"\"\n计\"" }           # a comma, quotes and a line break
    r % 97 == 0  { $3 = "99999" }                           # unknown unit
    r % 89 == 0  { $6 = "2025-13-40" }                      # not a date
    r % 101 == 0 { print; $2 = "重名" }                     # the same id twice
    r % 103 == 0 { $10 = "多余" }
    r % 17 == 0  { printf "%s\r", $0; next }
    { print }'
edit demands.csv '
    r % 3 == 0   { $6 = "\"" $6 "\n第二行\"" }
    r % 29 == 0  { print }                                  # the same row twice
    { print }'
edit activities.csv '
    r % 7 == 0   { $3 = "\"" $3 "\n（续）\"" }
    r % 11 == 0  { $8 = "\"x\nHD2025-00001,2025-01-01,标题,独立开展,00001,文化服务,牧区,地点,,,1,\ny\"" }
    r % 5 == 0   { $10 = "行动" (int(r / 50) % 9) }         # campaigns, first named in later parts
    r % 89 == 0  { $2 = "2024-12-31" }                      # out of the year
    r % 97 == 0  { $5 = "99999" }                           # unknown lead unit
    r % 101 == 0 { print; $3 = "重复的活动" }               # the same id twice
    r % 17 == 0  { printf "%s\r", $0; next }
    { print }'
edit results.csv '
    r % 7 == 0   { $2 = "\"" $2 "\n（户）\"" }
    r % 31 == 0  { $1 = "HD2025-99999" }                    # unknown activity
    { print }'
grep -q '^HD2025-00001,2025-01-01,标题,' "$a/activities.csv" || fail "crafted file lacks its trap line"
# total rows at the end: units.csv's without a label (no id, 党员人数 the sum of every
# number above: a part cannot tell it alone), results.csv's labelled 合计
sum=$(python3 -c 'import csv,sys
t=0
for i,row in enumerate(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))):
    if i and len(row) > 2 and row[2].strip().isdigit(): t += int(row[2])
print(t)' "$a/units.csv")
printf ',,%s,,\n' "$sum" >>"$a/units.csv"
printf '合计,,999,户\n' >>"$a/results.csv"

b=$WORK/b/$year; mkdir -p "$b"; cp "$a"/*.csv "$b"/
awk 'NR == 1201 { print "HD2025-01999,2025-03-01,\"坏\"引号,独立开展,00001,文化服务,牧区,地点,,,1," } { print }' \
    "$a/activities.csv" >"$b/activities.csv"
awk 'NR == 900 { print "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌,加入日期,特长,联系电话,身份证号" } { print }' \
    "$a/volunteers.csv" >"$b/volunteers.csv"
c=$WORK/c/$year; mkdir -p "$c"; cp "$a"/*.csv "$c"/
{ head -200 "$a/units.csv"; printf '09999,空\0字符,3,党支部,\n'; tail -n +201 "$a/units.csv"; } >"$c/units.csv"
d=$WORK/d/$year; mkdir -p "$d"; cp "$a"/*.csv "$d"/
iconv -f UTF-8 -t GB18030 "$a/activities.csv" >"$d/activities.csv"
e=$WORK/e/$year; mkdir -p "$e"; cp "$a"/*.csv "$e"/
awk -F, -v OFS=, '
NR == 1 { print "activity_id,date,title,mode,lead_unit_id,category,area_type,location,demand_id,campaign,beneficiaries,donation_yuan"; next }
NR <= 401 { print $1, $2, "t", "m", $5, "c", "a", "", "", "C" (NR % 3), 5, ""; next }
{ print }' "$src/activities.csv" | iconv -f UTF-8 -t GB18030 >"$e/activities.csv"
f=$WORK/f/$year; mkdir -p "$f"; cp "$a"/*.csv "$f"/
awk 'NR == 1500 { sub(/,/, ",\377") } { print }' "$a/activities.csv" >"$f/activities.csv"

for ledger in "$a" "$b" "$c" "$d" "$e" "$f"; do
    name=$(basename "$(dirname "$ledger")")
    one=$WORK/out-$name-1
    rc=0; [ "$name" = f ] && rc=65
    expect_exit $rc "$TZ_BIN" run "$ledger" -o "$one" --tables-only --lenient --max-dropped 100 --quiet --threads 1 2>"$one.err"
    if [ "$name" = f ]; then
        "$TZ_BIN" validate "$ledger" -o "$WORK/f-problems.csv" >/dev/null 2>&1 || true
        grep -q '^activities.csv,1500,[0-9]*,error,encoding.invalid' "$WORK/f-problems.csv" ||
            fail "f: $(grep activities "$WORK/f-problems.csv" | head -2)"
        mkdir -p "$one"
    fi
    if [ "$name" = e ]; then
        grep -q '^activities.csv,2,4,error,enum.invalid' "$one/validation.csv" || fail "e: ASCII rows not read"
    fi
    for f in units teams volunteers demands activities results; do
        [ "$name" = f ] && break
        grep -q "^$f.csv," "$one/validation.csv" || fail "$name: no problem in $f.csv"
    done
    [ "$name" = f ] || grep -q 'id.duplicate' "$one/validation.csv" || fail "$name: no repeated id"
    for chunk in 1 37 1000 65536; do
        for threads in 2 3; do
            out=$WORK/out-$name-$chunk-$threads
            TZ_SPLIT_TRACE=1 TZ_SPLIT_WINDOW=$((chunk * 50 > 4096 ? chunk * 50 : 4096)) TZ_SPLIT_CHUNK=$chunk expect_exit $rc "$TZ_BIN" run "$ledger" -o "$out" \
                --tables-only --lenient --max-dropped 100 --quiet --threads $threads 2>"$out.trace"
            [ "$name" = f ] && mkdir -p "$out"
            cmp -s <(sed "s|$one|OUT|g" "$one.err") <(grep -v '^taizhang: split:' "$out.trace" | sed "s|$out|OUT|g") ||
                fail "$name: --threads $threads, parts of $chunk bytes: other messages than --threads 1"
            # every entity file of (a) but units.csv read in parts to its end, some
            # parts beginning inside a record (parts of 1 and 37 bytes); units.csv from
            # the part of its total row without a label on, front to back
            if [ "$name" = a ] && [ "$chunk" -le 37 ]; then
                n=$(grep -v 'split: participation.csv:' "$out.trace" | grep -c 'split: .* [1-9][0-9]* began inside a record, none front to back' || true)
                [ "$n" -eq 5 ] || fail "a: parts of $chunk bytes: $(cat "$out.trace")"
                grep -q 'split: units.csv: .* front to back from line' "$out.trace" ||
                    fail "a: units.csv, parts of $chunk bytes: $(cat "$out.trace")"
            fi
            diff -r -x manifest.json "$one" "$out" >/dev/null ||
                fail "$name: --threads $threads, parts of $chunk bytes differ from --threads 1"
            [ "$name" = f ] && continue
            cmp -s <(sed '/"command": {/,/^  },/d' "$one/manifest.json") \
                   <(sed '/"command": {/,/^  },/d' "$out/manifest.json") ||
                fail "$name: --threads $threads, parts of $chunk bytes: manifest.json differs"
        done
    done
done
# row 10 of units.csv repeated after the id of another shape: reported, naming its line
tenth=$(grep -n '^00010,' "$a/units.csv" | head -1 | cut -d: -f1)
grep -q "^units.csv,[0-9]*,1,error,id.duplicate,.*第 $tenth 行已经用过.*,00010" "$WORK/out-a-1/validation.csv" ||
    fail "a: the repeat of 00010 (line $tenth) is not reported"
grep -q '^units.csv,[0-9]*,3,error,row.total' "$WORK/out-a-1/validation.csv" || fail "a: the total row of units.csv is not found"
grep -q '^results.csv,[0-9]*,1,error,row.total' "$WORK/out-a-1/validation.csv" || fail "a: the 合计 row of results.csv is not found"
grep -q '^activities.csv,[0-9]*,,error,csv.syntax' "$WORK/out-b-1/validation.csv" || fail "b: the stray quote is not reported"
grep -q '^volunteers.csv,[0-9]*,,warning,header.repeated' "$WORK/out-b-1/validation.csv" || fail "b: the repeated header is not reported"
grep -q '^units.csv,[0-9]*,,error,csv.nul' "$WORK/out-c-1/validation.csv" || fail "c: the NUL byte is not reported"
echo "split-entities: 6 ledgers × 4 part sizes × 2 thread counts, the same outputs as one thread"
