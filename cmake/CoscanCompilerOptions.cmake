# Compiler options shared by every coscan target, through the interface target coscan_options.
add_library(coscan_options INTERFACE)
target_compile_options(coscan_options INTERFACE
  -Wall -Wextra -Wpedantic
  # Results must be bit-identical between the scalar and the SIMD paths and across machines:
  # forbid the compiler from fusing a*b+c differently in vectorised and scalar code.
  -ffp-contract=off
  $<$<CONFIG:Release>:-O3>)
if(COSCAN_NATIVE)
  target_compile_options(coscan_options INTERFACE -march=native)
endif()
# mpi.h from C++ would drag in Open MPI's deprecated C++ bindings; coscan uses the C API.
target_compile_definitions(coscan_options INTERFACE OMPI_SKIP_MPICXX MPICH_SKIP_MPICXX)
