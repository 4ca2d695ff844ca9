#!/usr/bin/env bash
# Demand against supply (WORKING.md): `run` on 2025/ with the shipped skills map must write
# supply_demand.csv and open_demands.csv byte for byte as worked out by hand; the skills
# map is read with the care of the rules (place, hint, refusal before anything is written);
# `demand` prints one demand with its status and suggestions.
source ../lib.sh

out=$WORK/out
"$TZ_BIN" run "$CASE/2025" -o "$out" 2>"$WORK/run.err"   # not --quiet: the notice is progress
for want in "$CASE"/expected/*.csv; do
    name=$(basename "$want")
    if ! cmp -s "$want" "$out/tables/$name"; then
        diff "$want" "$out/tables/$name" || true
        fail "tables/$name differs from expected/$name"
    fi
done
# the one skill of the ledger the map does not list, named once with its volunteers
[ "$(grep -c '厨艺（1 人）' "$WORK/run.err")" -eq 1 ] || fail "unmapped skill notice: $(cat "$WORK/run.err")"

# --skills FILE: the committee's own map. Only 急救 → 医疗卫生: 医疗卫生 has V1, V3, V8.
printf '# 只有急救\n急救 -> 医疗卫生\n' >"$WORK/small.map"
"$TZ_BIN" run "$CASE/2025" -o "$WORK/small" --skills "$WORK/small.map" 2>"$WORK/small.err"
grep -q $'^1,医疗卫生,牧区,3,1,2,0.3333,10.0,1,5,7.5,1,3,3,' "$WORK/small/tables/supply_demand.csv" ||
    fail "--skills: skilled volunteers of 医疗卫生"
grep -q '医疗护理（2 人）' "$WORK/small.err" || fail "--skills: unmapped 医疗护理 not named"
# the manifest records the map; verify reproduces the run, and names the map once edited
grep -q '"skills": {' "$WORK/small/manifest.json" || fail "manifest: no skills"
grep -q "\"source\": \"$WORK/small.map\"" "$WORK/small/manifest.json" || fail "manifest: skills source"
grep -q '"source": "(内置特长对照)"' "$out/manifest.json" || fail "manifest: built-in skills"
"$TZ_BIN" verify "$WORK/small" --quiet 2>/dev/null || fail "verify of a run with --skills"
echo '# 改过' >>"$WORK/small.map"
expect_exit 1 "$TZ_BIN" verify "$WORK/small" --quiet >"$WORK/verify.out" 2>/dev/null
grep -q "^输入已变 $WORK/small.map（特长对照文件" "$WORK/verify.out" || fail "verify: edited map not named"

# A map with mistakes: exit 78 before anything is written, each mistake with its place.
printf '医疗护理 → 医疗卫生\n急救 医疗卫生\n医疗护理 → 计生宣传\n兽医 → 畜牧养值\n' >"$WORK/bad.map"
expect_exit 78 "$TZ_BIN" run "$CASE/2025" -o "$WORK/bad" --skills "$WORK/bad.map" 2>"$WORK/bad.err"
[ ! -e "$WORK/bad" ] || fail "a refused skills map left output behind"
grep -q 'bad.map:2:1: 这一行没有“→”' "$WORK/bad.err" || fail "missing arrow: $(cat "$WORK/bad.err")"
grep -q 'bad.map:3:1: 特长“医疗护理”在第 1 行已经写过' "$WORK/bad.err" || fail "duplicate skill"
# the syntax first; with it right, the category the ledger does not have, with a hint
printf '医疗护理 → 医疗卫生\n兽医 → 畜牧养值\n' >"$WORK/cat.map"
expect_exit 78 "$TZ_BIN" run "$CASE/2025" -o "$WORK/cat" --skills "$WORK/cat.map" 2>"$WORK/cat.err"
grep -q 'cat.map:2:6: “畜牧养值”不是台账的服务类别；是不是“畜牧养殖”？' "$WORK/cat.err" ||
    fail "unknown category: $(cat "$WORK/cat.err")"
[ ! -e "$WORK/cat" ] || fail "a refused skills map left output behind"
expect_exit 66 "$TZ_BIN" run "$CASE/2025" -o "$WORK/none" --skills "$WORK/no-such.map"
# taizhang demand: an open demand with its suggestions (as its row of open_demands.csv),
# an answered one with its first answering activity, a wrong id with the nearest.
"$TZ_BIN" demand "$CASE/2025" D4 >"$WORK/d4.txt"
grep -q '未响应：至 2025 年 12 月 31 日已 244 天' "$WORK/d4.txt" || fail "demand D4: days open"
[ "$(grep -E '^  [0-9]\. ' "$WORK/d4.txt" | cut -d' ' -f4 | paste -sd' ')" = "T1 T4 T5" ] ||
    fail "demand D4: suggested teams: $(cat "$WORK/d4.txt")"
tr -d '\n ' <"$WORK/d4.txt" | grep -q '今年在其他区域开展医疗卫生服务1次；队员中有心理咨询1人；已推荐承接1项更早的未响应需求' ||
    fail "demand D4: T4's reason"
# no line wider than an 80-column terminal (Chinese characters count 2)
[ "$(LC_ALL=C.UTF-8 wc -L <"$WORK/d4.txt")" -le 80 ] || fail "demand D4: a line over 80 columns"
"$TZ_BIN" demand "$CASE/2025" D1 >"$WORK/d1.txt"
grep -q '已响应：首个响应活动 A1“牧区义诊”（2025-02-11），用时 10 天' "$WORK/d1.txt" || fail "demand D1"
grep -q '推荐' "$WORK/d1.txt" && fail "demand D1: an answered demand gets no suggestion"
"$TZ_BIN" demand "$CASE/2025" D5 | grep -q '推荐服务队：无' || fail "demand D5: no team"
expect_exit 64 "$TZ_BIN" demand "$CASE/2025" D7 2>"$WORK/d7.err"
grep -q '是不是“D1”' "$WORK/d7.err" || fail "demand D7: no hint"
expect_exit 64 "$TZ_BIN" demand "$CASE/2025"
expect_exit 78 "$TZ_BIN" demand "$CASE/2025" D4 --skills "$WORK/cat.map"
echo "supply: ok"
