#pragma once
/// Small text helpers for the loader's messages: the nearest valid word for a typo, and
/// the hash of a scenario's bytes for the run manifest.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cerco::scenario_text {

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, or "" when none is close enough to be a likely typo.
/// Ties go to the earliest candidate, so the answer does not depend on hashing.
std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates);
std::string_view nearest(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean `x`?" or "" when nothing is close.
std::string did_you_mean(std::string_view suggestion);

/// FNV-1a, 64 bits, of the bytes.
std::uint64_t fnv1a64(std::string_view bytes);

/// `[a-z0-9_]+`
bool valid_id(std::string_view id);

/// The pieces joined. (Also sidesteps a false -Wrestrict of g++ 12 on `"lit" + string`.)
std::string cat(std::initializer_list<std::string_view> pieces);

/// Blanks trimmed at both ends.
std::string_view trim(std::string_view s);

}  // namespace cerco::scenario_text
