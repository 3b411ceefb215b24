# Install layout, the panel adapters, the CMake and pkg-config package files,
# and CPack (.deb and .tar.gz). Included last by the top-level CMakeLists.txt,
# so every target it installs already exists.
#
#   <prefix>/lib[/<multiarch>]/libembyprov.so.1          the library (SONAME)
#   <prefix>/include/embyprov/embyprov.h                  the C ABI
#   <prefix>/bin/embyprov, embyprov-sim[, embyprov-panel] host CLI, simulator, reference panel
#   <prefix>/lib/.../cmake/embyprov/                      find_package(embyprov)
#   <prefix>/lib/.../pkgconfig/embyprov.pc                pkg-config
#   <prefix>/lib/python3/dist-packages/embyprov/          Python binding
#   <prefix>/share/embyprov/templates/, lang/             client-area templates and languages
#   <prefix>/share/embyprov/php/Embyprov.php, embyprov-ffi.h   PHP FFI binding, its ffi.preload header
#   <prefix>/share/embyprov/whmcs/modules/servers/embyprov/     WHMCS module folder
#   <prefix>/share/embyprov/fossbilling/library/...       FOSSBilling server manager
#
# The .deb installs to /usr. Configure with -DCMAKE_INSTALL_PREFIX=/usr for
# Debian's multiarch library folder (packaging/build-packages.sh does).

include(CMakePackageConfigHelpers)

set(EMBYPROV_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/embyprov")
set(EMBYPROV_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/embyprov")
set(EMBYPROV_STAGE "${PROJECT_BINARY_DIR}/packaging")

# --- The panel adapters, assembled in the build tree as they are installed --
# <build>/packaging/whmcs/modules/servers/embyprov/ is a complete WHMCS
# module folder (the tests run exactly this); same for FOSSBilling.
set(_ep_php "${PROJECT_SOURCE_DIR}/sdk/php")
set(_ep_whmcs "${EMBYPROV_STAGE}/whmcs/modules/servers/embyprov")
configure_file(${_ep_php}/whmcs/embyprov.php ${_ep_whmcs}/embyprov.php COPYONLY)
configure_file(${_ep_php}/whmcs/whmcs.json ${_ep_whmcs}/whmcs.json COPYONLY)
configure_file(${_ep_php}/Embyprov.php ${_ep_whmcs}/lib/Embyprov.php COPYONLY)
configure_file(${_ep_php}/embyprov-ffi.h ${_ep_whmcs}/lib/embyprov-ffi.h COPYONLY)
set(_ep_tpls "")
foreach(_tpl overview error confirm)
  configure_file(${_ep_php}/whmcs/templates/${_tpl}.tpl ${_ep_whmcs}/templates/${_tpl}.tpl COPYONLY)
  list(APPEND _ep_tpls ${_ep_whmcs}/templates/${_tpl}.tpl)
endforeach()
set(_ep_foss "${EMBYPROV_STAGE}/fossbilling/library")
configure_file(${_ep_php}/fossbilling/Embyprov.php ${_ep_foss}/Server/Manager/Embyprov.php COPYONLY)
configure_file(${_ep_php}/Embyprov.php ${_ep_foss}/Embyprov/Embyprov.php COPYONLY)
configure_file(${_ep_php}/embyprov-ffi.h ${_ep_foss}/Embyprov/embyprov-ffi.h COPYONLY)

# File by file, so nothing stale in the build tree is ever packaged.
set(_ep_whmcs_dest ${EMBYPROV_INSTALL_DATADIR}/whmcs/modules/servers/embyprov)
install(FILES ${_ep_whmcs}/embyprov.php ${_ep_whmcs}/whmcs.json DESTINATION ${_ep_whmcs_dest})
install(FILES ${_ep_whmcs}/lib/Embyprov.php ${_ep_whmcs}/lib/embyprov-ffi.h DESTINATION ${_ep_whmcs_dest}/lib)
install(FILES ${_ep_tpls} DESTINATION ${_ep_whmcs_dest}/templates)
set(_ep_foss_dest ${EMBYPROV_INSTALL_DATADIR}/fossbilling/library)
install(FILES ${_ep_foss}/Server/Manager/Embyprov.php DESTINATION ${_ep_foss_dest}/Server/Manager)
install(FILES ${_ep_foss}/Embyprov/Embyprov.php ${_ep_foss}/Embyprov/embyprov-ffi.h DESTINATION ${_ep_foss_dest}/Embyprov)
install(FILES ${_ep_php}/Embyprov.php ${_ep_php}/embyprov-ffi.h ${_ep_php}/README.md
        DESTINATION ${EMBYPROV_INSTALL_DATADIR}/php)

# --- Python binding ----------------------------------------------------------
# Debian's python3 reads /usr/lib/python3/dist-packages, whatever the arch.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/python/embyprov
        DESTINATION lib/python3/dist-packages
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)

# --- Templates and languages ----------------------------------------------------
# The library carries built-in copies; these are the reference for overrides
# (templates_dir / lang_dir). The CLI, the simulator and the reference panel
# (embyprov-panel) install themselves from their own folders.
foreach(_dir templates lang)
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${_dir})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_dir}/ DESTINATION ${EMBYPROV_INSTALL_DATADIR}/${_dir})
  endif()
