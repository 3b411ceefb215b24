#!/bin/sh
# Runs the benchmarks and rewrites the measured part of docs/PERFORMANCE.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
out=$(mktemp)
EMBYPROV_SIM="$build/sdk/sim/embyprov-sim" "$build/tests/bench_hooks" "$@" > "$out"
# The WHMCS module as PHP runs it (php-cli over FFI, the module's logger on).
if command -v php >/dev/null 2>&1; then
    echo >> "$out"
    echo "### Through the WHMCS module" >> "$out"
    echo >> "$out"
    php "$root/tests/bench/php_hooks.php" --module "$build/packaging/whmcs/modules/servers/embyprov" \
        --sim "$build/sdk/sim/embyprov-sim" --library "$build/module/libembyprov.so.1" \
        --workdir "$build/bench-php" >> "$out"
fi
# The same module as a PHP-FPM worker runs it: first and later requests.
if command -v php-fpm8.2 >/dev/null 2>&1; then
    echo >> "$out"
    echo "### As PHP-FPM runs it" >> "$out"
    echo >> "$out"
    php "$root/tests/bench/fpm_hooks.php" --module "$build/packaging/whmcs/modules/servers/embyprov" \
        --sim "$build/sdk/sim/embyprov-sim" --library "$build/module/libembyprov.so.1" \
        --workdir "$build/bench-fpm" >> "$out"
fi
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
