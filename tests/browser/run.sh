#!/bin/sh
# The ctest entry of the browser test. Checks what the test needs and says
# what is missing (it never skips silently), installs playwright-core from
# the lock file if node_modules is missing or stale, then runs client_area.js.
# Chromium: $EMBYPROV_CHROMIUM, else /usr/bin/chromium (Debian's package).
here=$(cd "$(dirname "$0")" && pwd)
chromium=${EMBYPROV_CHROMIUM:-/usr/bin/chromium}

fail() {
    echo "FAIL - the browser test cannot run: $1"
    echo "       install what is missing with scripts/install-deps.sh (as root)"
    echo "0 passed, 1 failed"
    exit 1
}
command -v node >/dev/null 2>&1 || fail "node not found (Debian package nodejs)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    fail "node $(node --version) is too old: playwright-core 1.65 needs node 20 or newer"
[ -x "$chromium" ] || fail "$chromium not found (Debian package chromium, or set EMBYPROV_CHROMIUM)"
sh "$here/install.sh" || fail "playwright-core is not installed in tests/browser/node_modules and npm ci failed"
exec node "$here/client_area.js" --chromium "$chromium" "$@"
