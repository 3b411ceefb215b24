#!/bin/sh
# Runs the benchmarks and rewrites the measured part of docs/PERFORMANCE.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
out=$(mktemp)
EMBYPROV_SIM="$build/sdk/sim/embyprov-sim" "$build/tests/bench_hooks" "$@" > "$out"
{
    sed '/^<!-- measured -->/q' "$root/docs/PERFORMANCE.md"
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), \`scripts/bench.sh $*\`."
    echo
    cat "$out"
} > "$out.md"
mv "$out.md" "$root/docs/PERFORMANCE.md"
rm -f "$out"
cat "$root/docs/PERFORMANCE.md"
