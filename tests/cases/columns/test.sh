#!/usr/bin/env bash
# Each per-unit column is named in one file: its key ("activities_group") stands in
# pipeline/figures.c (FIGURES_UNIT_COLUMNS) and in no other source of the program (issue 13,
# "Done when"). The one exception is input/header.c: the ledgers' English header aliases
# (docs/ledgers.md) are what a clerk may type in a ledger, and four of them are spelt as a
# figure (units.csv's party_members, participation.csv's hours, activities.csv's
# beneficiaries and donation_yuan); input/ comes before pipeline/ and cannot read the table.
source ../lib.sh
top=$(cd ../../.. && pwd)
cd "$top"
keys=$(sed -n '/^const figures_column FIGURES_UNIT_COLUMNS\[\] = {/,/^};/p' pipeline/figures.c |
       sed -n 's/^[[:space:]]*\(\[[A-Z_]*\] =[[:space:]]*\)\{0,1\}{"\([a-z_]*\)".*/\2/p')
n=$(printf '%s\n' "$keys" | grep -c .)
[ "$n" -ge 13 ] || fail "found only $n keys in FIGURES_UNIT_COLUMNS: $keys"
bad=0
for k in $keys; do
    files=$(grep -rl "\"$k\"" --include='*.[ch]' base input pipeline rules output samplegen app |
            grep -vx 'input/header.c' | sort | tr '\n' ' ')
    if [ "$files" != "pipeline/figures.c " ]; then
        echo "\"$k\" is named in: $files"
        bad=1
    fi
done
[ "$bad" -eq 0 ] || fail "a per-unit column key stands outside pipeline/figures.c"
echo "columns: $n keys, each named only in pipeline/figures.c"
