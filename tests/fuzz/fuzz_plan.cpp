// libFuzzer target: see cerco::fuzz::sweep_plan in entry.hpp.
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cerco::fuzz::sweep_plan(data, size);
  return 0;
}
