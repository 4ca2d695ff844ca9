#!/usr/bin/env bash
# taizhang set-up and entry point.
#   ./run.sh          install what is missing, build, run the year on the bundled sample
#   ./run.sh test     install what is missing, build, run every test
#   ./run.sh ARGS...  build when needed, then run build/taizhang ARGS...
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential pkg-config libcsv-dev libgsl-dev libcairo2-dev libhpdf-dev
          libfontconfig-dev libfreetype-dev nettle-dev zlib1g-dev libxlsxwriter-dev
          fonts-wqy-zenhei fonts-arphic-uming libcmocka-dev poppler-utils
          python3     # python3: the xlsx case reads the workbook back with zipfile
          valgrind)    # valgrind: make bench counts instructions with callgrind

install_missing() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "run.sh: installing ${missing[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "run.sh: missing packages and not root: apt-get install ${missing[*]}" >&2
        exit 69
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { make -s -j"$(nproc)" >&2; }

case "${1:-}" in
"")
    install_missing
    build
    out=out
    build/taizhang run input/sample/2025 -o "$out/2025" --previous input/sample/2024 --unit-sheets
    echo "run.sh: the 2025 sample year is in $out/2025/ (report.pdf, annex.pdf, notice.pdf, units/, tables/, tables.xlsx, charts/, manifest.json)"
    ;;
test)
    shift
    install_missing
    build
    # The whole suite, then again under AddressSanitizer and UndefinedBehaviorSanitizer.
    make -s -j"$(nproc)" test "$@"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        make -s -j"$(nproc)" test SANITIZE=address,undefined "$@"
    ;;
*)
    [ -x build/taizhang ] || install_missing
    build
    exec build/taizhang "$@"
    ;;
esac
