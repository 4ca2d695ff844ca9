# make install PREFIX=... DESTDIR=...: the program, the man page, the default rules and the
# sample land where the man page says; installing twice changes nothing; uninstall removes all.
source ../lib.sh
root=$(cd ../../.. && pwd)
build=$(dirname "$TZ_BIN")
stage=$WORK/stage
inst() { make -s -C "$root" "$@" BUILD="$build" PREFIX=/opt/tz DESTDIR="$stage" >/dev/null; }

inst install || fail "make install failed"
p=$stage/opt/tz
[ -x "$p/bin/taizhang" ] || fail "no program"
cmp -s "$p/bin/taizhang" "$TZ_BIN" || fail "the installed program is not the built one"
"$p/bin/taizhang" --version | grep -q '^taizhang [0-9]' || fail "--version"
head -n 1 "$p/share/man/man1/taizhang.1" | grep -q '^\.TH TAIZHANG 1' || fail "no man page"
cmp -s "$p/share/taizhang/rules/default.rules" "$root/rules/default.rules" || fail "default rules"
diff -r "$root/input/sample" "$p/share/taizhang/sample" >/dev/null || fail "sample differs"
# the documents that --help names are installed
for d in "$root"/README.md "$root"/docs/*.md; do
    cmp -s "$d" "$p/share/doc/taizhang/$(basename "$d")" || fail "document $(basename "$d") not installed"
done
"$p/bin/taizhang" --help | grep -q 'share/doc/taizhang' || fail "--help does not say where the documents are"
[ "$(stat -c %a "$p/bin/taizhang")" = 755 ] || fail "program mode"
[ "$(stat -c %a "$p/share/man/man1/taizhang.1")" = 644 ] || fail "man page mode"

find "$stage" | sort >"$WORK/first"
inst install || fail "second make install failed"
find "$stage" | sort >"$WORK/second"
diff "$WORK/first" "$WORK/second" >/dev/null || fail "a second install changed the tree: $(diff "$WORK/first" "$WORK/second")"

inst uninstall || fail "make uninstall failed"
left=$(find "$stage" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files"
echo ok
