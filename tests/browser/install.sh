#!/bin/sh
# Installs playwright-core into tests/browser/node_modules as pinned by
# package-lock.json. No browser is downloaded: the tests drive Debian's
# chromium.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 exec sh "$here/../npm_ci.sh" "$here" playwright-core
