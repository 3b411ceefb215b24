#!/bin/sh
# Installs the npm packages of one test folder (tests/browser, tests/sdk)
# exactly as pinned by its package-lock.json (npm ci), into its node_modules.
# Does nothing when node_modules was installed from the current package.json
# and package-lock.json (their checksum is kept in a stamp) and PACKAGE is
# there. Called by scripts/install-deps.sh and by the folders' run.sh.
# Usage: tests/npm_ci.sh FOLDER PACKAGE
set -eu
[ $# -eq 2 ] || { echo "usage: $0 FOLDER PACKAGE" >&2; exit 2; }
here=$(cd "$1" && pwd)
name=$(basename "$here")
stamp="$here/node_modules/.embyprov-install-stamp"
sum=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$here/node_modules/$2/package.json" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "tests/$name: npm not found; install nodejs (and npm) with scripts/install-deps.sh" >&2
    exit 1
fi
echo "tests/$name: installing $2 and its dependencies from package-lock.json (npm ci)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
echo "$sum" > "$stamp"
