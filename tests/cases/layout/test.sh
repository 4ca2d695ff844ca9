#!/usr/bin/env bash
# The house's order: base → input → pipeline → rules → output → samplegen → app.
# A file of the program includes only headers of its own folder and of folders before it,
# and a folder's private headers (named *_int.h) only from that folder.
source ../lib.sh
top=$(cd ../../.. && pwd)
order=(base input pipeline rules output samplegen app)
rank() { local i; for i in "${!order[@]}"; do [ "${order[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }
bad=0
for dir in "${order[@]}"; do
    mine=$(rank "$dir")
    for f in "$top/$dir"/*.[ch]; do
        [ -f "$f" ] || continue
        while IFS= read -r inc; do
            theirs=$(rank "${inc%%/*}")
            [ "$theirs" -ge 0 ] || { echo "${f#$top/}: includes \"$inc\", a folder outside the order"; bad=1; continue; }
            [ "$theirs" -le "$mine" ] || { echo "${f#$top/}: includes \"$inc\", a folder after its own"; bad=1; }
        done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
    done
done
[ "$bad" -eq 0 ] || fail "folders include folders after their own"
# a header named *_int.h is private to its folder: no file of another folder includes it
for dir in "${order[@]}"; do
    for f in "$top/$dir"/*.[ch]; do
        [ -f "$f" ] || continue
        while IFS= read -r inc; do
            [ "${inc%%/*}" = "$dir" ] || { echo "${f#$top/}: includes \"$inc\", private to ${inc%%/*}/"; bad=1; }
        done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*_int\.h\)".*/\1/p' "$f")
    done
done
# nor from a public header of its own folder, through which it would reach the others
for f in "$top"/*/*.h; do
    case "$f" in *_int.h|"$top"/tests/*|"$top"/build*/*) continue ;; esac
    if grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*_int\.h"' "$f"; then
        echo "${f#$top/}: a public header includes a private one"
        bad=1
    fi
done
[ "$bad" -eq 0 ] || fail "a folder's private header (*_int.h) is included from another folder"
# no stray folder of C sources outside the order
for d in "$top"/*/; do
    d=$(basename "$d")
    case " ${order[*]} tests docs build build-san build-fuzz out " in *" $d "*) continue ;; esac
    ls "$top/$d"/*.c >/dev/null 2>&1 && fail "$d/ holds C sources but is not in the order"
done
echo "layout: ${#order[@]} folders in order, no include backwards, private headers kept home"
