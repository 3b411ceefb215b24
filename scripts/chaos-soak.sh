#!/bin/sh
# The long chaos soak: whole lifecycles under a 10 % mix of every fault kind
# (lost answers included) on SQLite, MariaDB and PostgreSQL, then the
# 16-process race on each, judged by the simulator's true state.
# Usage: scripts/chaos-soak.sh [LIFECYCLES per store, default 200] [SEED]
# Builds first (scripts/build.sh); the database servers run on loopback in
# the build folder and are stopped at the end.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
lifecycles=${1:-200}
seed=${2:-7}
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
work=$build/chaos-soak
mkdir -p "$work"
tools="--sim $build/sdk/sim/embyprov-sim --cli $build/sdk/cli/embyprov --lib $build/module/libembyprov.so"
stores="sqlite"
for server in mariadb postgresql; do
    if "$root/scripts/db-service.sh" start "$server" "$work/$server" >/dev/null 2>&1; then
        stores="$stores $server"
    else
        echo "chaos-soak: $server is not available, skipped" >&2
    fi
done
cleanup() {
    for server in mariadb postgresql; do
        [ -f "$work/$server/dsn" ] && "$root/scripts/db-service.sh" stop "$server" "$work/$server" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT INT TERM
status=0
for store in $stores; do
    db=""
    [ "$store" = sqlite ] || db="--database-file $work/$store/dsn"
    # shellcheck disable=SC2086
    python3 "$root/tests/chaos/chaos.py" faults $tools --workdir "$work/faults-$store" $db \
        --lifecycles "$lifecycles" --seed "$seed" || status=1
    # shellcheck disable=SC2086
    python3 "$root/tests/chaos/chaos.py" race $tools --workdir "$work/race-$store" $db || status=1
done
exit $status
