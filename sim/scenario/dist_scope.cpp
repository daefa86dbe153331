#include <cmath>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

std::optional<double> dist_seconds(context& cx, const table_ref& tr, std::string_view key) {
  const auto v = read_duration(cx, tr, key, true);
  if (!v) return std::nullopt;
  return static_cast<double>(*v);
}

/// values = ["1d", "2d"], weights = [0.3, 0.7]: cumulative weights ending at exactly 1.
bool read_empirical(context& cx, const table_ref& tr, dist_spec& d) {
  const toml::array* values = tr.get("values") ? tr.get("values")->as_array() : nullptr;
  const toml::array* weights = tr.get("weights") ? tr.get("weights")->as_array() : nullptr;
  if (values == nullptr || weights == nullptr || values->empty() ||
      values->size() != weights->size() || values->size() > empirical_max) {
    cx.error_at(tr.t, tr.where() +
                          ": an empirical distribution needs `values` (durations) and "
                          "`weights` (numbers > 0) of the same length, 1 to " +
                          std::to_string(empirical_max) + " points");
    return false;
  }
  double total = 0;
  for (std::size_t i = 0; i < values->size(); ++i) {
    const auto* text = (*values)[i].as_string();
    const units::parsed v = text ? units::duration(text->get()) : units::parsed{0, "not a string"};
    const auto w = (*weights)[i].value<double>();
    if (!v.ok() || !w || !(*w > 0) || !std::isfinite(*w)) {
      cx.error_at(
          v.ok() ? &(*weights)[i] : &(*values)[i],
          tr.where() + ": point " + std::to_string(i) + " needs a duration value and a weight > 0");
      return false;
    }
    d.values[i] = static_cast<double>(v.value);
    total += *w;
    d.cumulative[i] = total;
  }
  for (std::size_t i = 0; i < values->size(); ++i) d.cumulative[i] /= total;
  d.cumulative[values->size() - 1] = 1.0;
  d.points = static_cast<std::uint8_t>(values->size());
  return true;
}

std::string seconds_text(double s) {
  char buf[64];
  return std::string(format_duration(static_cast<time_s>(s), buf, sizeof buf));
}

/// Reads the parameters of a { dist = ... } table whose kind is known.
bool read_dist_params(context& cx, const table_ref& tr, dist_kind k, dist_spec& d) {
  auto get = [&](std::string_view key, double* out) {
    const auto v = dist_seconds(cx, tr, key);
    if (v) *out = *v;
    return v.has_value();
  };
  switch (k) {
    case dist_kind::constant:
      return get("value", &d.a);
    case dist_kind::exponential:
      if (!get("mean", &d.a)) return false;
      if (d.a <= 0) cx.error_at(tr.get("mean"), tr.field("mean") + " must be more than 0");
      return d.a > 0;
    case dist_kind::normal:
    case dist_kind::lognormal: {
      // Both read before either is checked, so both missing keys are reported.
      const bool have_mean = get("mean", &d.a);
      const bool have_sd = get("sd", &d.b);
      const bool ok = have_mean && have_sd;
      if (ok && k == dist_kind::lognormal && d.a <= 0) {
        cx.error_at(tr.get("mean"), tr.field("mean") + " must be more than 0 for a lognormal");
        return false;
      }
      return ok;
    }
    case dist_kind::uniform: {
      const bool have_min = get("min", &d.a);
      const bool have_max = get("max", &d.b);
      if (!have_min || !have_max) return false;
      if (d.a > d.b) cx.error_at(tr.get("min"), tr.where() + ": `min` must not exceed `max`");
      return d.a <= d.b;
    }
    case dist_kind::triangular: {
      const bool have_min = get("min", &d.a);
      const bool have_mode = get("mode", &d.b);
      const bool have_max = get("max", &d.c);
      if (!have_min || !have_mode || !have_max) return false;
      const bool ok = d.a <= d.b && d.b <= d.c;
      if (!ok) {
        cx.error_at(tr.get("mode"), tr.where() +
                                        ": a triangular distribution needs min <= mode "
                                        "<= max, got " +
                                        seconds_text(d.a) + ", " + seconds_text(d.b) + ", " +
                                        seconds_text(d.c));
      }
      return ok;
    }
    case dist_kind::empirical:
      return read_empirical(cx, tr, d);
  }
  return false;
}

}  // namespace

