# The committed sample years are exactly what the documented command regenerates
# (docs/sample.md: tests/sample/make-sample.sh), byte for byte.
source ../lib.sh
repo=$(cd ../../.. && pwd)
bash "$repo/tests/sample/make-sample.sh" "$TZ_BIN" "$WORK" 2>/dev/null
for year in 2024 2025; do
    for f in units teams volunteers activities participation demands results; do
        cmp "$repo/input/sample/$year/$f.csv" "$WORK/$year/$f.csv" ||
            fail "input/sample/$year/$f.csv differs from what tests/sample/make-sample.sh writes"
    done
    extra=$(ls "$repo/input/sample/$year" | grep -v -E '^(units|teams|volunteers|activities|participation|demands|results)\.csv$' || true)
    [ -z "$extra" ] || fail "input/sample/$year holds other files: $extra"
done
echo "sample-committed: ok"
