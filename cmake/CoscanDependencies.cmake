# Every dependency comes from Debian 12 packages (scripts/setup installs them).
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(MPI REQUIRED COMPONENTS C)
find_package(TBB REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)

# Parallel HDF5 (Debian's libhdf5-openmpi-dev); the C API is all coscan uses.
set(HDF5_PREFER_PARALLEL ON)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(WARNING "HDF5 is not parallel: parallel dataset output will be unavailable")
endif()

# HDF5 as coscan uses it: a parallel HDF5's headers include mpi.h, so MPI comes along.
add_library(coscan_hdf5 INTERFACE)
target_link_libraries(coscan_hdf5 INTERFACE hdf5::hdf5)
if(HDF5_IS_PARALLEL)
  target_link_libraries(coscan_hdf5 INTERFACE MPI::MPI_C)
endif()
