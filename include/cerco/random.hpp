#pragma once
/// The project's own distributions over rng_stream. The standard library's
/// distributions differ between library versions, so none is used: these give the same
/// draws on every platform with IEEE doubles and a correctly rounded libm for log/exp.
#include <cstdint>

#include "cerco/rng.hpp"

namespace cerco {

/// Uniform integer in [lo, hi], unbiased (Lemire's multiply-and-reject). Requires lo <= hi.
std::int64_t uniform_int(rng_stream& s, std::int64_t lo, std::int64_t hi);
/// Uniform real in [a, b).
double uniform_real(rng_stream& s, double a, double b);
bool bernoulli(rng_stream& s, double p);
/// Exponential with the given mean (> 0), by inversion.
double exponential(rng_stream& s, double mean);
/// Normal by the Box-Muller transform (one value per two uniforms; no cached state, so a
/// stream's n-th draw stays a function of n).
double normal(rng_stream& s, double mean, double sd);
/// Lognormal parameterised by the mean and standard deviation of the variable itself
/// (not of its logarithm), as scenario files give them.
double lognormal(rng_stream& s, double mean, double sd);
/// Triangular on [min, max] with the given mode.
double triangular(rng_stream& s, double min, double mode, double max);
/// Poisson with mean lambda >= 0: multiplication for lambda < 30, Hoermann's PTRS above.
std::int64_t poisson(rng_stream& s, double lambda);

/// A distribution as a scenario names it. Values are in the caller's unit (seconds for
/// durations). `empirical` uses a table of up to empirical_max points.
enum class dist_kind : std::uint8_t { constant, uniform, exponential, normal, lognormal, triangular, empirical };

inline constexpr int empirical_max = 16;

struct dist_spec {
  dist_kind kind = dist_kind::constant;
  double a = 0;  ///< constant: value; uniform: min; exponential/normal/lognormal: mean; triangular: min
  double b = 0;  ///< uniform: max; normal/lognormal: sd; triangular: mode
  double c = 0;  ///< triangular: max
  /// empirical: values with cumulative weights (last == 1); piecewise constant draw.
  std::uint8_t points = 0;
  double values[empirical_max] = {};
  double cumulative[empirical_max] = {};
};

/// One draw. Normal draws are truncated at zero by the callers that need durations.
double sample(rng_stream& s, const dist_spec& d);
/// The theoretical mean of d (for checks and summaries).
double mean_of(const dist_spec& d);

}  // namespace cerco
