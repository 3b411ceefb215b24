#!/bin/sh
# The whole test suite: installs what it needs, builds, runs every test.
# Usage: scripts/test.sh [extra ctest arguments]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
cd "$build"
ctest --no-tests=error --output-on-failure -j "$(nproc)" --timeout 600 "$@"
