#!/bin/sh
# The PHP binding declares the C ABI twice: Library::CDEF in Embyprov.php
# (FFI::cdef) and embyprov-ffi.h (ffi.preload). Both must say the same, and
# every function they declare must exist in the public header.
set -eu
php_src=$1 header=$2
from_php=$(sed -n "/private const CDEF = <<<'C'/,/^C;/p" "$php_src/Embyprov.php" | sed '1d;$d')
from_h=$(grep -v '^#define\|^ \*\|^/\*\|^ \*/' "$php_src/embyprov-ffi.h" | sed '/^$/d')
if [ "$from_php" != "$from_h" ]; then
    echo "Library::CDEF and embyprov-ffi.h differ:"
    printf '%s\n' "$from_php" > /tmp/ffi-php.$$; printf '%s\n' "$from_h" | diff /tmp/ffi-php.$$ - || true
    rm -f /tmp/ffi-php.$$
    echo "0 passed, 1 failed"; exit 1
fi
missing=""
for fn in $(printf '%s\n' "$from_h" | grep -o 'embyprov_[a-z_]*(' | tr -d '('); do
    grep -q "$fn(" "$header" || missing="$missing $fn"
done
if [ -n "$missing" ]; then
    echo "declared for PHP but not in the header:$missing"; echo "0 passed, 1 failed"; exit 1
fi
echo "2 passed, 0 failed"
