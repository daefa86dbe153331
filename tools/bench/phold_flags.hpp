#pragma once
/// Flags shared by the PHOLD bench drivers, with the names `cerco bench phold` uses:
/// --lps --events-per-lp --remote --mean-us --lookahead-us --events --seed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace bench {

struct phold_flags {
  std::uint32_t lps = 1000;
  std::uint32_t events_per_lp = 10;
  double remote = 0.5;
  double mean_us = 1000.0;
  double lookahead_us = 100.0;
  std::uint64_t events = 1000000;
  std::uint64_t seed = 1;
};

inline bool parse_number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0';
}

/// Parses argv into flags; on a bad or unknown flag prints why and returns false.
inline bool parse_phold_flags(int argc, char** argv, phold_flags& f) {
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    double v = 0;
    if (i + 1 >= argc || !parse_number(argv[i + 1], v)) {
      std::fprintf(stderr, "%s: expected a number after %s\n", argv[0], name.c_str());
      return false;
    }
    ++i;
    if (name == "--lps") {
      f.lps = static_cast<std::uint32_t>(v);
    } else if (name == "--events-per-lp") {
      f.events_per_lp = static_cast<std::uint32_t>(v);
    } else if (name == "--remote") {
      f.remote = v;
    } else if (name == "--mean-us") {
      f.mean_us = v;
    } else if (name == "--lookahead-us") {
      f.lookahead_us = v;
    } else if (name == "--events") {
      f.events = static_cast<std::uint64_t>(v);
    } else if (name == "--seed") {
      f.seed = static_cast<std::uint64_t>(v);
    } else {
      std::fprintf(stderr,
                   "%s: unknown flag %s (expected --lps, --events-per-lp, --remote, --mean-us, "
                   "--lookahead-us, --events, --seed)\n",
                   argv[0], name.c_str());
      return false;
    }
  }
  if (f.lps == 0 || f.events_per_lp == 0 || !(f.remote >= 0 && f.remote <= 1) ||
      !(f.lookahead_us >= 0 && f.mean_us >= f.lookahead_us)) {
    std::fprintf(stderr,
                 "%s: need lps >= 1, events-per-lp >= 1, 0 <= remote <= 1, "
                 "0 <= lookahead-us <= mean-us\n",
                 argv[0]);
    return false;
  }
  return true;
}

}  // namespace bench
