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
# The dataset's deflate compression: libdeflate writes the zlib streams HDF5's deflate filter
# reads, 2.5x faster than zlib at level 1 (bench/README.md, "Datasets").
find_package(PkgConfig REQUIRED)
pkg_check_modules(COSCAN_LIBDEFLATE REQUIRED IMPORTED_TARGET GLOBAL libdeflate)

# Parallel HDF5 (Debian's libhdf5-openmpi-dev): the C API and the high-level library's dimension
# scales. Its pkg-config file first: FindHDF5 learns the flags by compiling a test program with
# the h5pcc wrapper, a shell script that does not quote file names, so it fails in a build tree
# whose path has a space.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(COSCAN_HDF5 QUIET IMPORTED_TARGET GLOBAL hdf5-openmpi)
endif()
if(COSCAN_HDF5_FOUND)
  add_library(hdf5::hdf5 ALIAS PkgConfig::COSCAN_HDF5)
  set(HDF5_IS_PARALLEL TRUE)
  # The high-level library (dimension scales, H5DS*) beside it; pkg-config does not list it.
  find_library(COSCAN_HDF5_HL hdf5_hl HINTS ${COSCAN_HDF5_LIBRARY_DIRS} NO_DEFAULT_PATH REQUIRED)
else()
  set(HDF5_PREFER_PARALLEL ON)
  find_package(HDF5 REQUIRED COMPONENTS C HL)
  set(COSCAN_HDF5_HL hdf5::hdf5_hl)
endif()
if(NOT HDF5_IS_PARALLEL)
  message(WARNING "HDF5 is not parallel: parallel dataset output will be unavailable")
endif()

# HDF5 as coscan uses it: a parallel HDF5's headers include mpi.h, so MPI comes along.
add_library(coscan_hdf5 INTERFACE)
target_link_libraries(coscan_hdf5 INTERFACE ${COSCAN_HDF5_HL} hdf5::hdf5)
if(HDF5_IS_PARALLEL)
  target_link_libraries(coscan_hdf5 INTERFACE MPI::MPI_C)
endif()
