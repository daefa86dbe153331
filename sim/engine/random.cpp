#include "cerco/random.hpp"

#include <cmath>

namespace cerco {
namespace {

__extension__ using u128 = unsigned __int128;

constexpr double two_pi = 6.283185307179586476925286766559;
/// Below this mean Poisson draws multiply uniforms (expected lambda + 1 draws); above it
/// PTRS rejection needs about 1.1 pairs whatever lambda is.
constexpr double poisson_ptrs_from = 30.0;

/// A standard normal from two uniforms (Box-Muller, cosine branch only).
double standard_normal(rng_stream& s) {
  double u1 = s.next_open_unit();
  double u2 = s.next_unit();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

/// ln Gamma(x) for x >= 1 by Stirling's series, after shifting x up to at least 8 so
/// that eight terms reach double precision. Our own code (no lgamma) because glibc's
/// lgamma writes the global signgam, a data race under the sweep's threads.
double log_gamma(double x) {
  double shift = 0.0;
  while (x < 8.0) {
    shift += std::log(x);
    x += 1.0;
  }
  // Coefficients B_2k / (2k (2k - 1)) for k = 1..8.
  constexpr double c[] = {1.0 / 12,   -1.0 / 360,      1.0 / 1260, -1.0 / 1680,
                          1.0 / 1188, -691.0 / 360360, 1.0 / 156,  -3617.0 / 122400};
  double inv = 1.0 / x;
  double inv2 = inv * inv;
  double series = c[7];
  for (int k = 6; k >= 0; --k) series = series * inv2 + c[k];
  constexpr double half_log_two_pi = 0.91893853320467274178032973640562;
  return (x - 0.5) * std::log(x) - x + half_log_two_pi + series * inv - shift;
}

std::int64_t poisson_small(rng_stream& s, double lambda) {
  const double limit = std::exp(-lambda);
  std::int64_t k = 0;
  double product = s.next_unit();
  while (product > limit) {
    ++k;
    product *= s.next_unit();
  }
  return k;
}

/// Hoermann (1993), "The transformed rejection method for generating Poisson random
/// variables", algorithm PTRS, for lambda >= 10.
std::int64_t poisson_ptrs(rng_stream& s, double lambda) {
  const double sqrt_lambda = std::sqrt(lambda);
  const double log_lambda = std::log(lambda);
  const double b = 0.931 + 2.53 * sqrt_lambda;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    double u = s.next_unit() - 0.5;
    double v = s.next_unit();
    double us = 0.5 - std::fabs(u);
    double k = std::floor((2.0 * a / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    double lhs = std::log(v * inv_alpha / (a / (us * us) + b));
    if (lhs <= -lambda + k * log_lambda - log_gamma(k + 1.0)) return static_cast<std::int64_t>(k);
  }
}

}  // namespace

std::int64_t uniform_int(rng_stream& s, std::int64_t lo, std::int64_t hi) {
  // The span is computed in unsigned arithmetic; 0 means all 2^64 values.
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  if (span == 0) return static_cast<std::int64_t>(s.next_u64());
  u128 m = static_cast<u128>(s.next_u64()) * span;
  auto low = static_cast<std::uint64_t>(m);
  if (low < span) {
    const std::uint64_t threshold = (0 - span) % span;
    while (low < threshold) {
      m = static_cast<u128>(s.next_u64()) * span;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) +
                                   static_cast<std::uint64_t>(m >> 64));
}

double uniform_real(rng_stream& s, double a, double b) {
  return a + (b - a) * s.next_unit();
}

bool bernoulli(rng_stream& s, double p) {
  return s.next_unit() < p;
}

double exponential(rng_stream& s, double mean) {
  return -mean * std::log(s.next_open_unit());
}

double normal(rng_stream& s, double mean, double sd) {
  return mean + sd * standard_normal(s);
}

double lognormal(rng_stream& s, double mean, double sd) {
  if (!(mean > 0.0)) {
    standard_normal(s);  // keeps the stream position independent of the parameters
    return 0.0;
  }
  // sigma^2 = ln(1 + v/m^2) and mu = ln(m^2 / sqrt(v + m^2)) = ln m - sigma^2 / 2.
  const double sigma2 = std::log1p((sd * sd) / (mean * mean));
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(mu + std::sqrt(sigma2) * standard_normal(s));
}

double triangular(rng_stream& s, double min, double mode, double max) {
  const double u = s.next_unit();
  const double width = max - min;
  if (width <= 0.0) return min;
  const double left = mode - min;
  if (u * width < left) return min + std::sqrt(u * width * left);
  return max - std::sqrt((1.0 - u) * width * (max - mode));
}

std::int64_t poisson(rng_stream& s, double lambda) {
  if (!(lambda > 0.0)) return 0;
  return lambda < poisson_ptrs_from ? poisson_small(s, lambda) : poisson_ptrs(s, lambda);
}

double sample(rng_stream& s, const dist_spec& d) {
  switch (d.kind) {
    case dist_kind::constant:
      return d.a;
    case dist_kind::uniform:
      return uniform_real(s, d.a, d.b);
    case dist_kind::exponential:
      return exponential(s, d.a);
    case dist_kind::normal:
      return normal(s, d.a, d.b);
    case dist_kind::lognormal:
      return lognormal(s, d.a, d.b);
    case dist_kind::triangular:
      return triangular(s, d.a, d.b, d.c);
    case dist_kind::empirical: {
      const double u = s.next_unit();
      if (d.points == 0) return 0.0;
      const int n = d.points < empirical_max ? d.points : empirical_max;
      for (int i = 0; i < n - 1; ++i) {
        if (u < d.cumulative[i]) return d.values[i];
      }
      return d.values[n - 1];
    }
  }
  return 0.0;
}

double mean_of(const dist_spec& d) {
  switch (d.kind) {
    case dist_kind::constant:
    case dist_kind::exponential:
    case dist_kind::normal:
    case dist_kind::lognormal:
      return d.a;
    case dist_kind::uniform:
      return 0.5 * (d.a + d.b);
    case dist_kind::triangular:
      return (d.a + d.b + d.c) / 3.0;
    case dist_kind::empirical: {
      const int n = d.points < empirical_max ? d.points : empirical_max;
      double mean = 0.0;
      double below = 0.0;
      for (int i = 0; i < n; ++i) {
        const double upto = i == n - 1 ? 1.0 : d.cumulative[i];
        mean += d.values[i] * (upto - below);
        below = upto;
      }
      return mean;
    }
  }
  return 0.0;
}

}  // namespace cerco
