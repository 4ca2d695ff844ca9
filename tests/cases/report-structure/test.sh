#!/usr/bin/env bash
# The year-end report and its annex read back through poppler (issue 15, point 7), on the
# bundled sample year and on a year of another seed, each with --previous:
#   - report.pdf has the five chapters in order and the 落款 (committee and date), at most
#     16 pages, no body page more than half empty unless the next page starts a chapter;
#   - every change of a rate is in 百分点, never a relative percent;
#   - every headline figure that fell (summary.csv: value below previous) is named in 一;
#   - the body holds no ASCII field code, file path, program name or statistics jargon
#     (the 数据来源 lines under tables excepted);
#   - every 表N of the body and 附表N of the annex has a 数据来源 line naming a CSV that
#     exists in OUT.
# The key → Chinese label map below is this test's own (docs/figures.md), not the program's.
source ../lib.sh
root=$(cd "$CASE/../../.." && pwd)
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext"; exit 0; }

declare -A LABEL=(
    [units]=单位数 [units_with_volunteers]=登记有志愿者的单位 [teams_party]=党员志愿服务队
    [teams_youth]=青年志愿服务队 [volunteers]=注册志愿者 [party_volunteers]=党员志愿者
    [youth_volunteers]=共青团员志愿者 [party_members]=党员总数
    [participation_rate]=党员志愿者参与率 [active_volunteers]=参与服务的志愿者
    [person_times]=参与服务 [hours]=服务时长 [activities]=志愿服务活动
    [activities_independent]=独立开展活动 [activities_group]=组团服务活动
    [activities_committee]=工委统一组织活动 [beneficiaries]=受益群众 [donation_yuan]=捐赠款物
    [demands]=征集群众需求 [demands_answered]=已响应需求 [demand_answer_rate]=需求响应率
    [median_response_days]=响应天数中位数 [units_with_bonus]=获得考核加分的单位
)

