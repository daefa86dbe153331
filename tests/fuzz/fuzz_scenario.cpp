// libFuzzer target: see cerco::fuzz::scenario_text in entry.hpp.
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cerco::fuzz::scenario_text(data, size);
  return 0;
}
