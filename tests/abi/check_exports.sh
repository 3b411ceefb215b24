#!/bin/sh
# The shared library exports exactly the functions the public header
# declares: nothing of Poco, OpenSSL or the C++ runtime, and nothing missing.
set -eu
lib=$1
header=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TtDdBbRrVvWwi]$/ {print $3}' | sed 's/@.*//' | sort -u)
declared=$(grep -o 'embyprov_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u)
bad=$(printf '%s\n' "$exported" | grep -v '^embyprov_' || true)
if [ -n "$bad" ]; then
    echo "exported symbols outside the API:"; echo "$bad"; echo "0 passed, 1 failed"; exit 1
fi
if [ "$exported" != "$declared" ]; then
    echo "exports and header differ:"
    printf '%s\n' "$exported" > /tmp/embyprov-exports.$$
    printf '%s\n' "$declared" | diff - /tmp/embyprov-exports.$$ || true
    rm -f /tmp/embyprov-exports.$$
    echo "0 passed, 1 failed"; exit 1
fi
echo "$(printf '%s\n' "$exported" | wc -l) symbols, all declared in the header"
echo "1 passed, 0 failed"