endforeach()

# --- find_package(embyprov) ---------------------------------------------------
# module/ installs the library into the export set; the header-only target
# it links publicly has to be in the same set.
install(TARGETS embyprov_headers EXPORT embyprovTargets)
install(EXPORT embyprovTargets NAMESPACE embyprov:: DESTINATION ${EMBYPROV_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/embyprovConfig.cmake.in
  ${EMBYPROV_STAGE}/embyprovConfig.cmake
  INSTALL_DESTINATION ${EMBYPROV_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR EMBYPROV_INSTALL_DATADIR)
write_basic_package_version_file(${EMBYPROV_STAGE}/embyprovConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${EMBYPROV_STAGE}/embyprovConfig.cmake ${EMBYPROV_STAGE}/embyprovConfigVersion.cmake
        DESTINATION ${EMBYPROV_INSTALL_CMAKEDIR})

# --- pkg-config -----------------------------------------------------------------
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  message(FATAL_ERROR "embyprov.pc needs a relative CMAKE_INSTALL_LIBDIR (got ${CMAKE_INSTALL_LIBDIR})")
endif()
file(RELATIVE_PATH EMBYPROV_PC_RELATIVE_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(${CMAKE_CURRENT_LIST_DIR}/embyprov.pc.in ${EMBYPROV_STAGE}/embyprov.pc @ONLY)
install(FILES ${EMBYPROV_STAGE}/embyprov.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- CPack ------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "embyprov")
set(CPACK_PACKAGE_VENDOR "embyprov")
set(CPACK_PACKAGE_CONTACT "embyprov maintainers <maintainers@embyprov.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Emby/Jellyfin account provisioning for billing panels (WHMCS, FOSSBilling)")
set(CPACK_PACKAGE_DESCRIPTION
  "libembyprov creates, suspends, unsuspends and terminates Emby and Jellyfin accounts for hosting billing panels and gives customers a self-service page. This package holds the library with its C header, the embyprov host CLI, the embyprov-sim server simulator, the WHMCS module and FOSSBilling server manager (PHP FFI), the Python binding, templates and translations.")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_SOURCE_GENERATOR "")
# Release packages carry no debug info (build-packages.sh builds Release anyway).
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Runtime dependencies (Poco, OpenSSL, libstdc++, ...) from the binaries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# shlibs file and ldconfig triggers for libembyprov.so.1.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "php-cli | php-fpm, python3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_CURRENT_LIST_DIR}/postinst")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_ARCHIVE_FILE_NAME "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")

include(CPack)