std::optional<dist_spec> read_dist(context& cx, const table_ref& tr, std::string_view key,
                                   bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) {
      missing(cx, tr, key, "a duration or a distribution like { dist = \"uniform\", ... }");
    }
    return std::nullopt;
  }
  dist_spec d;
  if (n->is_string()) {
    const auto v = read_duration(cx, tr, key, true);
    if (!v) return std::nullopt;
    d.a = static_cast<double>(*v);
    return d;
  }
  const auto dt =
      read_table(cx, tr, key, "{ dist = \"triangular\", min = ..., mode = ..., max = ... }");
  if (!dt) return std::nullopt;
  const auto kind = read_enum(cx, *dt, "dist", schema::dist_names(), "distribution", true);
  if (!kind) {
    check_keys(cx, *dt, schema::keys_of("dist"));
    return std::nullopt;
  }
  check_keys(cx, *dt, schema::dist_keys(schema::dist_names()[*kind]));
  d.kind = static_cast<dist_kind>(*kind);
  if (!read_dist_params(cx, *dt, d.kind, d)) return std::nullopt;
  return d;
}

namespace {

std::vector<std::uint32_t> blockades_touching(const scenario& sc,
                                              const std::vector<std::uint32_t>& nodes) {
  std::vector<bool> in(sc.nodes.size(), false);
  for (const std::uint32_t n : nodes) in[n] = true;
  std::vector<std::uint32_t> out;
  for (std::size_t b = 0; b < sc.blockades.size(); ++b) {
    const blockade_spec& bs = sc.blockades[b];
    bool hit = bs.node != no_index && in[bs.node];
    if (bs.road != no_index) {
      const road_spec& r = sc.roads[bs.road];
      hit = hit || (r.from != no_index && in[r.from]) || (r.to != no_index && in[r.to]);
    }
    if (hit) out.push_back(static_cast<std::uint32_t>(b));
  }
  return out;
}

/// "a,b" -> indices in `ids`; false after reporting an unknown or empty entry.
bool resolve_list(state& s, const toml::node& at, std::string_view list, const id_table& ids,
                  const std::string& field, std::vector<std::uint32_t>& out) {
  bool ok = true;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view id = scenario_text::trim(list.substr(0, comma));
    if (id.empty()) {
      s.cx.error_at(&at, field + ": an empty id in the scope's list");
      ok = false;
    } else if (const auto i = resolve(s.cx, ids, at, id, field)) {
      out.push_back(*i);
    } else {
      ok = false;
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return ok;
}

bool scope_city(state& s, const toml::node& at, std::string_view name, const std::string& field,
                scope_spec& sc) {
  std::vector<std::string> names;
  for (const city_spec& c : s.sc.cities) names.push_back(c.name);
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (names[c] != name) continue;
    for (std::size_t n = 0; n < s.sc.nodes.size(); ++n) {
      if (s.sc.nodes[n].city == c) sc.nodes.push_back(static_cast<std::uint32_t>(n));
    }
    return true;
  }
  s.cx.error_at(&at, field + ": no city named `" + std::string(name) + "`" +
                         scenario_text::did_you_mean(scenario_text::nearest(name, names)));
  return false;
}

}  // namespace

std::optional<scope_spec> read_scope(state& s, const table_ref& tr, std::string_view key,
                                     bool required) {
  const auto text = read_string(s.cx, tr, key, required);
  if (!text) return std::nullopt;
  const toml::node& at = *tr.get(key);
  const std::string field = tr.field(key);
  scope_spec sc;
  sc.text = *text;
  const std::size_t colon = text->find(':');
  const std::string head = text->substr(0, colon);
  const std::string_view rest =
      colon == std::string::npos ? std::string_view{} : std::string_view(*text).substr(colon + 1);
  bool ok = true;
  if (*text == "all") {
    for (std::size_t n = 0; n < s.sc.nodes.size(); ++n) sc.nodes.push_back(std::uint32_t(n));
  } else if (head == "city" && colon != std::string::npos) {
    ok = scope_city(s, at, scenario_text::trim(rest), field, sc);
  } else if ((head == "node" || head == "nodes") && colon != std::string::npos) {
    ok = resolve_list(s, at, rest, s.nodes, field, sc.nodes);
  } else if ((head == "blockade" || head == "blockades") && colon != std::string::npos) {
    ok = resolve_list(s, at, rest, s.blockades, field, sc.blockades);
  } else {
    static constexpr std::string_view heads[] = {"all",   "city",     "node",
                                                 "nodes", "blockade", "blockades"};
    s.cx.error_at(&at, field + ": unknown scope `" + *text + "`" +
                           scenario_text::did_you_mean(scenario_text::nearest(head, heads)) +
                           " (expected all, city:<name>, node:<id>, nodes:<id>,<id>, "
                           "blockade:<id> or blockades:<id>,<id>)");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  if (*text == "all") {
    for (std::size_t b = 0; b < s.sc.blockades.size(); ++b)
      sc.blockades.push_back(std::uint32_t(b));
  } else if (!sc.nodes.empty()) {
    sc.blockades = blockades_touching(s.sc, sc.nodes);
  }
  return sc;
}

}  // namespace cerco::load_detail
