# coscan_add_library(NAME SOURCES ... [PUBLIC ...] [PRIVATE ...] [FUZZ_COVERAGE]): the library
# folder NAME/ as the static library coscan_NAME, alias and export name coscan::NAME, public
# headers under NAME/include/coscan/NAME/ (installed by CoscanInstall), linked to PUBLIC and
# PRIVATE targets (coscan_options always, privately); FUZZ_COVERAGE for code that reads user
# files (coscan_fuzz_coverage).
function(coscan_add_library name)
  cmake_parse_arguments(ARG "FUZZ_COVERAGE" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  set(target coscan_${name})
  add_library(${target} ${ARG_SOURCES})
  add_library(coscan::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                                              $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE coscan_options ${ARG_PRIVATE})
  if(ARG_FUZZ_COVERAGE)
    coscan_fuzz_coverage(${target})
  endif()
endfunction()
