# `cmake --install build --prefix P`: the coscan program, the libraries with their public headers,
# and a CMake package (coscan::costmodel, search, engine, tables, study, h5, jobs) for find_package(coscan);
# `cpack -G DEB` (in the build folder): the same as a Debian package. docs/install.md.
include(CMakePackageConfigHelpers)

set(COSCAN_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/coscan")
set_target_properties(coscan_options PROPERTIES EXPORT_NAME options)
set_target_properties(coscan_hdf5 PROPERTIES EXPORT_NAME hdf5)

install(TARGETS coscan RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The static libraries carry their private dependencies (coscan_options, coscan_hdf5) as
# link-only entries, so those interface targets are exported too.
install(TARGETS coscan_costmodel coscan_search coscan_engine coscan_tables coscan_study coscan_h5 coscan_jobs coscan_options
                coscan_hdf5
        EXPORT coscanTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(library costmodel search engine tables study h5 jobs)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${library}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(EXPORT coscanTargets NAMESPACE coscan:: DESTINATION ${COSCAN_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/coscanConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/coscanConfig.cmake
                              INSTALL_DESTINATION ${COSCAN_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/coscanConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/coscanConfig.cmake
              ${PROJECT_BINARY_DIR}/coscanConfigVersion.cmake
        DESTINATION ${COSCAN_CMAKE_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The Python package with its compiled module, where Debian's python3 looks (prefix /usr:
# /usr/lib/python3/dist-packages/coscan).
if(COSCAN_PYTHON_MODULE)
  set(COSCAN_PYTHON_INSTALL_DIR lib/python3/dist-packages)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/coscan DESTINATION ${COSCAN_PYTHON_INSTALL_DIR}
          FILES_MATCHING PATTERN "*.py")
  install(TARGETS coscan_python_native LIBRARY DESTINATION ${COSCAN_PYTHON_INSTALL_DIR}/coscan)
endif()

# The Debian package: what `apt-get install ./coscan_VERSION_amd64.deb` needs to run coscan and
# to build against it (the -dev packages of the libraries the headers and the package use).
set(CPACK_PACKAGE_NAME coscan)
set(CPACK_PACKAGE_VENDOR "coscan")
set(CPACK_PACKAGE_CONTACT "coscan developers <coscan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "openmpi-bin, libopenmpi-dev, libtbb-dev, libeigen3-dev, libhdf5-openmpi-dev, libfmt-dev, libtomlplusplus-dev, nlohmann-json3-dev, libdeflate-dev, pkg-config")
# The Python package's readers, report and search benchmark.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "python3-numpy, python3-h5py, python3-pandas, python3-xarray, python3-h5netcdf, python3-matplotlib, python3-scipy, python3-sklearn, python3-optuna")
set(CPACK_GENERATOR DEB)
include(CPack)
