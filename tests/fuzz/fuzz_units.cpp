// libFuzzer target: see cerco::fuzz::unit_text in entry.hpp.
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cerco::fuzz::unit_text(data, size);
  return 0;
}