check_year() {      # OUT: a finished run with --previous
    local out=$1 name=$2
    local body=$out/report.pdf annex=$out/annex.pdf
    [ -s "$body" ] && [ -s "$annex" ] || fail "$name: report.pdf or annex.pdf missing"
    grep -q '"report.pdf"' "$out/manifest.json" && grep -q '"annex.pdf"' "$out/manifest.json" ||
        fail "$name: the manifest does not list both PDFs"
    local pages
    pages=$(pdfinfo "$body" | awk '/^Pages:/ {print $2}')
    [ "$pages" -le 16 ] || fail "$name: report.pdf has $pages pages (at most 16)"

    # the text without the running headers (each page's first line: the title and the
    # chapter the page starts in), spaces and line ends removed
    local flat=$WORK/$name.flat
    pdftotext -layout "$body" - 2>/dev/null |
        awk 'BEGIN { RS = "\f" } { n = split($0, line, "\n"); first = 1
                 for (i = 1; i <= n; i++) { if (first && line[i] ~ /[^ ]/) { first = 0; continue }
                                            print line[i] } }' |
        tr -d ' \n' >"$flat"
    # the chapters in order, then the 落款 last
    local at=0
    for ch in 一、总体情况 二、主要做法和成效 三、考核加分情况 四、存在的问题 五、下一步工作建议; do
        local pos     # the heading, after the contents page: its last occurrence
        pos=$(grep -bo -- "$ch" "$flat" | tail -1 | cut -d: -f1)
        [ -n "$pos" ] || fail "$name: chapter $ch missing"
        [ "$pos" -gt "$at" ] || fail "$name: chapter $ch out of order"
        at=$pos
    done
    tail -c 400 "$flat" | grep -qE '中共市直属机关工作委员会[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日第[0-9]+页共[0-9]+页$' ||
        fail "$name: no 落款 (committee and date) at the end of the body"

    # rates: a change after a rate is in 百分点
    if grep -qE '(参与率|响应率)[0-9.]+%，(比上年)?(增长|下降|提高)[0-9.]+%' "$flat"; then
        fail "$name: a rate change given as a relative percent: $(grep -oE '(参与率|响应率)[0-9.]+%，(比上年)?(增长|下降|提高)[0-9.]+%' "$flat" | head -1)"
    fi
    for label in 党员志愿者参与率 需求响应率; do
        # the row of 表1: label, %, now, before, change
        grep -qE "${label}%[0-9.]+%[0-9.]+%([-+][0-9.]+个百分点|持平)" "$flat" ||
            fail "$name: 表1's change for $label is not in 百分点"
    done

    # every headline figure that fell is named in 一 (the text up to 二)
    local one=$WORK/$name.one
    local start end
    start=$(grep -bo -- 一、总体情况 "$flat" | tail -1 | cut -d: -f1)
    end=$(grep -bo -- 二、主要做法和成效 "$flat" | tail -1 | cut -d: -f1)
    head -c "$end" "$flat" | tail -c +$((start + 1)) >"$one"
    local fell=0
    while IFS=, read -r key value previous _; do
        [ -n "$value" ] && [ -n "$previous" ] || continue
        if awk -v a="$value" -v b="$previous" 'BEGIN { exit !(a + 0 < b + 0) }'; then
            fell=$((fell + 1))
            local label=${LABEL[$key]:-}
            [ -n "$label" ] || fail "$name: no label for $key in this test"
            grep -qF -- "下降的指标有" "$one" || fail "$name: 一 does not list the falling figures"
            sed 's/.*下降的指标有：//' "$one" | grep -qF -- "$label" ||
                fail "$name: $key ($label) fell but is not named in 一"
        fi
    done < <(tail -n +2 "$out/tables/summary.csv" | tr -d '\r')
    [ "$fell" -gt 0 ] || fail "$name: no headline figure fell: the case no longer tests the falls"
    echo "$name: $fell headline figures fell, all named in 一"

    # no ASCII field code, file path, program name or jargon in the body
    local clean=$WORK/$name.clean
    sed -E 's/数据来源：[A-Za-z0-9_./]+\.csv//g' "$flat" >"$clean"
    local bad
    bad=$(grep -oE '[a-z]+_[a-z_]+|[A-Za-z0-9_.-]*/[A-Za-z0-9_./-]+|[A-Za-z0-9_-]+\.(csv|json|rules|txt)|taizhang|IQR|Pearson|Spearman|Gini|SHA-256' "$clean" | head -3 || true)
    [ -z "$bad" ] || fail "$name: the body holds ASCII codes or paths: $bad"

    # every numbered table has a source line, naming a CSV that exists in OUT
    for pdf in "$body" "$annex"; do
        local open="" tables=0 tok
        while IFS= read -r tok; do
            case $tok in
            数据来源：*)
                [ -n "$open" ] || continue
                local src=${tok#数据来源：}
                [[ $src == *.csv ]] || fail "$name: $open's source $src is not a CSV"
                [ -f "$out/$src" ] || fail "$name: $open names $src, not in OUT"
                open=""
                tables=$((tables + 1));;
            *)
                [ -z "$open" ] || fail "$name: $(basename "$pdf"): $open has no 数据来源"
                open=$tok;;
            esac
        done < <(pdftotext "$pdf" - 2>/dev/null | tr -d '\f' |
                 grep -oE '^(附表|表)[0-9]+ |数据来源：[A-Za-z0-9_./]+')
        [ -z "$open" ] || fail "$name: $(basename "$pdf"): $open has no 数据来源"
        [ "$tables" -gt 0 ] || fail "$name: no table in $(basename "$pdf")"
        echo "$name: $(basename "$pdf"): $tables tables, each with its CSV"
    done

    # no body page more than half empty, except before a page that starts a chapter
    (cd "$WORK" && rm -f "$name"-pg-*.pgm && pdftoppm -r 20 -gray "$body" "$name-pg")
    local p=0 last
    last=$(ls "$WORK/$name"-pg-*.pgm | wc -l)
    for f in $(ls "$WORK/$name"-pg-*.pgm | sort); do
        p=$((p + 1))
        [ "$p" -gt 2 ] && [ "$p" -lt "$last" ] || continue      # cover, contents, the end
        # the lowest row with ink above the footer, as a share of the page's height
        local used
        local wh hdr
        wh=$(head -c 40 "$f" | sed -n 2p)                     # P5 / "W H" / 255 / pixels
        hdr=$(head -n 3 "$f" | wc -c)
        used=$(tail -c +$((hdr + 1)) "$f" | od -An -v -tu1 -w"${wh%% *}" |
               awk -v h="${wh##* }" '
                   { y = NR - 1; if (y < h * 0.12 || y >= h * 0.90) next
                     for (i = 1; i <= NF; i++) if ($i < 160) { low = y; break } }
                   END { printf "%d\n", 100 * (low - h * 0.12) / (h * 0.78) }')
        if [ "$used" -lt 50 ]; then
            local next_top
            next_top=$(pdftotext -f $((p + 1)) -l $((p + 1)) "$body" - 2>/dev/null | grep -v '^\s*$' | sed -n 2p | tr -d ' ')
            grep -qE '^[一二三四五]、' <<<"$next_top" ||
                fail "$name: page $p is more than half empty ($used% used) and the next page starts no chapter"
        fi
    done
    echo "$name: $pages body pages, chapters, 落款, 百分点, sources and layout checked"
}

# the bundled sample year
"$TZ_BIN" run "$root/input/sample/2025" -o "$WORK/sample" --previous "$root/input/sample/2024" --quiet
check_year "$WORK/sample" sample

# a year of another seed, with a previous year of a third (its donations, answer rate and
# days to answer fall: the falls must be named)
"$TZ_BIN" sample -o "$WORK/s7/2024" --year 2024 --seed 5 2>/dev/null
"$TZ_BIN" sample -o "$WORK/s7/2025" --year 2025 --seed 7 2>/dev/null
"$TZ_BIN" run "$WORK/s7/2025" -o "$WORK/seed7" --previous "$WORK/s7/2024" --quiet
check_year "$WORK/seed7" seed7
