#pragma once
/// Scenarios built into the binary (every scenarios/**/*.toml but invalid/ and sweeps/).
#include <cstddef>
#include <span>
#include <string_view>

namespace cerco {

struct builtin_scenario {
  const char* name;  ///< path under scenarios/ without .toml: "la_paz_2019", "tutorial/airlift"
  const char* text;
  std::size_t size;
};

/// Sorted by name.
std::span<const builtin_scenario> builtin_scenarios();
/// The scenario `cerco run` uses when given none.
inline constexpr std::string_view default_scenario_name = "la_paz_2019";

}  // namespace cerco
