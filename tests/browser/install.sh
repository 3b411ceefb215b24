#!/bin/sh
# Installs playwright-core into tests/browser/node_modules, exactly as pinned
# by package-lock.json (npm ci; no browser download: the tests drive Debian's
# chromium). Does nothing when node_modules was installed from the current
# package.json and package-lock.json (their checksum is kept in a stamp).
# Called by scripts/install-deps.sh and, when needed, by run.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.embyprov-install-stamp"
sum=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$here/node_modules/playwright-core/package.json" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "tests/browser: npm not found; install nodejs (and npm) with scripts/install-deps.sh" >&2
    exit 1
fi
echo "tests/browser: installing playwright-core from package-lock.json (npm ci)"
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
echo "$sum" > "$stamp"
