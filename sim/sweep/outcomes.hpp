#pragma once
/// The fixed vocabulary of sweep outcomes and how each is read from a run summary.
///
///   stockout_day.<city>.<commodity>    first day (fractional) any district of the city
///                                      ran out; never: the scenario's duration in days
///   hours_short.<city>.<commodity>     district-hours short, summed over the city
///   unmet.<city>.<commodity>           unmet demand, base units (L, kg, cylinders)
///   unmet_share.<city>.<commodity>     unmet / demand over the run, 0..1
///   worst_cover_day.<city>.<commodity> lowest city-wide cover seen, days
///   talks_day, lifted_day              first negotiation start, last lift; never:
///                                      the duration in days
///   casualties                         deaths
///   convoy                             -1 none dispatched, 0 stopped, 1 arrived
///   events                             events processed
///
/// A `*` in the city or commodity position (or "unmet.*" for both) expands to every
/// city and every commodity the city has demand for, in scenario order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cerco/scenario.hpp"
#include "sim/output/summary.hpp"

namespace cerco::sweep {

enum class outcome_kind : std::uint8_t {
  stockout_day,
  hours_short,
  unmet,
  unmet_share,
  worst_cover_day,
  talks_day,
  lifted_day,
  casualties,
  convoy,
  events,
};

struct outcome_ref {
  outcome_kind kind = outcome_kind::casualties;
  std::uint32_t city = no_index;
  commodity what = commodity::gasoline;
};

/// Expands `name` (wildcards allowed) against the scenario, appending to `out`.
/// False with a message (naming the nearest valid word) when the name is unknown.
bool expand_outcome(const std::string& name, const scenario& s, std::vector<std::string>& out,
                    std::string* error);
/// Resolves an expanded name; nullopt when unknown.
std::optional<outcome_ref> resolve_outcome(const std::string& name, const scenario& s);
/// The outcome's value in one run.
double outcome_value(const outcome_ref& o, const run_summary& r, const scenario& s);
/// Every word the vocabulary knows, for suggestions.
const std::vector<std::string>& outcome_words();

/// The candidate nearest to `word`, or "" when none is close.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cerco::sweep
