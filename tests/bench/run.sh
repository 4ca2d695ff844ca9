#!/usr/bin/env bash
# make bench: generates ledgers of about 1M and 10M participation rows with
# `taizhang sample --scale K --cities C` (plain style): a province of C cities (default 12),
# the organizations, volunteers and activities of C city blocks and the participation
# volume of K blocks (K from the rows of one block), so that both sizes have the same
# entities and differ in participation rows only (docs/sample.md); then measures side by
# side, on this machine:
#   - the reference pass: libcsv's parser with empty callbacks over participation.csv (1 core)
#   - taizhang run --tables-only (ingest: read, validate, compute and write every table),
#     with all cores and with --threads 1, and once more without participation rows
#     (the entities alone: what the participation rows add to peak memory)
#   - the report stage alone on the bundled sample (378 units), from run --timings, and
#     the notice with the 378 unit sheets (stage "sheets")
#   - instructions per byte of participation.csv under callgrind (valgrind), for the
#     smallest size: taizhang --threads 1 and the reference pass (repeatable where wall
#     clock is not: the machine is shared)
# and prints MB/s, the ratio of taizhang's time to the reference pass, peak memory, the
# stage times; the table is also written into docs/performance.md between its markers.
# Wall times on a shared machine are noisy: CPU times (user + system) are given too.
# Environment: BUILD (build folder), BENCH_DIR (scratch, default /tmp/taizhang-bench),
# BENCH_ROWS (default "1000000 10000000"), BENCH_CITIES (city blocks of entities, default 12;
# never more than K), BENCH_RUNS (repetitions, median kept; default 3),
# BENCH_CALLGRIND (0 to skip the instruction counts; default 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
TZ=$BUILD/taizhang
W=${BENCH_DIR:-/tmp/taizhang-bench}
ROWS=${BENCH_ROWS:-"1000000 10000000"}
RUNS=${BENCH_RUNS:-3}
CALLGRIND=${BENCH_CALLGRIND:-1}
CITIES=${BENCH_CITIES:-12}
mkdir -p "$W" "$BUILD/bench"
cc -O2 -o "$BUILD/bench/csvref" tests/bench/csvref.c -lcsv
cc -O2 -o "$BUILD/bench/measure" tests/bench/measure.c
M=$BUILD/bench/measure
REF=$BUILD/bench/csvref

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN{printf "%.0f", (s > 0 ? b/1e6/s : 0)}'; }
# measure_cmd PREFIX CMD...: runs CMD RUNS times (exit 0 expected, or $EXPECT); sets ${P}_s (median wall seconds),
# ${P}_cpu (median CPU seconds), ${P}_kib (largest peak), ${P}_timings (stderr of the median run)
measure_cmd() {
    local p=$1; shift
    local walls=() cpus=() peak=0 line s kib code cpu i
    for i in $(seq "$RUNS"); do
        "$M" "$@" >/dev/null 2>"$W/stderr-$p-$i" || true
        line=$(grep '^measure: ' "$W/stderr-$p-$i" | tail -1)
        read -r _ s kib code cpu <<<"$line"
        [ "$code" = "${EXPECT:-0}" ] || { echo "bench: '$*' exited $code" >&2; cat "$W/stderr-$p-$i" >&2; exit 1; }
        walls+=("$s"); cpus+=("$cpu"); [ "$kib" -gt "$peak" ] && peak=$kib
    done
    printf -v "${p}_s" '%s' "$(printf '%s\n' "${walls[@]}" | median)"
    printf -v "${p}_cpu" '%s' "$(printf '%s\n' "${cpus[@]}" | median)"
    printf -v "${p}_kib" '%s' "$peak"
    # the stage times of the run whose wall time is the median
    for i in $(seq "$RUNS"); do
        if [ "${walls[$((i - 1))]}" = "$(printf '%s\n' "${walls[@]}" | median)" ]; then
            printf -v "${p}_timings" '%s' "$(grep 'timing' "$W/stderr-$p-$i" |
                awk '{printf "%s%s %s s (%s)", (NR > 1 ? ", " : ""), $3, $4, $7}' || true)"
            break
        fi
    done
}

# Rows of participation at scale 1, to choose K for each target. A province of C cities
# gets about K/C times the participants an activity has at K = C: the rows come out per that
# density, a little under K blocks' worth when it is high (--scale 277 --cities 12: about
# 9.6 million, where --scale 277 gives 10.5 million); the table gives the rows written.
"$TZ" sample -o "$W/scale1/2025" --year 2025 --seed 1 >/dev/null
rows1=$(($(wc -l <"$W/scale1/2025/participation.csv") - 1))

