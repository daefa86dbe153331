#pragma once
/// Counter-based random streams. A stream is keyed by (seed, entity, purpose) and its
/// n-th value is a pure function of (key, n): one entity's draws never depend on how
/// many draws other entities made, which gives common random numbers across sweep
/// points and makes runs reproducible from the seed alone.
#include <cstdint>

namespace cerco {

/// What a stream is for; part of its key. Values are stable: they are part of the
/// reproducibility contract (changing one changes every run hash).
enum class purpose : std::uint32_t {
  phold = 1,
  loading = 2,      ///< loading-bay service times
  arrivals = 3,     ///< border-crossing arrival process
  blockade = 4,     ///< whether a vehicle is stopped at a blockade
  convoy = 5,       ///< breakthrough and casualties
  negotiation = 6,  ///< durations and outcomes
  renege = 7,
  protest = 8,
  airlift = 9,
  test = 100,
};

/// 64-bit finaliser (Stafford's variant 13 of MurmurHash3's fmix64): a bijection with
/// full avalanche.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

struct rng_stream {
  std::uint64_t key_lo = 0;
  std::uint64_t key_hi = 0;
  std::uint64_t counter = 0;

  /// The counter-th value of the stream, then advance. Two keyed mixing rounds.
  std::uint64_t next_u64() {
    std::uint64_t x = mix64(counter * 0x9e3779b97f4a7c15ULL + key_lo);
    ++counter;
    return mix64(x ^ key_hi);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double next_unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1): never zero, for logarithms.
  double next_open_unit() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }
};

constexpr rng_stream make_stream(std::uint64_t seed, std::uint64_t entity, purpose why) {
  std::uint64_t a = mix64(seed ^ 0x243f6a8885a308d3ULL);
  std::uint64_t b = mix64(a + entity * 0x9e3779b97f4a7c15ULL + 0x13198a2e03707344ULL);
  std::uint64_t c = mix64(b ^ (static_cast<std::uint64_t>(why) * 0xa4093822299f31d0ULL));
  return rng_stream{b, c, 0};
}

}  // namespace cerco
