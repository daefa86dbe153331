#include "sim/sweep/outcomes.hpp"

#include <algorithm>
#include <array>

#include "sim/scenario/text.hpp"

namespace cerco::sweep {
namespace {

struct word_info {
  const char* word;
  outcome_kind kind;
  bool per_city;
};
constexpr std::array<word_info, 10> words = {{
    {"stockout_day", outcome_kind::stockout_day, true},
    {"hours_short", outcome_kind::hours_short, true},
    {"unmet", outcome_kind::unmet, true},
    {"unmet_share", outcome_kind::unmet_share, true},
    {"worst_cover_day", outcome_kind::worst_cover_day, true},
    {"talks_day", outcome_kind::talks_day, false},
    {"lifted_day", outcome_kind::lifted_day, false},
    {"casualties", outcome_kind::casualties, false},
    {"convoy", outcome_kind::convoy, false},
    {"events", outcome_kind::events, false},
}};

const word_info* find_word(const std::string& w) {
  for (const auto& i : words)
    if (w == i.word) return &i;
  return nullptr;
}

/// Splits "a.b.c" on the first two dots only: city names may not contain dots, but
/// commodity is the last segment.
std::vector<std::string> split3(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 2) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) break;
    parts.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(name.substr(start));
  return parts;
}

bool city_has_demand(const scenario& s, std::uint32_t city, int c) {
  for (const auto& n : s.nodes)
    if (n.city == city && n.population > 0 && n.demand_milli_per_person_d[c] > 0) return true;
  return false;
}

std::vector<std::string> city_names(const scenario& s) {
  std::vector<std::string> v;
  for (const auto& c : s.cities) v.push_back(c.name);
  return v;
}

std::vector<std::string> commodity_list() {
  return std::vector<std::string>(commodity_names.begin(), commodity_names.end());
}

std::string unknown(const std::string& what, const std::string& got,
                    const std::vector<std::string>& valid) {
  std::string m = "unknown " + what + " '" + got + "'";
  std::string near = nearest(got, valid);
  if (!near.empty()) m += "; did you mean '" + near + "'?";
  return m;
}

bool expand_city(const word_info& w, const std::vector<std::string>& parts, const scenario& s,
                 std::vector<std::string>& out, std::string* error) {
  std::string city = parts.size() > 1 ? parts[1] : "*";
  std::string com = parts.size() > 2 ? parts[2] : (city == "*" ? "*" : "");
  if (com.empty()) {
    *error = std::string("outcome '") + w.word + "." + city + "' needs a commodity: " + w.word +
             ".<city>.<commodity>";
    return false;
  }
  bool any_city = false;
  for (std::uint32_t ci = 0; ci < s.cities.size(); ++ci) {
    if (city != "*" && s.cities[ci].name != city) continue;
    any_city = true;
    bool any_com = false;
    for (int c = 0; c < commodity_count; ++c) {
      if (com != "*" && com != commodity_names[c]) continue;
      any_com = true;
      if (com == "*" && !city_has_demand(s, ci, c)) continue;
      out.push_back(std::string(w.word) + "." + s.cities[ci].name + "." + commodity_names[c]);
    }
    if (!any_com) {
      *error = unknown("commodity", com, commodity_list());
      return false;
    }
  }
  if (!any_city) *error = unknown("city", city, city_names(s));
  return any_city;
}

}  // namespace

const std::vector<std::string>& outcome_words() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    for (const auto& w : words) v.push_back(w.word);
    return v;
  }();
  return all;
}

bool expand_outcome(const std::string& name, const scenario& s, std::vector<std::string>& out,
                    std::string* error) {
  auto parts = split3(name);
  const word_info* w = find_word(parts[0]);
  if (w == nullptr) {
    *error = unknown("outcome", parts[0], outcome_words());
    return false;
  }
  if (!w->per_city) {
    if (parts.size() > 1) {
      *error = std::string("outcome '") + w->word + "' takes no city or commodity";
      return false;
    }
    out.push_back(w->word);
    return true;
  }
  return expand_city(*w, parts, s, out, error);
}

std::optional<outcome_ref> resolve_outcome(const std::string& name, const scenario& s) {
  auto parts = split3(name);
  const word_info* w = find_word(parts[0]);
  if (w == nullptr) return std::nullopt;
  outcome_ref r{w->kind, no_index, commodity::gasoline};
  if (!w->per_city) return parts.size() == 1 ? std::optional(r) : std::nullopt;
  if (parts.size() != 3) return std::nullopt;
  for (std::uint32_t ci = 0; ci < s.cities.size(); ++ci)
    if (s.cities[ci].name == parts[1]) r.city = ci;
  auto it = std::find(commodity_names.begin(), commodity_names.end(), parts[2]);
  if (r.city == no_index || it == commodity_names.end()) return std::nullopt;
  r.what = static_cast<commodity>(it - commodity_names.begin());
  return r;
}

namespace {
double days_or_end(time_s t, const scenario& s) {
  return static_cast<double>(t < 0 ? s.duration_s : t) / static_cast<double>(day_s);
}
const city_outcome* find_city(const outcome_ref& o, const run_summary& r) {
  for (const auto& c : r.cities)
    if (c.city == o.city && c.what == o.what) return &c;
  return nullptr;
}
}  // namespace

double outcome_value(const outcome_ref& o, const run_summary& r, const scenario& s) {
  const city_outcome* c = find_city(o, r);
  const double hour = static_cast<double>(hour_s);
  switch (o.kind) {
    case outcome_kind::stockout_day:
      return days_or_end(c ? c->first_stockout_s : -1, s);
    case outcome_kind::hours_short:
      return c ? static_cast<double>(c->short_s) / hour : 0.0;
    case outcome_kind::unmet:
      return c ? static_cast<double>(c->unmet) : 0.0;
    case outcome_kind::unmet_share:
      return c && c->demand > 0 ? static_cast<double>(c->unmet) / static_cast<double>(c->demand)
                                : 0.0;
    case outcome_kind::worst_cover_day:
      return c ? static_cast<double>(c->worst_cover_s) / static_cast<double>(day_s) : 0.0;
    case outcome_kind::talks_day:
      return days_or_end(r.talks_started_s, s);
    case outcome_kind::lifted_day:
      return days_or_end(r.blockade_lifted_s, s);
    case outcome_kind::casualties:
      return static_cast<double>(r.casualties);
    case outcome_kind::convoy:
      return static_cast<double>(r.convoy_outcome);
    case outcome_kind::events:
      return static_cast<double>(r.events);
  }
  return 0.0;
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = word.size() / 2 + 2;
  for (const auto& c : candidates) {
    std::size_t d = scenario_text::edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

}  // namespace cerco::sweep
