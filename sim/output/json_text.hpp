#pragma once
/// Small helpers to write JSON text fast, for the line-oriented logs.
#include <cstdint>
#include <string>
#include <string_view>

namespace cerco {

/// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
/// Appends a decimal integer (std::to_chars: no locale, no allocation beyond `out`).
void append_int(std::string& out, std::int64_t value);
/// Appends num / den with three decimals, rounded half up, exact in integers (den > 0,
/// num >= 0).
void append_ratio3(std::string& out, std::int64_t num, std::int64_t den);
/// "0123456789abcdef": a 64-bit hash as 16 hex digits.
std::string hex64(std::uint64_t value);

}  // namespace cerco
