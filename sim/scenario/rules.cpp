#include <cmath>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

constexpr int measure_count = 11;
bool node_measure(measure_kind m) {
  return m <= measure_kind::served_share;
}
bool blockade_measure(measure_kind m) {
  return m == measure_kind::blockade_age || m == measure_kind::participants;
}
bool needs_commodity(measure_kind m) {
  return node_measure(m);
}
bool needs_demand(measure_kind m) {
  return m != measure_kind::stock && node_measure(m);
}

/// What a measure's threshold is written as, for messages.
std::string measure_unit(measure_kind m, commodity c) {
  switch (m) {
    case measure_kind::stock:
    case measure_kind::unmet:
      return std::string(units::kind_noun(units::kind_of(c))) + " like \"" +
             std::string(units::example_quantity(c)) + "\"";
    case measure_kind::cover:
      return "a duration of demand in stock like \"0.5d\"";
    case measure_kind::hours_short:
    case measure_kind::blockade_age:
    case measure_kind::time:
      return "a duration like \"24h\"";
    case measure_kind::served_share:
      return "a share in [0, 1] like 0.8";
    case measure_kind::participants:
    case measure_kind::casualties:
      return "an integer count like 10";
    case measure_kind::negotiating:
    case measure_kind::agreement:
      return "true or false";
  }
  return "";
}

/// The threshold in the measure's unit; false after reporting a value that does not fit.
bool read_threshold(context& cx, const toml::node& v, const std::string& field, measure_kind m,
                    commodity c, condition_spec& out) {
  const std::string name = schema::measure_names()[int(m)].data();
  const std::string misfit =
      field + ": measure `" + name + "` takes " + measure_unit(m, c) + ", got " + describe_value(v);
  switch (m) {
    case measure_kind::stock:
    case measure_kind::unmet: {
      const auto* s = v.as_string();
      const bool integer_ok = v.is_integer() && units::kind_of(c) == units::quantity_kind::count;
      const units::parsed q = s ? units::quantity(s->get(), c) : units::parsed{};
      if (!integer_ok && (s == nullptr || !q.ok() || q.value < 0)) break;
      out.threshold = integer_ok ? v.as_integer()->get() : q.value;
      return true;
    }
    case measure_kind::cover:
    case measure_kind::hours_short:
    case measure_kind::blockade_age:
    case measure_kind::time: {
      const auto* s = v.as_string();
      const units::parsed d = s ? units::duration(s->get()) : units::parsed{};
      if (s == nullptr || !d.ok()) break;
      out.threshold = d.value;
      return true;
    }
    case measure_kind::served_share: {
      const auto x = v.is_string() || v.is_boolean() ? std::nullopt : v.value<double>();
      if (!x || !(*x >= 0 && *x <= 1)) break;
      out.threshold = std::llround(*x * 1e6);
      return true;
    }
    case measure_kind::participants:
    case measure_kind::casualties:
      if (!v.is_integer() || v.as_integer()->get() < 0) break;
      out.threshold = v.as_integer()->get();
      return true;
    case measure_kind::negotiating:
    case measure_kind::agreement:
      if (!v.is_boolean()) break;
      // Holds when the state equals the value: 1 > 0 for true, 0 < 1 for false.
      out.compare = v.as_boolean()->get() ? compare_kind::above : compare_kind::below;
      out.threshold = v.as_boolean()->get() ? 0 : 1;
      return true;
  }
  cx.error_at(&v, misfit);
  return false;
}

/// A scope that gives the measure nothing to read makes the rule dead.
void check_scope(state& s, const table_ref& tr, const condition_spec& c) {
  const std::string field = tr.field("scope");
  const toml::node* at = tr.get("scope") ? tr.get("scope") : tr.t;
  const std::string what = "scope `" + c.scope.text + "`";
  if (node_measure(c.measure) && c.scope.nodes.empty()) {
    s.cx.error_at(at, field + ": " + what + " is empty: the rule can never fire (it has no node)");
  } else if (blockade_measure(c.measure) && c.scope.blockades.empty()) {
    s.cx.error_at(at,
                  field + ": " + what + " is empty: the rule can never fire (it has no blockade)");
  } else if (needs_demand(c.measure)) {
    for (const std::uint32_t n : c.scope.nodes) {
      if (s.sc.nodes[n].demand_milli_per_person_d[int(c.what)] > 0) return;
    }
    s.cx.error_at(at, field + ": no node in " + what + " has demand for " +
                          commodity_names[int(c.what)] + ": the rule can never fire");
  }
}

