# package.cmake - the SDK part of `cmake --install`: a pkg-config file and a
# CMake package (find_package(textmill)) beside the library and headers that
# the main CMakeLists.txt installs. Included from the top-level CMakeLists.txt.

include(CMakePackageConfigHelpers)

# The plugin ABI, for the pkg-config variables.
file(STRINGS "${PROJECT_SOURCE_DIR}/include/textmill/plugin.h" _tm_abi
     REGEX "^#define TM_ABI_(MAJOR|MINOR) [0-9]+")
string(REGEX REPLACE ".*TM_ABI_MAJOR ([0-9]+).*" "\\1" TEXTMILL_ABI_MAJOR "${_tm_abi}")
string(REGEX REPLACE ".*TM_ABI_MINOR ([0-9]+).*" "\\1" TEXTMILL_ABI_MINOR "${_tm_abi}")
unset(_tm_abi)

file(RELATIVE_PATH TEXTMILL_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" TEXTMILL_PC_TO_PREFIX "${TEXTMILL_PC_TO_PREFIX}")
configure_file("${PROJECT_SOURCE_DIR}/core/textmill.pc.in"
               "${PROJECT_BINARY_DIR}/textmill.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/textmill.pc"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

set(TEXTMILL_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/textmill")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/textmillConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/textmillConfig.cmake"
  INSTALL_DESTINATION "${TEXTMILL_CMAKE_INSTALL_DIR}"
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR
            TEXTMILL_PLUGIN_INSTALL_DIR TEXTMILL_DATA_INSTALL_DIR)
# The library's SOVERSION is the major version: same major, same ABI.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/textmillConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/textmillConfig.cmake"
              "${PROJECT_BINARY_DIR}/textmillConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/textmillPlugin.cmake"
        DESTINATION "${TEXTMILL_CMAKE_INSTALL_DIR}")
install(EXPORT textmillTargets NAMESPACE textmill::
        DESTINATION "${TEXTMILL_CMAKE_INSTALL_DIR}")
