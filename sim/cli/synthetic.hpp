#pragma once
/// A synthetic city for scaling benchmarks, generated in code from one template: a depot
/// with a fleet per commodity and K x 10 districts (each reordering from the depot), a
/// road from the depot to each district and a ring between neighbours, and one blockade
/// that closes the first district's road for two days so that trucks reroute.
#include <cstdint>

#include "cerco/scenario.hpp"

namespace cerco::cli {

scenario synthetic_city(std::uint32_t scale, std::uint32_t days);

}  // namespace cerco::cli
