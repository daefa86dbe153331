# cerco_room(NAME DIR [EMBEDDED] [DEPS ...]): one static library per room, built from every
# .cpp in DIR (tests and fuzz targets excluded), with warnings as errors. EMBEDDED rooms
# build with -fno-exceptions -fno-rtti (the core contract).
function(cerco_room name dir)
  cmake_parse_arguments(R "EMBEDDED" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
  list(FILTER sources EXCLUDE REGEX "(main|\\.test|fuzz_.*)\\.cpp$")
  if(NOT sources)  # a room not written yet still configures
    set(sources ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp)
    file(WRITE ${sources} "// ${name}: no sources yet\n")
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${name} PRIVATE $<BUILD_INTERFACE:cerco_warnings>)
  if(R_EMBEDDED)
    target_link_libraries(${name} PRIVATE $<BUILD_INTERFACE:cerco_embedded>)
  endif()
  if(R_DEPS)
    target_link_libraries(${name} PUBLIC ${R_DEPS})
  endif()
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(CERCO_LTO AND R_EMBEDDED)
    # The core's objects carry both forms: the cerco binary links the optimiser's form,
    # so that the model's calls into the event queue and across its own files inline;
    # the tests and installed consumers link the ordinary one.
    target_compile_options(${name} PRIVATE -flto=auto -ffat-lto-objects)
  endif()
endfunction()
