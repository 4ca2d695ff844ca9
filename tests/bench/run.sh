#!/usr/bin/env bash
# make bench: generates ledgers of about 1M and 10M participation rows with
# `taizhang sample --scale K`, then measures side by side, on this machine:
#   - the reference pass: libcsv's parser with empty callbacks over participation.csv (1 core)
#   - taizhang run --tables-only (ingest: read, validate, compute, write every table),
#     with all cores and with --threads 1
#   - the report stage alone on the bundled sample (378 units)
# and prints MB/s, the ratio of taizhang's time to the reference pass, peak memory and the
# stage times; the table is also written into docs/performance.md.
# Environment: BUILD (build folder), BENCH_DIR (scratch, default /tmp/taizhang-bench),
# BENCH_ROWS (default "1000000 10000000"), BENCH_RUNS (repetitions, median kept; default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
TZ=$BUILD/taizhang
W=${BENCH_DIR:-/tmp/taizhang-bench}
ROWS=${BENCH_ROWS:-"1000000 10000000"}
RUNS=${BENCH_RUNS:-3}
mkdir -p "$W" "$BUILD/bench"
cc -O2 -o "$BUILD/bench/csvref" tests/bench/csvref.c -lcsv
cc -O2 -o "$BUILD/bench/measure" tests/bench/measure.c
M=$BUILD/bench/measure

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# measure_cmd OUTVAR_PREFIX CMD...: runs CMD RUNS times; sets ${P}_s (median seconds), ${P}_kib (max peak)
measure_cmd() {
    local p=$1; shift
    local times=() peak=0 line s kib code
    for _ in $(seq "$RUNS"); do
        line=$("$M" "$@" 2>&1 >/dev/null | grep '^measure: ' | tail -1)
        read -r _ s kib code <<<"$line"
        [ "$code" = 0 ] || { echo "bench: '$*' exited $code" >&2; exit 1; }
        times+=("$s"); [ "$kib" -gt "$peak" ] && peak=$kib
    done
    printf -v "${p}_s" '%s' "$(printf '%s\n' "${times[@]}" | median)"
    printf -v "${p}_kib" '%s' "$peak"
}

# Rows of participation at scale 1, to choose K for each target.
"$TZ" sample -o "$W/scale1" --year 2025 --seed 1 >/dev/null
rows1=$(($(wc -l <"$W/scale1/participation.csv") - 1))

table="| participation rows | CSV MB | reference libcsv pass (1 core) | taizhang ingest, all cores | ingest, --threads 1 | ratio all cores / reference | peak memory | bytes per row beyond entities |
|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A ingest_s
for target in $ROWS; do
    k=$(( (target + rows1 - 1) / rows1 ))
    d="$W/rows-$target"
    if [ ! -f "$d/.done-$k" ]; then
        rm -rf "$d"; "$TZ" sample -o "$d" --year 2025 --seed 1 --scale "$k" >/dev/null; touch "$d/.done-$k"
    fi
    f="$d/participation.csv"
    n=$(($(wc -l <"$f") - 1)); bytes=$(stat -c %s "$f"); mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')
    refs=(); for _ in $(seq "$RUNS"); do refs+=("$("$BUILD/bench/csvref" "$f" | awk '{print $2}')"); done
    ref=$(printf '%s\n' "${refs[@]}" | median)
    measure_cmd all "$TZ" run "$d" -o "$W/out-$target" --year 2025 --tables-only --quiet
    measure_cmd one "$TZ" run "$d" -o "$W/out1-$target" --year 2025 --tables-only --quiet --threads 1
    # entities alone: the same ledgers without participation rows
    e="$W/entities-$target"; rm -rf "$e"; cp -R "$d" "$e"; head -1 "$f" >"$e/participation.csv"
    measure_cmd ent "$TZ" run "$e" -o "$W/oute-$target" --year 2025 --tables-only --lenient --quiet
    per_row=$(awk -v a="$all_kib" -v e="$ent_kib" -v n="$n" 'BEGIN{printf "%.1f", (a-e)*1024/n}')
    ingest_s[$target]=$all_s
    table+="
| $n | $mb | $ref s ($(awk -v b="$bytes" -v s="$ref" 'BEGIN{printf "%.0f", b/1e6/s}') MB/s) | $all_s s ($(awk -v b="$bytes" -v s="$all_s" 'BEGIN{printf "%.0f", b/1e6/s}') MB/s) | $one_s s ($(awk -v b="$bytes" -v s="$one_s" 'BEGIN{printf "%.0f", b/1e6/s}') MB/s) | $(awk -v a="$all_s" -v r="$ref" 'BEGIN{printf "%.2fx", a/r}') | $((all_kib / 1024)) MiB | $per_row |"
done

# The report stage alone on the bundled sample: the run's own --timings.
"$TZ" run input/sample/2025 -o "$W/sample-out" --previous input/sample/2024 --timings --quiet 2>"$W/timings.txt"
report_line=$(grep -iE 'report' "$W/timings.txt" | head -1 || true)
pdf_bytes=$(stat -c %s "$W/sample-out/report.pdf" 2>/dev/null || echo 0)

set -- $ROWS
lin=""
if [ $# -ge 2 ] && [ -n "${ingest_s[$1]:-}" ] && [ -n "${ingest_s[$2]:-}" ]; then
    lin="Time for $2 rows / time for $1 rows: $(awk -v a="${ingest_s[$2]}" -v b="${ingest_s[$1]}" 'BEGIN{printf "%.1fx", a/b}') (linear would be $(($2 / $1))x)."
fi
machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
result="Measured $(date -u +%Y-%m-%d) by \`make bench\` ($RUNS runs each, median time, largest peak) on: $machine.

$table

$lin
Report stage on the bundled sample (378 units, with 2024 as last year): ${report_line:-see $W/timings.txt}; report.pdf $((pdf_bytes / 1024)) KiB."
echo "$result"
doc=docs/performance.md
if [ -f "$doc" ] && grep -q '<!-- bench:begin -->' "$doc"; then
    awk -v r="$result" '/<!-- bench:begin -->/{print; print r; skip=1; next} /<!-- bench:end -->/{skip=0} !skip' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
    echo "bench: table written into $doc"
fi
