// libFuzzer target: see cerco::fuzz::serve_requests in entry.hpp.
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cerco::fuzz::serve_requests(data, size);
  return 0;
}
