#!/bin/sh
# The demo. Builds embyprov, then:
#
#   scripts/demo.sh              starts the Emby simulator and the reference
#                                panel on loopback, seeds them (a server, two
#                                products, a customer with a provisioned
#                                service signed in on a few devices), prints
#                                the URLs and logins, and runs until Ctrl-C,
#                                then stops both. See docs/DEMO.md.
#   scripts/demo.sh --port 8480  the same, with the panel on a fixed port
#                                (default: any free port, printed).
#   scripts/demo.sh --headless   for CI: walks one account through its whole
#                                life with the host CLI against the simulator,
#                                prints its checks and exits.
#
# Everything runs from the build tree and a temporary folder; nothing is
# left behind.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

headless=0
port=0
while [ $# -gt 0 ]; do
    case $1 in
        --headless) headless=1 ;;
        --port) [ $# -ge 2 ] || { echo "demo.sh: --port needs a number" >&2; exit 2; }
                port=$2; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "demo.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${EMBYPROV_BUILD_DIR:-$root/build}
state=$(mktemp -d)

if [ "$headless" = 1 ]; then
    trap 'rm -rf "$state"' EXIT
    echo
    "$root/tests/with_sim.sh" "$build/sdk/sim/embyprov-sim" "$build/sdk/cli/embyprov" lifecycle \
        --server @URL@ --api-key @KEY@ --libraries "Movies,TV Shows" --db "$state/demo.db"
    exit
fi

sim_pid=""
panel_pid=""
stop() {
    # Background jobs of a script ignore Ctrl-C, so stop them here.
    for pid in $panel_pid $sim_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $panel_pid $sim_pid; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$state"
}
trap stop EXIT
trap 'echo; echo "Stopping the demo."; exit 0' INT TERM

# first_line FILE PID NAME: waits for the URL a program prints first.
first_line() {
    for _ in $(seq 100); do
        line=$(head -n 1 "$1" 2>/dev/null || true)
        [ -n "$line" ] && { echo "$line"; return 0; }
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    echo "demo.sh: $3 did not start:" >&2
    cat "$1.log" >&2 || true
    return 1
}

key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The panel has no built-in admin password: the demo picks one, gives it to
# the panel and the seeding through the environment (not the command line),
# and the seeding prints it with the other logins.
EMBYPROV_PANEL_ADMIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export EMBYPROV_PANEL_ADMIN_PASSWORD
"$build/sdk/sim/embyprov-sim" --port 0 --api-key "$key" --seed "$root/sdk/panel/demo/emby-seed.json" \
    > "$state/sim" 2> "$state/sim.log" &
sim_pid=$!
"$build/sdk/panel/embyprov-panel" --port "$port" --db "$state/panel.db" \
    > "$state/panel" 2> "$state/panel.log" &
panel_pid=$!
sim_url=$(first_line "$state/sim" "$sim_pid" embyprov-sim)
panel_url=$(first_line "$state/panel" "$panel_pid" embyprov-panel)

python3 "$root/sdk/panel/demo/seed_demo.py" --panel "$panel_url" --sim "$sim_url" --api-key "$key"
echo "Press Ctrl-C to stop the demo (the panel's log: $state/panel.log)."
wait "$panel_pid"
