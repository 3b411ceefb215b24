#!/bin/sh
# build-packages.sh [BUILD_DIR]: a release build for Debian's /usr layout
# (multiarch library folder) and its packages: embyprov_<ver>_<arch>.deb and
# embyprov-<ver>-Linux-<arch>.tar.gz in BUILD_DIR (default build-package).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build-package"}
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX=/usr -DEMBYPROV_BUILD_TESTS=OFF
cmake --build "$build" -j"$(nproc)"
(cd "$build" && cpack -G "DEB;TGZ")
ls -l "$build"/embyprov_*.deb "$build"/embyprov-*.tar.gz