table="| participation rows (units) | participation.csv | reference libcsv pass, 1 core: wall (CPU) | taizhang ingest, all cores: wall (CPU) | ingest, --threads 1: wall (CPU) | ingest / reference, wall (CPU) | peak memory (entities alone) | bytes per row beyond the entities |
|---:|---:|---:|---:|---:|---:|---:|---:|"
stages=""
declare -A ingest_s ingest_cpu ent_s nrows
smallest=""
for target in $ROWS; do
    k=$(( (target + rows1 - 1) / rows1 ))
    c=$(( CITIES < k ? CITIES : k ))
    d="$W/rows-$target/2025"
    if [ ! -f "$d/.done-$k-$c" ]; then
        rm -rf "$d"; "$TZ" sample -o "$d" --year 2025 --seed 1 --scale "$k" --cities "$c" >/dev/null
        touch "$d/.done-$k-$c"
    fi
    [ -n "$smallest" ] || smallest=$d
    f="$d/participation.csv"
    n=$(($(wc -l <"$f") - 1)); units=$(($(wc -l <"$d/units.csv") - 1))
    bytes=$(stat -c %s "$f"); mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}')
    refw=(); refc=()
    for _ in $(seq "$RUNS"); do
        read -r _ rw rc <<<"$("$REF" "$f")"; refw+=("$rw"); refc+=("$rc")
    done
    ref=$(printf '%s\n' "${refw[@]}" | median); refcpu=$(printf '%s\n' "${refc[@]}" | median)
    rm -rf "$W/out-$target" "$W/out1-$target" "$W/oute-$target"   # run keeps only its own folders
    measure_cmd all "$TZ" run "$d" -o "$W/out-$target" --tables-only --quiet --timings
    measure_cmd one "$TZ" run "$d" -o "$W/out1-$target" --tables-only --quiet --timings --threads 1
    diff -r -x manifest.json "$W/out-$target" "$W/out1-$target" >/dev/null ||
        { echo "bench: all cores and --threads 1 disagree on $d" >&2; exit 1; }
    # the entities alone: the same ledgers (links, no copies) with one participation row,
    # in error (unknown activity): the run reads and checks everything else, then stops
    # (exit 65) before the warnings, which would otherwise fill memory with one
    # "activity without participation" per activity
    e="$W/entities-$target/2025"; rm -rf "$e"; mkdir -p "$e"
    for x in "$d"/*.csv; do [ "$(basename "$x")" = participation.csv ] || ln -s "$x" "$e/"; done
    { head -1 "$f"; sed -n 2p "$f" | sed 's/^[^,]*,/HD-NONE,/'; } >"$e/participation.csv"
    EXPECT=65 measure_cmd ent "$TZ" run "$e" -o "$W/oute-$target" --tables-only --quiet
    per_row=$(awk -v a="$all_kib" -v e="$ent_kib" -v n="$n" 'BEGIN{printf "%.1f", (a-e)*1024/n}')
    ingest_s[$target]=$all_s; ingest_cpu[$target]=$all_cpu; ent_s[$target]=$ent_s; nrows[$target]=$n
    table+="
| $n ($units) | $mb | $ref s ($refcpu s): $(mbs "$bytes" "$ref") MB/s ($(mbs "$bytes" "$refcpu")) | $all_s s ($all_cpu s): $(mbs "$bytes" "$all_s") MB/s | $one_s s ($one_cpu s): $(mbs "$bytes" "$one_s") MB/s | $(awk -v a="$all_s" -v r="$ref" 'BEGIN{printf "%.1fx", a/r}') ($(awk -v a="$all_cpu" -v r="$refcpu" 'BEGIN{printf "%.1fx", a/r}')) | $((all_kib / 1024)) MiB ($((ent_kib / 1024)) MiB) | $per_row |"
    stages+="
- $n rows, all cores: $all_timings; --threads 1: $one_timings."
done

# The report stage alone on the bundled sample: the run's own --timings.
rm -rf "$W/sample-out" "$W/cg-out"
"$TZ" run input/sample/2025 -o "$W/sample-out" --previous input/sample/2024 --timings --quiet \
    2>"$W/timings.txt" || true
report_line=$(grep -E 'timing +(charts|report|sheets)' "$W/timings.txt" | awk '{printf "%s%s %s s (CPU %s s)", (NR > 1 ? ", " : ""), $3, $4, $7}' || true)
[ -n "$report_line" ] || report_line="no report stage in this build yet (stages: $(grep timing "$W/timings.txt" | awk '{printf "%s%s %s s", (NR > 1 ? ", " : ""), $3, $4}' || true))"

# Instructions per byte of participation.csv (callgrind: repeatable on a shared machine).
cg=""
if [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null; then
    f="$smallest/participation.csv"; bytes=$(stat -c %s "$f")
    valgrind --tool=callgrind --callgrind-out-file="$W/cg-ref.out" "$REF" "$f" >/dev/null 2>"$W/cg-ref.log"
    valgrind --tool=callgrind --callgrind-out-file="$W/cg-tz.out" "$TZ" run "$smallest" -o "$W/cg-out" \
        --tables-only --quiet --threads 1 >/dev/null 2>"$W/cg-tz.log"
    ir_ref=$(grep -E '^(summary|totals):' "$W/cg-ref.out" | head -1 | awk '{print $2}')
    ir_tz=$(grep -E '^(summary|totals):' "$W/cg-tz.out" | head -1 | awk '{print $2}')
    ir_sha=$(callgrind_annotate "$W/cg-tz.out" 2>/dev/null | awk '/sha256_compress/ {gsub(",", "", $1); s += $1} END {printf "%.0f", s}')
    cg="Instructions per byte of participation.csv ($(mbs "$bytes" 1) MB, callgrind): reference pass $(awk -v i="$ir_ref" -v b="$bytes" 'BEGIN{printf "%.1f", i/b}'), taizhang --threads 1 whole ingest (all seven files, validation, tables) $(awk -v i="$ir_tz" -v b="$bytes" 'BEGIN{printf "%.1f", i/b}') ($(awk -v a="$ir_tz" -v r="$ir_ref" 'BEGIN{printf "%.1fx", a/r}') the reference), of which SHA-256 of the seven files (for the manifest) $(awk -v i="$ir_sha" -v b="$bytes" 'BEGIN{printf "%.1f", i/b}'): under valgrind it runs without the CPU's SHA instructions, which the real runs use. Without it: $(awk -v i="$ir_tz" -v s="$ir_sha" -v b="$bytes" 'BEGIN{printf "%.1f", (i-s)/b}') ($(awk -v a="$ir_tz" -v s="$ir_sha" -v r="$ir_ref" 'BEGIN{printf "%.1fx", (a-s)/r}') the reference)."
fi

set -- $ROWS
lin=""
if [ $# -ge 2 ] && [ -n "${ingest_s[$1]:-}" ] && [ -n "${ingest_s[$2]:-}" ]; then
    lin="Time for $2 rows / time for $1 rows: wall $(awk -v a="${ingest_s[$2]}" -v b="${ingest_s[$1]}" 'BEGIN{printf "%.1fx", a/b}'), CPU $(awk -v a="${ingest_cpu[$2]}" -v b="${ingest_cpu[$1]}" 'BEGIN{printf "%.1fx", a/b}') (rows: $(awk -v a="${nrows[$2]}" -v b="${nrows[$1]}" 'BEGIN{printf "%.1fx", a/b}')); less the entities alone (the same run with one participation row: ${ent_s[$1]} s and ${ent_s[$2]} s), wall $(awk -v a="${ingest_s[$2]}" -v ea="${ent_s[$2]}" -v b="${ingest_s[$1]}" -v eb="${ent_s[$1]}" 'BEGIN{printf "%.1fx", (a-ea)/(b-eb)}')."
fi
machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
result="Measured $(date -u +%Y-%m-%d) by \`make bench\` ($RUNS runs each: median time, largest peak) on: $machine.

$table

$lin
Stage times (\`--timings\`: wall, and CPU of all threads in brackets):$stages

$cg

Report stage on the bundled sample (378 units, with 2024 as last year; "sheets" is the
public notice and the 378 unit sheets): $report_line."
echo "$result"
doc=docs/performance.md
if [ -f "$doc" ] && grep -q '<!-- bench:begin -->' "$doc"; then
    awk -v r="$result" '/<!-- bench:begin -->/{print; print r; skip=1; next} /<!-- bench:end -->/{skip=0} !skip' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
    echo "bench: table written into $doc"
fi
