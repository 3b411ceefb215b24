#!/bin/sh
# deb_test.sh BUILD_DIR CONSUMER_DIR WORK_DIR CC CMAKE CPACK HAS_PANEL [PHP]
# Builds the .deb and .tar.gz from BUILD_DIR with CPack, unpacks the .deb
# into WORK_DIR/root, checks its metadata and files, builds CONSUMER_DIR's C
# program against the unpacked tree with pkg-config and with find_package(),
# and runs both.
set -u
build=$1 consumer=$2 work=$3 cc=$4 cmake=$5 cpack=$6 has_panel=$7 php=${8:-}

passed=0 failed=0
check() {  # check "what" command...
    what=$1; shift
    if out=$("$@" 2>&1); then
        passed=$((passed + 1)); echo "  ok    $what"
    else
        failed=$((failed + 1)); echo "  FAIL  $what"; printf '%s\n' "$out" | sed 's/^/        /' | tail -n 20
    fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit $?
}

rm -rf "$work"
mkdir -p "$work/out" "$work/root"

echo "cpack: building the packages (this runs the install rules of $build)"
if ! "$cpack" --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$work/out" > "$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    failed=$((failed + 1)); echo "  FAIL  cpack"
    finish
fi
deb=$(ls "$work"/out/embyprov_*.deb 2>/dev/null | head -n 1)
tgz=$(ls "$work"/out/embyprov-*.tar.gz 2>/dev/null | head -n 1)
check "a .deb was built" test -f "$deb"
check "a .tar.gz was built" test -f "$tgz"
[ -f "$deb" ] || finish

# --- control data ------------------------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
echo "  Depends: $depends"
check "the package is called embyprov" test "$(dpkg-deb -f "$deb" Package)" = embyprov
check "Depends names the Poco libraries" sh -c "echo '$depends' | grep -q libpoco"
check "Depends names OpenSSL" sh -c "echo '$depends' | grep -q 'libssl'"
check "Depends names the C++ runtime" sh -c "echo '$depends' | grep -q 'libstdc++6'"
dpkg-deb -e "$deb" "$work/control"
check "postinst creates the state folder" grep -q /var/lib/embyprov "$work/control/postinst"
check "postinst is executable" test -x "$work/control/postinst"
check "a shlibs file for libembyprov.so.1" grep -q "libembyprov 1 embyprov" "$work/control/shlibs"
check "postinst and postrm run ldconfig" sh -c "grep -q ldconfig '$work/control/postinst' && grep -q ldconfig '$work/control/postrm'"

# --- files ---------------------------------------------------------------------
dpkg-deb -x "$deb" "$work/root"
usr=$work/root/usr
lib=$(ls "$usr"/lib/libembyprov.so.1 "$usr"/lib/*/libembyprov.so.1 2>/dev/null | head -n 1)
check "libembyprov.so.1 (the SONAME) is in /usr/lib" test -f "$lib"
libdir=$(dirname "$lib")
check "the development symlink libembyprov.so" test -L "$libdir/libembyprov.so"
check "the header" test -f "$usr/include/embyprov/embyprov.h"
check "the CLI" test -x "$usr/bin/embyprov"
check "the simulator" test -x "$usr/bin/embyprov-sim"
if [ "$has_panel" = 1 ]; then
    check "the reference panel" test -x "$usr/bin/embyprov-panel"
fi
mod=$usr/share/embyprov/whmcs/modules/servers/embyprov
check "the WHMCS module" test -f "$mod/embyprov.php" -a -f "$mod/lib/Embyprov.php" -a -f "$mod/templates/overview.tpl" -a -f "$mod/whmcs.json"
check "the FOSSBilling manager" test -f "$usr/share/embyprov/fossbilling/library/Server/Manager/Embyprov.php" \
      -a -f "$usr/share/embyprov/fossbilling/library/Embyprov/Embyprov.php"
check "the PHP binding and its ffi.preload header" test -f "$usr/share/embyprov/php/Embyprov.php" -a -f "$usr/share/embyprov/php/embyprov-ffi.h"
check "the Python binding" test -f "$usr/lib/python3/dist-packages/embyprov/__init__.py"
check "the templates folder" test -d "$usr/share/embyprov/templates"
check "the lang folder" test -d "$usr/share/embyprov/lang"
check "the CMake package" test -f "$libdir/cmake/embyprov/embyprovConfig.cmake" -a -f "$libdir/cmake/embyprov/embyprovTargets.cmake"
check "the pkg-config file" test -f "$libdir/pkgconfig/embyprov.pc"
check "nothing outside /usr" sh -c "cd '$work/root' && [ \"\$(ls)\" = usr ]"
if [ -n "$php" ]; then
    check "the PHP files parse" sh -c "for f in '$mod/embyprov.php' '$mod/lib/Embyprov.php' \
        '$usr/share/embyprov/fossbilling/library/Server/Manager/Embyprov.php'; do '$php' -l \"\$f\" || exit 1; done"
fi

# --- a C program against the unpacked tree: pkg-config ---------------------------
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs embyprov 2>&1)
echo "  pkg-config --cflags --libs embyprov: $flags"
check "pkg-config knows embyprov 0.1.0" test "$(pkg-config --modversion embyprov)" = 0.1.0
# shellcheck disable=SC2086
check "the consumer compiles and links with pkg-config's flags" \
    "$cc" -std=c99 -Wall -Werror "$consumer/consumer.c" $flags -o "$work/consumer-pc"
check "it runs and calls the library" env LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"
check "it loaded the unpacked library" sh -c "LD_LIBRARY_PATH='$libdir' ldd '$work/consumer-pc' | grep -q '$libdir/libembyprov.so.1'"

# --- and with find_package(embyprov) ------------------------------------------------
gen=""
command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
# shellcheck disable=SC2086
check "find_package(embyprov) configures against the unpacked tree" \
    "$cmake" -S "$consumer" -B "$work/cmake-consumer" $gen -DCMAKE_PREFIX_PATH="$usr" -DCMAKE_C_COMPILER="$cc"
check "the consumer builds with embyprov::embyprov" "$cmake" --build "$work/cmake-consumer"
check "it runs" env LD_LIBRARY_PATH="$libdir" "$work/cmake-consumer/consumer"

# --- the Python binding from the unpacked tree ----------------------------------------
if command -v python3 >/dev/null 2>&1; then
    check "python3 imports the packaged binding and loads the library" env PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$usr/lib/python3/dist-packages" \
        EMBYPROV_LIBRARY="$lib" python3 -c "import embyprov; assert embyprov.library_version() == '0.1.0'"
fi

# --- the tarball ----------------------------------------------------------------------------
tar tzf "$tgz" > "$work/tgz.list"
check "the tarball holds the library" grep -q '/lib/.*libembyprov\.so\.1$\|/lib/libembyprov\.so\.1$' "$work/tgz.list"
check "the tarball holds the header" grep -q '/include/embyprov/embyprov\.h$' "$work/tgz.list"
check "the tarball holds the WHMCS module" grep -q '/share/embyprov/whmcs/modules/servers/embyprov/embyprov\.php$' "$work/tgz.list"
check "the tarball holds the pkg-config file" grep -q '/pkgconfig/embyprov\.pc$' "$work/tgz.list"

finish
