#!/bin/sh
# Configures and builds embyprov into ./build (or $EMBYPROV_BUILD_DIR).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EMBYPROV_BUILD_DIR:-$root/build}
generator=""
command -v ninja >/dev/null 2>&1 && generator="-G Ninja"
if [ ! -f "$build/CMakeCache.txt" ]; then
    # shellcheck disable=SC2086
    cmake -S "$root" -B "$build" $generator -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMBYPROV_WERROR=ON
fi
cmake --build "$build" -j "$(nproc)"
