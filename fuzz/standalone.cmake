# Adds fuzz/ to the build when the top-level CMakeLists.txt does not (yet):
# scripts/fuzz.sh passes this file as CMAKE_PROJECT_textmill_INCLUDE. The
# file is included at the end of the top directory, when every target the
# fuzz targets use exists (add_subdirectory cannot be deferred).
option(TEXTMILL_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)
if(TEXTMILL_FUZZ)
  # (Deferred arguments are expanded at call time: name the file now.)
  set(TEXTMILL_FUZZ_LIST "${CMAKE_CURRENT_LIST_DIR}/CMakeLists.txt")
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL include "${TEXTMILL_FUZZ_LIST}")
endif()
