# taizhang sample: options, exit codes (0, 64, 73, 74) and same options → same bytes.
source ../lib.sh
expect_exit 0 "$TZ_BIN" sample --help
expect_exit 64 "$TZ_BIN" sample
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --year 1999
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --year 2025x
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --seed -1
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --scale 0
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --style fancy
expect_exit 64 "$TZ_BIN" sample -o "$WORK/x" --bogus
expect_exit 64 "$TZ_BIN" sample -o
[ ! -e "$WORK/x" ] || fail "a usage error must not create the folder"
# 73: the folder cannot be made (below a regular file)
touch "$WORK/file"
expect_exit 73 "$TZ_BIN" sample -o "$WORK/file/sub"
# 74: a write fails (the file is a link to /dev/full)
if [ -w /dev/full ]; then
    mkdir "$WORK/full"
    ln -s /dev/full "$WORK/full/participation.csv"
    expect_exit 74 "$TZ_BIN" sample -o "$WORK/full"
fi
# determinism, and the folder is created with its parents
"$TZ_BIN" sample -o "$WORK/a/b/2025" --seed 9 2>/dev/null
"$TZ_BIN" sample -o "$WORK/c" --seed 9 2>/dev/null
"$TZ_BIN" sample -o "$WORK/d" --seed 10 2>/dev/null
diff -r "$WORK/a/b/2025" "$WORK/c" >/dev/null || fail "same options gave different files"
! cmp -s "$WORK/c/participation.csv" "$WORK/d/participation.csv" || fail "another seed gave the same participation"
[ "$(head -1 "$WORK/c/units.csv")" = "单位编码,单位名称,党员人数,组织类别,所属系统" ] || fail "units.csv header"
[ "$(($(wc -l < "$WORK/c/units.csv") - 1))" -eq 378 ] || fail "378 units expected"
echo "sample-cli: ok"
