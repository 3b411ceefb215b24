#!/bin/sh
# Fuzzes the library with libFuzzer under AddressSanitizer and UBSan. The
# whole library (libembyprov and the engine) is built with coverage
# instrumentation, not only the harnesses, so libFuzzer sees the code it
# tests.
# Usage: [WORKERS=N] scripts/fuzz.sh [RUNS] [TARGET...]
#   RUNS     executions per target (default 10000000)
#   TARGET   abi, client_area, answers (default: all three)
#   WORKERS  processes per target (default 1); they share one corpus and
#            split RUNS between them, so a target's executions are RUNS
#            in all whatever the number of workers
# Each target starts from its committed corpus (tests/fuzz/corpus/TARGET)
# and grows a copy in build-fuzz/corpus/TARGET; crashes land in
# build-fuzz/crashes/TARGET. The last lines of each log (build-fuzz/TARGET.log)
# give the executions, the edges covered and the edges instrumented.
# The run itself keeps no allocation stacks and skips leak checks, which
# costs about a fifth of the speed; every input it kept is then run once more
# with leak checks on and full stacks.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10000000}
[ $# -gt 0 ] && shift
targets=${*:-abi client_area answers}
workers=${WORKERS:-1}
"$root/scripts/install-deps.sh"
build=$root/build-fuzz
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
flags="$san -fsanitize=fuzzer-no-link -g -O1"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=Debug -DEMBYPROV_FUZZ=ON -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
        -DCMAKE_SHARED_LINKER_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" >/dev/null
fi
for t in $targets; do
    cmake --build "$build" --target "fuzz_$t"
done
cd "$build"
status=0
for t in $targets; do
    mkdir -p "corpus/$t" "crashes/$t"
    cp "$root/tests/fuzz/corpus/$t/"* "corpus/$t/"
    rm -f "$t".log "$t".[0-9]*.log
    echo "fuzz_$t: $runs runs in $workers process(es)"
    pids=
    i=1
    while [ "$i" -le "$workers" ]; do
        log=$t.log
        [ "$workers" -gt 1 ] && log=$t.$i.log
        ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0 \
            "./tests/fuzz_$t" -runs="$((runs / workers))" -max_len=4096 -timeout=60 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="crashes/$t/" "corpus/$t" > "$log" 2>&1 &
        pids="$pids $!"
        i=$((i + 1))
    done
    for pid in $pids; do
        if ! wait "$pid"; then
            status=1
            echo "fuzz_$t: a process FAILED, see $build/$t*.log and $build/crashes/$t/"
        fi
    done
    if ! ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp \
        "./tests/fuzz_$t" -runs=0 -max_len=4096 -timeout=60 -artifact_prefix="crashes/$t/" "corpus/$t" \
        > "$t.replay.log" 2>&1; then
        status=1
        echo "fuzz_$t: the leak-checked replay FAILED, see $build/$t.replay.log"
    fi
    for log in "$t".log "$t".[0-9]*.log; do
        [ -f "$log" ] || continue
        echo "$log:"
        grep -E "INFO: Loaded|^#[0-9]+.*(DONE|cov)" "$log" | tail -2
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" || true
    done
    echo "coverage of the grown corpus:"
    grep -E "INITED|DONE" "$t.replay.log" | tail -1
done
exit $status
