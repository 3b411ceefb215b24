#!/bin/sh
# with_sim.sh SIM COMMAND ARGS...: runs COMMAND against a fresh embyprov-sim,
# with @URL@ and @KEY@ in ARGS replaced by the simulator's URL and API key.
set -eu
sim=$1; shift
key="with-sim-$$-key"
out=$(mktemp)
"$sim" --port 0 --api-key "$key" > "$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT INT TERM
url=""
for _ in $(seq 100); do
    url=$(head -n 1 "$out")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "embyprov-sim did not start"; exit 1; }
cmd=$1; shift
set -- "$@" --end--
while [ "$1" != --end-- ]; do
    arg=$(printf '%s' "$1" | sed "s|@URL@|$url|g; s|@KEY@|$key|g")
    set -- "$@" "$arg"; shift
done
shift
"$cmd" "$@"
