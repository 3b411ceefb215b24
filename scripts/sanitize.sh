#!/bin/sh
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer into
# ./build-asan and runs the C++ test suites under them (unit, integration
# on every server, the stores on SQLite, MariaDB and PostgreSQL, the C host,
# the fuzz replays, the CLI, and the panel's and the simulator's tests with
# those programs built the same way); any report fails the run.
# Usage: scripts/sanitize.sh [extra ctest arguments]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=$root/build-asan
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j "$(nproc)" --target unit_tests integration_tests db_tests abi_smoke fuzz_abi fuzz_client_area fuzz_answers \
    embyprov-sim embyprov-cli embyprov-panel
cd "$build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp \
    ctest --no-tests=error --output-on-failure -j "$(nproc)" \
    -R '^(unit_tests\.|integration_tests\.|db_tests\.|db\.|abi\.c_host$|fuzz\.|cli\.|panel\.|sim\.)' "$@"
