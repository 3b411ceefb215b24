#!/bin/sh
# The demo: builds embyprov, starts the Emby simulator on loopback, and walks
# one account through its whole life with the host CLI (the CLI loads the
# library with dlopen, exactly as a billing panel does). --headless is
# accepted for scripts; the demo prints its checks and exits either way.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
echo
"$root/tests/with_sim.sh" "$build/sdk/sim/embyprov-sim" "$build/sdk/cli/embyprov" lifecycle \
    --server @URL@ --api-key @KEY@ --libraries "Movies,TV Shows" --db "$state/demo.db"
