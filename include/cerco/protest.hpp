#pragma once
/// Epstein's civil-violence rule (PNAS 2002) on population shares instead of agents.
/// A person with hardship H under legitimacy L has grievance G = H (1 - L); they join
/// the protest when G - R P > T, where R is their risk aversion, P = 1 - exp(-k C / A)
/// the arrest probability they estimate from C police and A active protesters, and T
/// a threshold. With R spread uniformly over [0, 2 R_mean] across a district, the share
/// that joins is P(R < (G - T) / P) = clamp((G - T) / (2 R_mean P), 0, 1).
#include <algorithm>
#include <cmath>

namespace cerco {

inline double grievance(double hardship, double legitimacy) {
  return hardship * (1.0 - legitimacy);
}

inline double arrest_probability(double k, double police, double active) {
  return 1.0 - std::exp(-k * police / std::max(active, 1.0));
}

/// The share of a district that joins, for mean risk aversion r_mean.
inline double protest_share(double grievance_value, double r_mean, double arrest,
                            double threshold) {
  double margin = grievance_value - threshold;
  if (margin <= 0) return 0.0;
  if (r_mean <= 0 || arrest <= 0) return 1.0;
  return std::clamp(margin / (2.0 * r_mean * arrest), 0.0, 1.0);
}

}  // namespace cerco
