# participation.csv read on several threads gives exactly what one thread gives: every
# table, validation.csv and the manifest's inputs (sizes, SHA-256) byte for byte, on a
# ledger crafted so that records holding quoted line breaks straddle the cuts between
# parts. TZ_SPLIT_CHUNK makes the parts tiny (1 byte: every line start is a cut, so every
# multi-line record straddles one), and TZ_SPLIT_WINDOW reads the file in windows of 50
# parts, 4 KiB at least (as a large file is read).
# Three files: (a) well formed, with quoted line breaks, a quoted field that holds a whole
# CSV-looking line, lines ended by CR alone, and row errors (unknown volunteer, bad
# hours, duplicates, extra field); (b) (a) plus a broken record (stray quote) and a
# repeated header row in the middle, which send the reading front to back from that part
# on; (c) (a) with a NUL byte in a cell, likewise.
source ../lib.sh
year=2025
src=$WORK/src/$year
"$TZ_BIN" sample -o "$src" --year $year --seed 7 >/dev/null

# (a): the first 2,500 data rows, edited by row number.
a=$WORK/a/$year
mkdir -p "$a"
cp "$src"/*.csv "$a"/
head -2501 "$src/participation.csv" | awk -F, -v OFS=, '
NR == 1 { print; next }
{
    r = NR - 1
    if (r % 97 == 0)  $2 = "ZY99999"                 # unknown volunteer: ref error
    if (r % 89 == 0)  $3 = "abc"                     # hours not a number
    if (r % 7 == 0)   $5 = "\"负责\n人\""             # one quoted line break
    if (r % 11 == 0)  $5 = "\"a,\"\"b\"\"\n\nc\""    # two, with a comma and quotes
    if (r % 13 == 0)  $5 = "\"x\nHD2025-00001,ZY00001,2.0,,\ny\""   # a CSV-looking line inside
    if (r % 101 == 0) { print; $5 = "重复" }          # the same volunteer twice
    if (r % 103 == 0) $6 = "多余"                     # a field more than the header
    if (r % 17 == 0) { printf "%s\r", $0; next }     # a line ended by CR alone (old Mac)
    print
}' >"$a/participation.csv"
grep -q '^HD2025-00001,ZY00001,2.0,,$' "$a/participation.csv" || fail "crafted file lacks its trap line"

# (b): (a) with a stray quote and a repeated header row in the middle.
b=$WORK/b/$year
mkdir -p "$b"
cp "$a"/*.csv "$b"/
awk 'NR == 1201 { print "HD2025-00002,ZY0\"0001,1.0,," } NR == 1800 { print "活动编号,志愿者编号,服务时长（小时）,代表单位编码,角色" } { print }' \
    "$a/participation.csv" >"$b/participation.csv"
# (c): (a) with a NUL byte in a cell, in the middle
c=$WORK/c/$year
mkdir -p "$c"
cp "$a"/*.csv "$c"/
{ head -1500 "$a/participation.csv"; printf 'HD2025-00003,ZY00003,1.0,,a\0b\n'; tail -n +1501 "$a/participation.csv"; } \
    >"$c/participation.csv"

for ledger in "$a" "$b" "$c"; do
    name=$(basename "$(dirname "$ledger")")
    one=$WORK/out-$name-1
    expect_exit 0 "$TZ_BIN" run "$ledger" -o "$one" --tables-only --lenient --quiet --threads 1
    [ -s "$one/validation.csv" ] || fail "$name: no validation.csv"
    grep -q 'participation.csv' "$one/validation.csv" || fail "$name: no participation problems"
    for chunk in 1 37 1000 65536; do
        for threads in 2 3; do
            out=$WORK/out-$name-$chunk-$threads
            TZ_SPLIT_TRACE=1 TZ_SPLIT_WINDOW=$((chunk * 50 > 4096 ? chunk * 50 : 4096)) TZ_SPLIT_CHUNK=$chunk expect_exit 0 "$TZ_BIN" run "$ledger" -o "$out" \
                --tables-only --lenient --quiet --threads $threads 2>"$out.trace"
            trace=$(grep 'split: participation.csv:' "$out.trace")
            # (a) must be read in parts to its end, some parts beginning inside a
            # record that straddles a cut (read again from its end); (b) goes front to
            # back from the part of its stray quote
            case $name,$chunk in
            a,1|a,37) [[ $trace == *" began inside a record, none front to back"* && $trace != *" 0 began inside"* ]] ||
                          fail "a: parts of $chunk bytes: $trace" ;;
            a,*) [[ $trace == *"none front to back"* ]] || fail "a: parts of $chunk bytes: $trace" ;;
            b,*|c,*) [[ $trace == *"front to back from line"* ]] || fail "$name: parts of $chunk bytes: $trace" ;;
            esac
            # every output the same; manifest.json too (input sizes, hashes, encodings),
            # but for the command line it records
            diff -r -x manifest.json "$one" "$out" >/dev/null ||
                fail "$name: --threads $threads, parts of $chunk bytes differ from --threads 1"
            cmp -s <(sed '/"command": {/,/^  },/d' "$one/manifest.json") \
                   <(sed '/"command": {/,/^  },/d' "$out/manifest.json") ||
                fail "$name: --threads $threads, parts of $chunk bytes: manifest.json differs"
        done
    done
done
# the problems the crafted rows must raise, at their physical lines (independent of the
# program: counted from the crafting rules above)
bad=$(awk -F, 'NR > 1 && $0 ~ /ZY99999/' "$a/participation.csv" | wc -l)
[ "$(grep -c 'ref.unknown_volunteer' "$WORK/out-a-1/validation.csv")" -eq "$bad" ] ||
    fail "unknown volunteers: expected $bad"
# ... each at its physical line (line breaks in quotes counted; LF, CR LF and CR alone
# each end a line)
want=$(awk 'BEGIN { RS = "\r\n|\n|\r" } /ZY99999/ { printf "%d ", NR }' "$a/participation.csv")
got=$(grep 'ref.unknown_volunteer' "$WORK/out-a-1/validation.csv" | cut -d, -f2 | tr '\n' ' ')
[ "$got" = "$want" ] || fail "unknown volunteers at lines $got, expected $want"
grep -q 'csv.syntax' "$WORK/out-b-1/validation.csv" || fail "b: the stray quote is not reported"
grep -q 'header.repeated' "$WORK/out-b-1/validation.csv" || fail "b: the repeated header is not reported"
grep -q 'csv.nul' "$WORK/out-c-1/validation.csv" || fail "c: the NUL byte is not reported"
echo "split: ok"
