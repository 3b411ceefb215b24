#!/bin/sh
# Installs, from Debian 12's own archive, every package the build, the tests
# and the demo need. Only missing packages are installed, so a second run
# takes a second and never upgrades anything behind your back.
set -eu

packages="cmake ninja-build g++ pkg-config openssl ca-certificates python3 python3-jsonschema
  libpoco-dev libboost-test-dev libssl-dev libkainjow-mustache-dev"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    exit 0
fi
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
