#!/bin/sh
# Fuzzes the C ABI with libFuzzer under AddressSanitizer and UBSan.
# Usage: scripts/fuzz.sh [SECONDS]   (default 60). Crashes land in build-fuzz/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=$root/build-fuzz
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Debug -DEMBYPROV_FUZZ=ON -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build "$build" --target fuzz_abi
corpus=$build/corpus
mkdir -p "$corpus"
cp "$root"/tests/fuzz/corpus/* "$corpus"/
cd "$build"
ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz_abi -max_total_time="${1:-60}" -max_len=4096 "$corpus"
