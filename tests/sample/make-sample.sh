#!/usr/bin/env bash
# Regenerates the committed sample years from the built-in generator:
#   input/sample/2024 and input/sample/2025 (seed 1, scale 1, as real exports look).
# Usage: tests/sample/make-sample.sh [TAIZHANG] [ROOT]
#   TAIZHANG  the program (default build/taizhang, run from the repository root)
#   ROOT      where the year folders go (default input/sample)
# The generator rewrites the seven files of each year; nothing else is touched.
set -euo pipefail
bin=${1:-build/taizhang}
root=${2:-input/sample}
for year in 2024 2025; do
    "$bin" sample -o "$root/$year" --year "$year" --seed 1 --style export
done
