# Install the embeddable core (headers, cerco_engine, cerco_model) and a CMake package so
# that another project can find_package(cerco) and link cerco::core.
include(CMakePackageConfigHelpers)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cerco DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT core)
install(TARGETS cerco_engine cerco_model EXPORT cercoTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT core
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT cercoTargets NAMESPACE cerco:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cerco COMPONENT core)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cercoConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cercoConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cerco)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cercoConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cercoConfig.cmake ${PROJECT_BINARY_DIR}/cercoConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cerco COMPONENT core)
