# Compiler options shared by every coscan target, through the interface target coscan_options.
add_library(coscan_options INTERFACE)
option(COSCAN_WERROR "Treat compiler warnings as errors" OFF)
target_compile_options(coscan_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  # clang's -Wconversion also warns on every signed/unsigned mix, which GCC's leaves out.
  $<$<CXX_COMPILER_ID:Clang>:-Wno-sign-conversion>
  $<$<BOOL:${COSCAN_WERROR}>:-Werror>
  # Results must be bit-identical between the scalar and the SIMD paths and across machines:
  # forbid the compiler from fusing a*b+c differently in vectorised and scalar code.
  -ffp-contract=off
  # Position-independent code (for the Python module) without the cost of calls that could be
  # interposed: a library's own functions still inline into each other.
  -fno-semantic-interposition
  $<$<CONFIG:Release>:-O3>)
if(COSCAN_NATIVE)
  target_compile_options(coscan_options INTERFACE -march=native)
endif()
# mpi.h from C++ would drag in Open MPI's deprecated C++ bindings; coscan uses the C API.
target_compile_definitions(coscan_options INTERFACE OMPI_SKIP_MPICXX MPICH_SKIP_MPICXX)

# Sanitizer builds (scripts/test --sanitize): COSCAN_SANITIZE=address,undefined or thread. Every
# target of the tree is instrumented, so the flags are global rather than on coscan_options.
# UBSan findings abort (-fno-sanitize-recover) so that a test fails instead of printing a warning.
set(COSCAN_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined or thread; empty for none")
if(COSCAN_SANITIZE)
  if(NOT COSCAN_SANITIZE MATCHES "^(address|undefined|thread)(,(address|undefined|thread))*$")
    message(FATAL_ERROR "COSCAN_SANITIZE=${COSCAN_SANITIZE}: expected a list of address, undefined, thread")
  endif()
  add_compile_options(-fsanitize=${COSCAN_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU") # false alarms of GCC 12 in std::regex under ASan
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=${COSCAN_SANITIZE})
endif()

# libFuzzer builds (scripts/fuzz, in the address-sanitizer tree): clang's coverage
# instrumentation on the code that reads user files (coscan_fuzz_coverage(TARGET) in their
# CMakeLists), not on the engine's kernels, which the tests of that tree run at full speed.
if(COSCAN_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "COSCAN_FUZZ needs clang (libFuzzer): configure with CXX=clang++ CC=clang")
endif()
function(coscan_fuzz_coverage target)
  if(COSCAN_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
