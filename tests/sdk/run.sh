#!/bin/sh
# The ctest entry of the SDK suite. Checks what it needs and says what is
# missing (it never skips silently), installs @jellyfin/sdk from the lock
# file if node_modules is missing or stale, then runs jellyfin_sdk.mjs.
here=$(cd "$(dirname "$0")" && pwd)
fail() {
    echo "FAIL - the SDK suite cannot run: $1"
    echo "       install what is missing with scripts/install-deps.sh (as root)"
    echo "0 passed, 1 failed"
    exit 1
}
command -v node >/dev/null 2>&1 || fail "node not found (Debian package nodejs)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    fail "node $(node --version) is too old: the suite needs node 20 or newer"
sh "$here/../npm_ci.sh" "$here" @jellyfin/sdk || fail "@jellyfin/sdk is not installed and npm ci failed"
exec node "$here/jellyfin_sdk.mjs" "$@"
