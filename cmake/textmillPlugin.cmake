# textmillPlugin.cmake - helpers to build and test textmill plugins out of
# the textmill tree. Included by textmillConfig.cmake: call find_package(textmill)
# and use them.
#
# Where things go:
#   build tree  every plugin module lands in ${TEXTMILL_PLUGIN_BUILD_DIR}
#               (default ${CMAKE_BINARY_DIR}/plugins), its data folder beside it
#               as NAME-data, which is where the registry looks first; so
#               `textmill -P build/plugins ...` and the tests use them as built.
#   install     TEXTMILL_PLUGIN_INSTALL_DIR (default: the installed plugin folder
#               of textmill, searched without configuration); data goes to
#               textmill's share/textmill/plugins/NAME there, or beside the
#               module as NAME-data when you install somewhere else.

include_guard(GLOBAL)

set(TEXTMILL_PLUGIN_BUILD_DIR "${CMAKE_BINARY_DIR}/plugins" CACHE PATH
    "Folder where textmill_add_plugin puts the modules it builds")
set(TEXTMILL_PLUGIN_INSTALL_DIR "${TEXTMILL_PLUGIN_DIR}" CACHE PATH
    "Folder where textmill_add_plugin installs modules (add it to TEXTMILL_PLUGIN_PATH if not the default)")

# textmill_add_plugin(NAME SOURCES file... [LIBRARIES lib...] [DATA dir]
#                     [NO_INSTALL])
# Builds the plugin NAME as the loadable module NAME.so (no "lib" prefix),
# linked to textmill::textmill, with only its descriptor exported. DATA is the
# plugin's data folder (default: ./data when it exists); the host hands it to
# create as env->data_dir.
function(textmill_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_INSTALL" "DATA" "SOURCES;LIBRARIES")
  if(NOT name MATCHES "^[a-z_][a-z0-9_]*$")
    message(FATAL_ERROR "textmill_add_plugin: '${name}' is not a plugin name "
                        "(lower-case letters, digits and '_', not starting with a digit)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "textmill_add_plugin(${name}): no SOURCES given")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "textmill_add_plugin(${name}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()

  add_library(${name} MODULE ${ARG_SOURCES})
  # Hidden by default: the descriptor is the one symbol the host looks up,
  # and TM_PLUGIN_DEFINE marks it visible.
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${TEXTMILL_PLUGIN_BUILD_DIR}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${name} PRIVATE textmill::textmill ${ARG_LIBRARIES})

  set(data "${ARG_DATA}")
  if(NOT data AND IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/data")
    set(data "${CMAKE_CURRENT_SOURCE_DIR}/data")
  endif()
  if(data)
    get_filename_component(data "${data}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT IS_DIRECTORY "${data}")
      message(FATAL_ERROR "textmill_add_plugin(${name}): DATA folder '${data}' does not exist")
    endif()
    # A link, so that edits to the data are seen without rebuilding.
    file(MAKE_DIRECTORY "${TEXTMILL_PLUGIN_BUILD_DIR}")
    file(REMOVE_RECURSE "${TEXTMILL_PLUGIN_BUILD_DIR}/${name}-data")
    file(CREATE_LINK "${data}" "${TEXTMILL_PLUGIN_BUILD_DIR}/${name}-data"
         SYMBOLIC COPY_ON_ERROR)
  endif()

  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION "${TEXTMILL_PLUGIN_INSTALL_DIR}")
    if(data)
      if(TEXTMILL_PLUGIN_INSTALL_DIR STREQUAL TEXTMILL_PLUGIN_DIR)
        set(data_dest "${TEXTMILL_DATA_DIR}/plugins/${name}")
      else()
        set(data_dest "${TEXTMILL_PLUGIN_INSTALL_DIR}/${name}-data")
      endif()
      install(DIRECTORY "${data}/" DESTINATION "${data_dest}")
    endif()
  endif()
endfunction()

# textmill_add_test(NAME SOURCES file... [PLUGINS target...] [LIBRARIES lib...])
# A Criterion test program run by CTest, linked to textmill::textmill.
# textmill/testing.h finds the plugins built here through TM_TEST_PLUGIN_DIR;
# TM_TEST_DIR is the folder of the calling CMakeLists.txt (for fixtures).
# PLUGINS are built before the test.
function(textmill_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;PLUGINS;LIBRARIES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "textmill_add_test(${name}): no SOURCES given")
  endif()
  if(NOT TARGET PkgConfig::TEXTMILL_CRITERION)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(TEXTMILL_CRITERION REQUIRED IMPORTED_TARGET GLOBAL criterion)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE textmill::textmill PkgConfig::TEXTMILL_CRITERION
                        ${ARG_LIBRARIES})
  target_compile_definitions(${name} PRIVATE
    TM_TEST_PLUGIN_DIR="${TEXTMILL_PLUGIN_BUILD_DIR}"
    TM_TEST_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  if(ARG_PLUGINS)
    add_dependencies(${name} ${ARG_PLUGINS})
  endif()
  add_test(NAME ${name} COMMAND ${name})
endfunction()
