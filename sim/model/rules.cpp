/// Rules (triggers and scripted events), negotiations and protest dynamics.
///
/// A rule is re-evaluated only when something it reads changes (a node in its scope, a
/// blockade, casualties, a negotiation) or at the one time it has scheduled for itself:
/// the exact second its condition will flip given the current rates (found by bisection
/// on the analytic stock functions), or the second its hold time expires. No polling.
#include <algorithm>
#include <cassert>
#include <cmath>

#include <cstdio>

#include "cerco/protest.hpp"
#include "cerco/random.hpp"
#include "sim/model/world_impl.hpp"

namespace cerco::model {
namespace {

bool node_measure(measure_kind k) {
  return k == measure_kind::stock || k == measure_kind::cover || k == measure_kind::unmet ||
         k == measure_kind::hours_short || k == measure_kind::served_share;
}

bool continuous(measure_kind k) {
  return node_measure(k) || k == measure_kind::blockade_age || k == measure_kind::time;
}

struct scope_sums {
  std::int64_t stock = 0, demand_per_d = 0, unmet = 0, consumed = 0;
  std::int64_t net_per_d = 0, unmet_per_d = 0;
  time_s short_max_s = 0;       ///< over the scope
  time_s short_max_now_s = -1;  ///< over levels short now (they keep growing); -1 none
  std::uint32_t levels = 0;
};

scope_sums sum_scope(const I& m, const condition_spec& c, time_s t) {
  scope_sums s;
  for (std::uint32_t n : c.scope.nodes) {
    std::uint32_t l = m.level_index(n, c.what);
    stock_view v = view_at(m, l, t);
    const level& lv = m.levels[l];
    s.stock += v.stock;
    s.demand_per_d += v.demand_per_d;
    s.unmet += v.unmet;
    s.consumed += v.consumed;
    s.short_max_s = std::max(s.short_max_s, v.short_s);
    if (lv.mode == level_mode::normal) s.net_per_d += lv.production_per_d - lv.demand_per_d;
    if (lv.mode == level_mode::empty) {
      s.unmet_per_d += lv.demand_per_d - lv.production_per_d;
      s.short_max_now_s = std::max(s.short_max_now_s, v.short_s);
    }
    ++s.levels;
  }
  return s;
}

template <class F>
void for_scope_blockades(const I& m, const condition_spec& c, F f) {
  if (c.scope.blockades.empty()) {
    for (std::uint32_t b = 0; b < m.blockades.size(); ++b) f(b);
  } else {
    for (std::uint32_t b : c.scope.blockades) f(b);
  }
}

/// Is negotiation n about the condition's scope: does any party stand in it? A scope
/// that names no blockades takes every negotiation.
bool in_scope(const I& m, const condition_spec& c, std::uint32_t n) {
  if (c.scope.blockades.empty()) return true;
  for (std::uint32_t party : m.s->negotiations[n].parties) {
    for (std::uint32_t b : c.scope.blockades) {
      if (b == party) return true;
    }
  }
  return false;
}

bool holds(const condition_spec& c, std::int64_t value) {
  return c.compare == compare_kind::below ? value < c.threshold : value > c.threshold;
}

bool condition_true(const I& m, const condition_spec& c, time_s t) {
  return holds(c, measure_value(m, c, t));
}

/// A time by which a continuous measure's truth may have flipped (an upper bound for the
/// bisection), from the scope's current rates; time_s_max if it cannot flip by itself.
time_s flip_bound(const I& m, const condition_spec& c, time_s now) {
  if (c.measure == measure_kind::time) return c.threshold + 1;
  if (c.measure == measure_kind::blockade_age) {
    time_s best = time_s_max;
    for_scope_blockades(m, c, [&](std::uint32_t b) {
      const blockade_rt& bl = m.blockades[b];
      if (bl.state == blockade_state::active) best = std::min(best, bl.started_s + c.threshold + 1);
    });
    return best;
  }
  scope_sums s = sum_scope(m, c, now);
  double slack_units = static_cast<double>(s.levels) + 1;
  double gap, rate;
  switch (c.measure) {
    case measure_kind::stock:
      gap = static_cast<double>(c.threshold - s.stock);
      rate = static_cast<double>(s.net_per_d);
      break;
    case measure_kind::cover:
      if (s.demand_per_d == 0) return time_s_max;
      gap = static_cast<double>(c.threshold) * static_cast<double>(s.demand_per_d) / day_s -
            static_cast<double>(s.stock);
      rate = static_cast<double>(s.net_per_d);
      break;
    case measure_kind::unmet:
      gap = static_cast<double>(c.threshold - s.unmet);
      rate = static_cast<double>(s.unmet_per_d);
      break;
    case measure_kind::hours_short: {
      // Grows one second a second while a level is short; crosses when the longest
      // short level now passes the threshold (never, once the scope's maximum has).
      if (s.short_max_now_s < 0 || s.short_max_s > c.threshold) return time_s_max;
      return now + std::max<time_s>(1, c.threshold - s.short_max_now_s + 1);
    }
    default: {  // served_share: bounded by a day; re-checked then
      return s.demand_per_d > 0 ? now + day_s : time_s_max;
    }
  }
  // gap: how far the value must move to reach the threshold; it flips only when the
  // value moves towards it.
  if (rate == 0 || (gap > 0) != (rate > 0)) return time_s_max;
  double dt = std::fabs(gap) / std::fabs(rate) * day_s;
  double slack = slack_units / std::fabs(rate) * day_s + 1;
  double at = static_cast<double>(now) + dt + slack;
  return at > static_cast<double>(time_s_max / 2) ? time_s_max : static_cast<time_s>(at) + 1;
}

/// The first second in (now, bound] at which the condition's truth differs from now,
/// assuming it changes at most once there; bound itself when it does not change.
time_s next_flip(const I& m, const condition_spec& c, time_s now, time_s end) {
  if (!continuous(c.measure)) return time_s_max;
  time_s hi = std::min(flip_bound(m, c, now), end + 1);
  if (hi <= now) return time_s_max;
  bool truth = condition_true(m, c, now);
  if (condition_true(m, c, hi) == truth) return hi < end + 1 ? hi : time_s_max;
  time_s lo = now;  // truth at lo, not at hi
  while (hi - lo > 1) {
    time_s mid = lo + (hi - lo) / 2;
    if (condition_true(m, c, mid) == truth) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

bool rule_true(const I& m, const rule_spec& r, time_s t) {
  if (r.conditions.empty()) return false;
  bool any = false, all = true;
  for (const condition_spec& c : r.conditions) {
    bool v = condition_true(m, c, t);
    any = any || v;
    all = all && v;
  }
  return r.any ? any : all;
}

void fire(W& w, I& m, std::uint32_t ri, record_origin origin) {
  const rule_spec& r = m.s->rules[ri];
  if (m.firing_instant_s != m.now_s) {
    m.firing_instant_s = m.now_s;
    m.firings_this_instant = 0;
  }
  if (++m.firings_this_instant > m.limits.rule_firings_per_instant) {
    std::snprintf(m.error_buf, sizeof m.error_buf,
                  "rules fired more than %u times at one instant (last: `%s`): a cycle of rules "
                  "that fire each other",
                  m.limits.rule_firings_per_instant, r.id.c_str());
    m.fail(world_status::rule_cycle, m.error_buf);
    return;
  }
  record rec;
  rec.kind = record_kind::trigger_fired;
  rec.origin = origin;
  rec.subject = ri;
  for (std::size_t k = 0; k < r.conditions.size() && k < rec.values.size(); ++k) {
    rec.values[k] = measure_value(m, r.conditions[k], m.now_s);
  }
  m.emit(w, rec);
  for (const action_spec& a : r.actions) apply(w, m, a, origin);
}

void schedule_check(I& m, std::uint32_t ri, time_s at_s) {
  rule_rt& rt = m.rules[ri];
  if (at_s == time_s_max || at_s > m.s->duration_s) {
    m.cancel(rt.check);
  } else {
    m.reschedule(rt.check, std::max(at_s, m.now_s), ev_rule_check, ri);
  }
}

/// Updates a rule's view of its condition (since when it holds, whether it is armed)
/// and schedules its next check. Sets `ready` when it should fire now.
void observe(I& m, std::uint32_t ri) {
  const rule_spec& r = m.s->rules[ri];
  rule_rt& rt = m.rules[ri];
  rt.ready = false;
  if (r.scripted || rt.done) return;
  bool truth = rule_true(m, r, m.now_s);
  if (!truth) {
    rt.true_since_s = -1;
    if (r.repeat) rt.armed = true;
  } else if (rt.true_since_s < 0) {
    rt.true_since_s = m.now_s;
  }
  time_s due = std::max(rt.true_since_s + r.hold_s, rt.cool_until_s);
  rt.ready = truth && rt.armed && m.now_s >= due;
  time_s next = time_s_max;
  if (truth && rt.armed && !rt.ready) next = due;
  for (const condition_spec& c : r.conditions) {
    next = std::min(next, next_flip(m, c, m.now_s, m.s->duration_s));
  }
  schedule_check(m, ri, next);
}

void fire_rule(W& w, I& m, std::uint32_t ri) {
  const rule_spec& r = m.s->rules[ri];
  rule_rt& rt = m.rules[ri];
  rt.ready = false;
  ++rt.fired;
  rt.armed = false;
  rt.cool_until_s = m.now_s + r.cool_down_s;
  if (!r.repeat) {
    rt.done = true;
    m.cancel(rt.check);
  }
  rt.dirty = true;  // re-observe: it may need a check after its cool-down
  m.rules_pending = true;
  fire(w, m, ri, record_origin::rule);
}

/// Days the worst-off district has been short of anything.
double worst_short_days(const I& m) {
  time_s worst = 0;
  for (std::uint32_t n = 0; n < m.s->nodes.size(); ++n) {
    if (m.s->nodes[n].kind != node_kind::district) continue;
    for (int c = 0; c < commodity_count; ++c) {
      worst =
          std::max(worst, view_at(m, m.level_index(n, static_cast<commodity>(c)), m.now_s).short_s);
    }
  }
  return static_cast<double>(worst) / day_s;
}

void set_parties(W& w, I& m, std::uint32_t n, blockade_state st) {
  for (std::uint32_t b : m.s->negotiations[n].parties) {
    if (m.blockades[b].state == blockade_state::pending) continue;
    blockade_set(w, m, b, st, record_origin::model);
  }
}

void emit_negotiation(W& w, I& m, record_kind k, std::uint32_t n, record_origin origin) {
  record r;
  r.kind = k;
  r.origin = origin;
  r.subject = n;
  r.value = std::llround(m.negotiations[n].success * 1e6);
  m.emit(w, r);
}

/// Shares `total` protesters among the active blockades in proportion to the
/// participants each started with.
void distribute_participants(W& w, I& m, std::int64_t total) {
  std::int64_t weight = 0, given = 0;
  std::uint32_t first = no_index;
  for (std::uint32_t b = 0; b < m.blockades.size(); ++b) {
    if (m.blockades[b].state != blockade_state::active) continue;
    weight += m.blockades[b].initial_participants;
    if (first == no_index) first = b;
  }
  if (weight == 0) return;
  for (std::uint32_t b = 0; b < m.blockades.size(); ++b) {
    if (m.blockades[b].state == blockade_state::active) {
      given += total * m.blockades[b].initial_participants / weight;
    }
  }
  for (std::uint32_t b = 0; b < m.blockades.size(); ++b) {
    blockade_rt& bl = m.blockades[b];
    if (bl.state != blockade_state::active) continue;
    std::int64_t p = total * bl.initial_participants / weight + (b == first ? total - given : 0);
    if (p == bl.participants) continue;
    bl.participants = p;
    record r;
    r.kind = record_kind::participants_changed;
    r.subject = b;
    r.amount = p;
    m.emit(w, r);
  }
  touch_global(m);
}

}  // namespace

std::int64_t measure_value(const I& m, const condition_spec& c, time_s t) {
  switch (c.measure) {
    case measure_kind::stock:
      return sum_scope(m, c, t).stock;
    case measure_kind::cover: {
      scope_sums s = sum_scope(m, c, t);
      return s.demand_per_d > 0 ? muldiv(s.stock, day_s, s.demand_per_d) : time_s_max;
    }
    case measure_kind::unmet:
      return sum_scope(m, c, t).unmet;
    case measure_kind::hours_short:
      return sum_scope(m, c, t).short_max_s;
    case measure_kind::served_share: {
      scope_sums s = sum_scope(m, c, t);
      std::int64_t asked = s.consumed + s.unmet;
      return asked > 0 ? muldiv(s.consumed, 1000000, asked) : 1000000;
    }
    case measure_kind::blockade_age: {
      time_s age = 0;
      for_scope_blockades(m, c, [&](std::uint32_t b) {
        const blockade_rt& bl = m.blockades[b];
        if (bl.state == blockade_state::active) age = std::max(age, t - bl.started_s);
      });
      return age;
    }
    case measure_kind::participants: {
      std::int64_t p = 0;
      for_scope_blockades(m, c, [&](std::uint32_t b) {
        if (m.blockades[b].state == blockade_state::active) p += m.blockades[b].participants;
      });
      return p;
    }
    case measure_kind::casualties:
      return m.casualties;
    case measure_kind::time:
      return t;
    case measure_kind::negotiating:
    case measure_kind::agreement: {
      negotiation_state want = c.measure == measure_kind::negotiating ? negotiation_state::talking
                                                                      : negotiation_state::agreed;
      for (std::uint32_t n = 0; n < m.negotiations.size(); ++n) {
        if (m.negotiations[n].state == want && in_scope(m, c, n)) return 1;
      }
      return 0;
    }
  }
  return 0;
}

void init_rules(W& w, I& m) {
  const scenario& s = *m.s;
  std::uint32_t n_nodes = static_cast<std::uint32_t>(s.nodes.size());
  m.node_rules_first.assign(n_nodes + 1, 0);
  m.global_rules.clear();
  auto each_node_ref = [&](auto f) {
    for (std::uint32_t r = 0; r < s.rules.size(); ++r) {
      std::uint32_t last = no_index;
      for (const condition_spec& c : s.rules[r].conditions) {
        if (!node_measure(c.measure)) continue;
        for (std::uint32_t n : c.scope.nodes) f(n, r, last);
      }
    }
  };
  each_node_ref(
      [&](std::uint32_t n, std::uint32_t, std::uint32_t&) { ++m.node_rules_first[n + 1]; });
  for (std::uint32_t n = 0; n < n_nodes; ++n) m.node_rules_first[n + 1] += m.node_rules_first[n];
  m.node_rules.assign(m.node_rules_first[n_nodes], 0);
  std::vector<std::uint32_t> fill(m.node_rules_first.begin(), m.node_rules_first.end() - 1);
  each_node_ref(
      [&](std::uint32_t n, std::uint32_t r, std::uint32_t&) { m.node_rules[fill[n]++] = r; });
  for (std::uint32_t r = 0; r < s.rules.size(); ++r) {
    bool global = false;
    for (const condition_spec& c : s.rules[r].conditions)
      global = global || !node_measure(c.measure);
    if (global) m.global_rules.push_back(r);
    if (s.rules[r].scripted && s.rules[r].at_s >= 0) m.schedule(s.rules[r].at_s, ev_scripted, r);
  }
  m.rules_pending = true;
  (void)w;
}

void touch_node(I& m, std::uint32_t node) {
  if (m.node_rules_first.empty()) return;
  for (std::uint32_t k = m.node_rules_first[node]; k < m.node_rules_first[node + 1]; ++k) {
    m.rules[m.node_rules[k]].dirty = true;
    m.rules_pending = true;
  }
}

void touch_global(I& m) {
  for (std::uint32_t r : m.global_rules) m.rules[r].dirty = true;
  if (!m.global_rules.empty()) m.rules_pending = true;
}

/// Observes every rule that what happened may have changed, then fires the first rule
/// that is ready, and repeats: every rule sees the state each firing leaves (a rule
/// whose condition a firing made false re-arms before anything makes it true again).
void evaluate_rules(W& w, I& m) {
  while (m.rules_pending && m.status == world_status::ok) {
    m.rules_pending = false;
    for (std::uint32_t r = 0; r < m.rules.size(); ++r) {
      if (!m.rules[r].dirty) continue;
      m.rules[r].dirty = false;
      observe(m, r);
    }
    for (std::uint32_t r = 0; r < m.rules.size(); ++r) {
      if (!m.rules[r].ready) continue;
      fire_rule(w, m, r);
      break;
    }
  }
}

void on_rule_check(W& w, I& m, std::uint32_t r) {
  m.rules[r].check = {};
  m.rules[r].dirty = true;
  m.rules_pending = true;
  (void)w;
}

void on_scripted(W& w, I& m, std::uint32_t rule) {
  fire(w, m, rule, record_origin::script);
}

void start_negotiation(W& w, I& m, std::uint32_t n, record_origin origin) {
  negotiation_rt& rt = m.negotiations[n];
  if (rt.state == negotiation_state::talking) return;
  const negotiation_spec& ns = m.s->negotiations[n];
  double p = ns.success + ns.per_casualty * static_cast<double>(m.casualties) +
             ns.per_short_day * worst_short_days(m);
  rt.success = std::clamp(p, 0.0, ns.success_max);
  rt.state = negotiation_state::talking;
  double d = sample(rt.draws, ns.duration_s);
  time_s d_s = d > 0 ? static_cast<time_s>(std::llround(d)) : 0;
  m.reschedule(rt.end, m.now_s + d_s, ev_negotiation_end, n);
  emit_negotiation(w, m, record_kind::negotiation_started, n, origin);
  touch_global(m);
}

void on_negotiation_end(W& w, I& m, std::uint32_t n) {
  negotiation_rt& rt = m.negotiations[n];
  const negotiation_spec& ns = m.s->negotiations[n];
  rt.end = {};
  bool agreed = bernoulli(rt.draws, rt.success);
  rt.state = agreed ? negotiation_state::agreed : negotiation_state::failed;
  emit_negotiation(w, m,
                   agreed ? record_kind::negotiation_succeeded : record_kind::negotiation_failed, n,
                   record_origin::model);
  touch_global(m);
  if (!agreed) return;
  set_parties(w, m, n, ns.on_success_lift ? blockade_state::lifted : blockade_state::paused);
  if (ns.renege > 0 && bernoulli(rt.draws, ns.renege)) {
    double d = sample(rt.draws, ns.renege_after_s);
    time_s d_s = d > 0 ? static_cast<time_s>(std::llround(d)) : 0;
    m.reschedule(rt.renege, m.now_s + d_s, ev_renege, n);
  }
}

void on_renege(W& w, I& m, std::uint32_t n) {
  negotiation_rt& rt = m.negotiations[n];
  rt.renege = {};
  rt.state = negotiation_state::reneged;
  emit_negotiation(w, m, record_kind::agreement_reneged, n, record_origin::model);
  set_parties(w, m, n, blockade_state::active);
  touch_global(m);
}

/// Epstein's civil-violence rule on population shares; see scenarios/README.md.
void on_protest(W& w, I& m) {
  const protest_spec& ps = m.s->protest;
  const scenario& s = *m.s;
  double legitimacy = std::clamp(
      ps.legitimacy - ps.legitimacy_per_death * static_cast<double>(m.casualties), 0.0, 1.0);
  double active = 0;
  for (double a : m.protest_active) active += a;
  double arrest = arrest_probability(ps.arrest_k, static_cast<double>(ps.police), active);
  std::int64_t population = 0;
  for (const node_spec& n : s.nodes) population += n.kind == node_kind::district ? n.population : 0;
  double total = 0;
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    if (s.nodes[n].kind != node_kind::district || population == 0) continue;
    time_s short_s = 0;
    for (int c = 0; c < commodity_count; ++c) {
      short_s = std::max(short_s,
                         view_at(m, m.level_index(n, static_cast<commodity>(c)), m.now_s).short_s);
    }
    double hardship = std::clamp(
        ps.hardship_base + ps.hardship_per_short_day * static_cast<double>(short_s) / day_s, 0.0,
        1.0);
    double share =
        protest_share(grievance(hardship, legitimacy), ps.risk_aversion, arrest, ps.threshold);
    double eligible = static_cast<double>(ps.eligible) *
                      static_cast<double>(s.nodes[n].population) / static_cast<double>(population);
    m.protest_active[n] += ps.join_rate * (eligible * share - m.protest_active[n]);
    total += m.protest_active[n];
  }
  distribute_participants(w, m, static_cast<std::int64_t>(std::llround(total)));
  m.schedule(m.now_s + ps.interval_s, ev_protest, 0);
}

}  // namespace cerco::model
