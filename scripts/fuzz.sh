#!/bin/sh
# Fuzzes the library with libFuzzer under AddressSanitizer and UBSan. The
# whole library (libembyprov and the engine) is built with coverage
# instrumentation, not only the harnesses, so libFuzzer sees the code it
# tests.
# Usage: scripts/fuzz.sh [RUNS] [TARGET...]
#   RUNS     executions per target (default 10000000)
#   TARGET   abi, client_area, answers (default: all three)
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
    echo "fuzz_$t: $runs runs"
    if ! ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0 \
        "./tests/fuzz_$t" -runs="$runs" -max_len=4096 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="crashes/$t/" "corpus/$t" > "$t.log" 2>&1; then
        status=1
        echo "fuzz_$t: FAILED, see $build/$t.log and $build/crashes/$t/"
    fi
    if ! ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp \
        "./tests/fuzz_$t" -runs=0 -max_len=4096 -timeout=60 -artifact_prefix="crashes/$t/" "corpus/$t" \
        > "$t.replay.log" 2>&1; then
        status=1
        echo "fuzz_$t: the leak-checked replay FAILED, see $build/$t.replay.log"
    fi
    grep -E "INFO: Loaded|^#[0-9]+.*(DONE|cov)" "$t.log" | tail -2
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$t.log" || true
done
exit $status
