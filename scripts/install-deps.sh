#!/bin/sh
# Installs, from Debian 12's own archive, every package the build, the tests
# and the demo need. Only missing packages are installed, so a second run
# takes a second and never upgrades anything behind your back.
set -eu

packages="cmake ninja-build g++ pkg-config openssl ca-certificates python3 python3-jsonschema php-cli php-fpm dpkg-dev strace
  libpoco-dev libboost-test-dev libssl-dev libkainjow-mustache-dev mariadb-server chromium nodejs"
# The PostgreSQL store tests need a server of any version. Named when none is
# there only: naming an installed postgresql-15 would upgrade it.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages="$packages postgresql-15"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages:$missing" >&2
        echo "run this script as root (or install them with apt-get) and try again" >&2
        exit 1
    fi
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# ---------------------------------------------------------------------------
# Browser tests (tests/browser): playwright-core from npm, pinned by the
# committed package-lock.json, into tests/browser/node_modules. No browser is
# downloaded: the tests drive Debian's chromium. Does nothing when
# node_modules is there and package.json / package-lock.json are unchanged.
# npm is not in the package list above: NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package, Debian's nodejs ships without it; so
# it is installed only when the command is missing.
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
sh "$(dirname "$0")/../tests/browser/install.sh"
# The Jellyfin SDK suite (tests/sdk): @jellyfin/sdk, axios and ajv, pinned
# by its package-lock.json.
sh "$(dirname "$0")/../tests/npm_ci.sh" "$(dirname "$0")/../tests/sdk" @jellyfin/sdk
