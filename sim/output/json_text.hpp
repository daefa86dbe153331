#pragma once
/// Small helpers to write JSON text fast, for the line-oriented logs.
#include <cstdint>
#include <string>
#include <string_view>

namespace cerco {

/// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
/// "0123456789abcdef": a 64-bit hash as 16 hex digits.
std::string hex64(std::uint64_t value);

}  // namespace cerco
