// libFuzzer target: see cerco::fuzz::override_flags in entry.hpp.
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cerco::fuzz::override_flags(data, size);
  return 0;
}
