#!/usr/bin/env bash
# Charts end to end, on the committed sample year: each chart as PNG (960 px wide, RGB, no
# alpha) and SVG; the same bytes on a second run; --tables-only draws none; a font without
# Chinese stops the run with exit 78 and names the package to install.
source ../lib.sh

sample=$CASE/../../../input/sample
charts="01-bonus 02-participation 03-categories 04-areas 05-months 06-hours
        07-rate-beneficiaries 08-demands 09-results 10-supply"

"$TZ_BIN" run "$sample/2025" -o "$WORK/a" --previous "$sample/2024" --quiet
"$TZ_BIN" run "$sample/2025" -o "$WORK/b" --previous "$sample/2024" --quiet
for c in $charts; do
    png=$WORK/a/charts/$c.png svg=$WORK/a/charts/$c.svg
    [ -s "$png" ] && [ -s "$svg" ] || fail "charts/$c.png or .svg missing"
    # PNG signature, IHDR width 960 (0x3c0), bit depth 8, colour type 2 (RGB, no alpha)
    [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$c.png: not a PNG"
    [ "$(od -An -tx1 -j16 -N4 "$png" | tr -d ' \n')" = 000003c0 ] || fail "$c.png: not 960 px wide"
    [ "$(od -An -tx1 -j24 -N2 "$png" | tr -d ' \n')" = 0802 ] || fail "$c.png: not 8-bit RGB"
    head -c 200 "$svg" | grep -q '<svg' || fail "$c.svg: not SVG"
    grep -q 'width="480pt"' "$svg" || fail "$c.svg: not 480 pt wide"
    cmp -s "$png" "$WORK/b/charts/$c.png" || fail "$c.png differs on a second run"
    cmp -s "$svg" "$WORK/b/charts/$c.svg" || fail "$c.svg differs on a second run"
done
[ "$(ls "$WORK/a/charts" | wc -l)" -eq 20 ] || fail "charts/ holds other files: $(ls "$WORK/a/charts")"

"$TZ_BIN" run "$sample/2025" -o "$WORK/t" --tables-only --quiet
[ ! -e "$WORK/t/charts" ] || fail "--tables-only drew charts"

TAIZHANG_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
    expect_exit 78 "$TZ_BIN" run "$sample/2025" -o "$WORK/f" --quiet 2>"$WORK/f.err"
grep -q 'fonts-wqy-zenhei' "$WORK/f.err" || fail "no package named: $(cat "$WORK/f.err")"
echo "charts: ok"
