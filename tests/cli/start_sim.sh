# Sourced by the CLI tests: start_sim SIM WORKDIR KEY starts embyprov-sim
# on a free loopback port with that API key, stops it when the test exits,
# and sets $port to its port.
start_sim() {
    "$1" --port 0 --api-key "$3" > "$2/sim.out" &
    sim_pid=$!
    trap 'kill $sim_pid 2>/dev/null || true' EXIT INT TERM
    url=""
    for _ in $(seq 100); do url=$(head -n 1 "$2/sim.out"); [ -n "$url" ] && break; sleep 0.1; done
    port=${url##*:}
}
