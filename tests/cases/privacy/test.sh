# Personal data: phone and ID numbers never appear unmasked in any output or message.
# Ledgers: the small valid set with phone and ID numbers planted where they belong and
# where they do not (a row shifted by a comma in the name, a phone in the date or
# political-status column, an ID number as a volunteer id, numbers with separators or
# +86, ID numbers in participation); and input/sample/2025 when the repository has it.
# Every number of the ledgers that looks like a phone (11 digits 1[3-9]...) or an ID
# number (17 digits and a digit or X) is looked for, separators removed, in everything
# the program writes: validation CSV, stdout, stderr, and for `run` (once it is in the
# program) every table, manifest.json, the SVG charts and the text of report.pdf.
source ../lib.sh
export LC_ALL=C
ROOT=$(cd ../../.. && pwd)

# numbers IN: the phone- and ID-shaped numbers of a ledger folder, one a line.
numbers() {
    cat "$1"/*.csv | tr -d ' -' | grep -a -o -E '1[3-9][0-9]{9}|[0-9]{17}[0-9Xx]' | sort -u
}

# text_of FILE: what a reader of FILE sees.
text_of() {
    case $1 in
    *.pdf) pdftotext -q "$1" - 2>/dev/null || echo "pdftotext failed on $1" ;;
    *.png) ;;     # pixels: the same text as the SVG beside it
    *) cat "$1" ;;
    esac
}

# leaks FOLDER_OF_LEDGERS FILE...: every planted number found in the FILEs.
leaks() {
    local ledgers=$1; shift
    local all=$WORK/all.txt f
    : >"$all"
    for f in "$@"; do text_of "$f" | tr -d ' -' >>"$all"; done
    numbers "$ledgers" >"$WORK/numbers.txt"
    [ -s "$WORK/numbers.txt" ] || fail "no phone or ID numbers found in $ledgers"
    grep -a -F -o -f "$WORK/numbers.txt" "$all" | sort -u || true
}

has_run=0
"$TZ_BIN" --help 2>/dev/null | grep -q '^  run ' && has_run=1

check() {   # check NAME LEDGER_DIR WANT_VALIDATE_EXIT
    local name=$1 dir=$2 want=$3 got=0
    mkdir -p "$WORK/$name"
    "$TZ_BIN" validate "$dir" -o "$WORK/$name/validation.csv" >"$WORK/$name/stdout" \
        2>"$WORK/$name/stderr" || got=$?
    [ "$got" -eq "$want" ] || fail "$name: validate exit $got, want $want"
    local found
    found=$(leaks "$dir" "$WORK/$name"/validation.csv "$WORK/$name"/stdout "$WORK/$name"/stderr)
    [ -z "$found" ] || fail "$name: validate shows unmasked: $found"
    # the masked forms are there: the clerk can still tell which value is meant
    if [ "$want" -ne 0 ]; then
        grep -a -q -E '[0-9]{3}\*{4}[0-9]{4}|[0-9]{6}\*{5,}[0-9]{3}[0-9Xx]' "$WORK/$name/validation.csv" ||
            fail "$name: no masked number in the problems"
    fi
    if [ "$has_run" -eq 1 ]; then
        local out=$WORK/$name/out
        got=0
        "$TZ_BIN" run "$dir" -o "$out" --lenient --max-dropped 100 >"$WORK/$name/run.stdout" 2>"$WORK/$name/run.stderr" || got=$?
        [ "$got" -eq 0 ] || fail "$name: run --lenient exit $got: $(head -c 1000 "$WORK/$name/run.stderr")"
        mapfile -t files < <(find "$out" -type f | sort)
        [ "${#files[@]}" -gt 0 ] || fail "$name: run wrote nothing"
        found=$(leaks "$dir" "${files[@]}" "$WORK/$name/run.stdout" "$WORK/$name/run.stderr")
        [ -z "$found" ] || fail "$name: run shows unmasked: $found"
    fi
    echo "$name: $(numbers "$dir" | wc -l) planted numbers, none shown unmasked"
}

mkdir -p "$WORK/planted"
cp -R "$ROOT/tests/data/small/2025" "$WORK/planted/2025"
cp volunteers.csv participation.csv "$WORK/planted/2025/"
check planted "$WORK/planted/2025" 65

if [ -d "$ROOT/input/sample/2025" ]; then
    check sample "$ROOT/input/sample/2025" 0
fi
echo ok
