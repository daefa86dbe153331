#include "sim/scenario/text.hpp"

#include <algorithm>

#include "sim/scenario/load.hpp"

namespace cerco::scenario_text {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows suffice for the transposition term.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

/// How many edits still look like a typo of a word of this length.
std::size_t typo_budget(std::size_t length) {
  if (length <= 3) return 1;
  return std::max<std::size_t>(2, length / 3);
}

template <class Range>
std::string_view nearest_in(std::string_view word, const Range& candidates) {
  std::string_view best;
  std::size_t best_d = typo_budget(word.size()) + 1;
  for (const auto& c : candidates) {
    const std::string_view cv = c;
    if (cv.empty() || cv == word) continue;
    const std::size_t d = edit_distance(word, cv);
    if (d < best_d) {
      best_d = d;
      best = cv;
    }
  }
  return best;
}

}  // namespace

std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates) {
  return nearest_in(word, candidates);
}

std::string_view nearest(std::string_view word, const std::vector<std::string>& candidates) {
  return nearest_in(word, candidates);
}

std::string did_you_mean(std::string_view suggestion) {
  if (suggestion.empty()) return {};
  return "; did you mean `" + std::string(suggestion) + "`?";
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string cat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (const std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (const std::string_view p : pieces) out.append(p);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace cerco::scenario_text

namespace cerco {

std::string format(const diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": error: ";
  out += d.message;
  return out;
}

}  // namespace cerco