std::optional<condition_spec> read_condition(state& s, const table_ref& tr, bool allow_for,
                                             time_s* hold_s) {
  context& cx = s.cx;
  check_keys(cx, tr, schema::condition_keys());
  condition_spec c;
  const auto m = read_enum(cx, tr, "measure", schema::measure_names(), "measure", true);
  if (!m) return std::nullopt;
  c.measure = static_cast<measure_kind>(*m);
  const bool scoped = node_measure(c.measure) || blockade_measure(c.measure);
  auto scope = read_scope(s, tr, "scope", scoped);
  if (!scope && tr.get("scope") != nullptr) return std::nullopt;
  if (!scope && !scoped) scope = scope_spec{"all", {}, {}};
  if (!scope) return std::nullopt;
  c.scope = std::move(*scope);
  const auto what = read_commodity(cx, tr, "commodity", needs_commodity(c.measure));
  if (needs_commodity(c.measure) && !what) return std::nullopt;
  c.what = what.value_or(commodity::gasoline);
  const toml::node* below = tr.get("below");
  const toml::node* above = tr.get("above");
  if ((below == nullptr) == (above == nullptr)) {
    cx.error_at(tr.t, tr.where() + ": give exactly one of `below` and `above`");
    return std::nullopt;
  }
  c.compare = below ? compare_kind::below : compare_kind::above;
  const std::string key = below ? "below" : "above";
  if (!read_threshold(cx, below ? *below : *above, tr.field(key), c.measure, c.what, c)) {
    return std::nullopt;
  }
  if (tr.get("for") != nullptr && !allow_for) {
    cx.error_at(tr.get("for"), tr.field("for") +
                                   ": in `all` or `any`, give `for` once for the "
                                   "group, next to `all` or `any`");
  } else if (const auto f = read_duration(cx, tr, "for", false)) {
    *hold_s = *f;
  }
  check_scope(s, tr, c);
  return c;
}

/// `when`: one condition, or { all = [...], for } / { any = [...], for }.
void read_when(state& s, const table_ref& rule, rule_spec& r) {
  const auto wt =
      read_table(s.cx, rule, "when", "{ measure = \"cover\", scope = ..., below = ... }");
  if (!wt) {
    if (rule.get("when") == nullptr) missing(s.cx, rule, "when", "a condition");
    return;
  }
  const bool all = wt->get("all") != nullptr, any = wt->get("any") != nullptr;
  if (!all && !any) {
    if (auto c = read_condition(s, *wt, true, &r.hold_s)) r.conditions.push_back(std::move(*c));
    return;
  }
  static constexpr std::string_view group_keys[] = {"all", "any", "for"};
  check_keys(s.cx, *wt, group_keys);
  if (all && any) {
    s.cx.error_at(wt->t, wt->where() + ": give one of `all` and `any`, not both");
    return;
  }
  r.any = any;
  const std::string key = any ? "any" : "all";
  const toml::array* list = wt->get(key)->as_array();
  if (list == nullptr || list->empty() || !list->is_array_of_tables() || list->size() > 16) {
    s.cx.error_at(wt->get(key), wt->field(key) + ": expected an array of 1 to 16 conditions");
    return;
  }
  r.hold_s = read_duration(s.cx, *wt, "for", false).value_or(0);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const table_ref ct = wt->sub(*(*list)[i].as_table(), key + "[" + std::to_string(i) + "]");
    time_s unused = 0;
    if (auto c = read_condition(s, ct, false, &unused)) r.conditions.push_back(std::move(*c));
  }
}

/// `then`: a non-empty array of action tables.
void read_then(state& s, const table_ref& rule, rule_spec& r) {
  const toml::node* n = rule.get("then");
  if (n == nullptr) {
    missing(s.cx, rule, "then", "an array of actions like [{ action = \"blockade_lift\", ... }]");
    return;
  }
  const toml::array* a = n->as_array();
  if (a == nullptr || a->empty() || !a->is_array_of_tables()) {
    s.cx.error_at(n, rule.field("then") + ": expected a non-empty array of action tables");
    return;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    const table_ref at = rule.sub(*(*a)[i].as_table(), "then[" + std::to_string(i) + "]");
    if (auto act = read_action(s, at)) r.actions.push_back(std::move(*act));
  }
}

rule_spec load_event(state& s, std::size_t i) {
  const table_ref tr = s.event_el[i].ref();
  check_keys(s.cx, tr, schema::keys_of("event"));
  rule_spec r;
  r.id = s.events.ids[i];
  r.scripted = true;
  r.at_s = read_duration(s.cx, tr, "at", true).value_or(0);
  read_then(s, tr, r);
  return r;
}

rule_spec load_trigger(state& s, std::size_t i) {
  const table_ref tr = s.trigger_el[i].ref();
  check_keys(s.cx, tr, schema::keys_of("trigger"));
  rule_spec r;
  r.id = s.triggers.ids[i];
  read_when(s, tr, r);
  r.repeat = read_bool(s.cx, tr, "repeat").value_or(false);
  r.cool_down_s = read_duration(s.cx, tr, "cool_down", false).value_or(0);
  if (tr.get("cool_down") != nullptr && !r.repeat) {
    s.cx.error_at(tr.get("cool_down"),
                  tr.field("cool_down") + " has no effect without `repeat = true`");
  }
  read_then(s, tr, r);
  return r;
}

}  // namespace

void load_rules(state& s) {
  static_assert(measure_count == int(measure_kind::agreement) + 1);
  for (std::size_t i = 0; i < s.event_el.size(); ++i) s.sc.rules.push_back(load_event(s, i));
  for (std::size_t i = 0; i < s.trigger_el.size(); ++i) s.sc.rules.push_back(load_trigger(s, i));
}

}  // namespace cerco::load_detail
