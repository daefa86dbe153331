/// What people outside the supply system do: blockades start, pause, lift and escalate;
/// the air bridge flies; convoys are dispatched; rationing caps consumption. Scripted
/// events, rules and clients all act through apply().
#include <cmath>

#include "sim/model/world_impl.hpp"

namespace cerco::model {
namespace {

void emit_simple(W& w, I& m, record_kind k, std::uint32_t subject, record_origin origin,
                 std::int64_t amount = 0, std::int64_t value = 0) {
  record r;
  r.kind = k;
  r.origin = origin;
  r.subject = subject;
  r.amount = amount;
  r.value = value;
  m.emit(w, r);
}

/// Where blockade b sits in the network while it is active with strength > 0.
void place_blockade(I& m, std::uint32_t b) {
  const blockade_spec& bs = m.s->blockades[b];
  bool on = m.blockades[b].state == blockade_state::active && m.blockades[b].strength > 0;
  if (bs.node != no_index) {
    node_state& n = m.nodes[bs.node];
    if (on) {
      n.blockade = b;
      n.blockaded = true;
    } else if (n.blockade == b) {
      n.blockade = no_index;
      n.blockaded = false;
    }
  } else if (on) {
    m.road_blockade[bs.road] = b;
  } else if (m.road_blockade[bs.road] == b) {
    m.road_blockade[bs.road] = no_index;
  }
}

std::int64_t rationed_demand(const I& m, std::uint32_t node, commodity c) {
  std::uint32_t l = m.level_index(node, c);
  std::int64_t demand = base_demand_per_d(m, l);
  const scenario& s = *m.s;
  for (std::uint32_t r = 0; r < s.rationings.size(); ++r) {
    if (!m.rationing_on[r] || s.rationings[r].what != c) continue;
    for (std::uint32_t n : s.rationings[r].nodes) {
      if (n != node) continue;
      std::int64_t cap =
          (s.nodes[n].population * s.rationings[r].cap_milli_per_person_d + 500) / 1000;
      if (cap < demand) demand = cap;
    }
  }
  return demand;
}

const std::uint32_t* targets_begin(const action_spec& a) {
  return a.targets.empty() ? &a.target : a.targets.data();
}
std::size_t targets_size(const action_spec& a) {
  return a.targets.empty() ? 1 : a.targets.size();
}

bool valid(std::uint32_t index, std::size_t count) {
  return index < count;
}

bool all_valid(const action_spec& a, std::size_t count) {
  const std::uint32_t* t = targets_begin(a);
  for (std::size_t k = 0; k < targets_size(a); ++k) {
    if (!valid(t[k], count)) return false;
  }
  return true;
}

void escalate(W& w, I& m, std::uint32_t b, const action_spec& a, record_origin origin) {
  blockade_rt& bl = m.blockades[b];
  if (a.strength >= 0) bl.strength = a.strength;
  bl.participants += a.participants_delta;
  if (bl.participants < 0) bl.participants = 0;
  place_blockade(m, b);
  emit_simple(w, m, record_kind::blockade_escalated, b, origin, bl.participants,
              std::llround(bl.strength * 1e6));
  touch_global(m);
  network_changed(w, m);
}

void concede(W& w, I& m, std::uint32_t b, double share, record_origin origin) {
  blockade_rt& bl = m.blockades[b];
  std::int64_t left = std::llround(static_cast<double>(bl.participants) * share);
  bl.participants -= left;
  emit_simple(w, m, record_kind::concession, b, origin, left);
  touch_global(m);
}

}  // namespace

void blockade_set(W& w, I& m, std::uint32_t b, blockade_state st, record_origin origin) {
  blockade_rt& bl = m.blockades[b];
  if (bl.state == st) return;
  if (st == blockade_state::active && bl.state != blockade_state::paused) bl.started_s = m.now_s;
  bl.state = st;
  place_blockade(m, b);
  record_kind k = st == blockade_state::active   ? record_kind::blockade_started
                  : st == blockade_state::paused ? record_kind::blockade_paused
                                                 : record_kind::blockade_lifted;
  emit_simple(w, m, k, b, origin, bl.participants, std::llround(bl.strength * 1e6));
  touch_global(m);
  network_changed(w, m);
}

void airlift_set(W& w, I& m, std::uint32_t a, bool on, record_origin origin) {
  if (m.airlift_on[a] == on) return;
  m.airlift_on[a] = on;
  if (on) {
    m.airlift_last_s[a] = m.now_s;
    m.reschedule(m.airlift_next[a], m.now_s + m.s->airlifts[a].first_flight_s, ev_flight, a);
  } else {
    m.cancel(m.airlift_next[a]);
  }
  emit_simple(w, m, on ? record_kind::airlift_started : record_kind::airlift_stopped, a, origin);
}

void on_flight(W& w, I& m, std::uint32_t a) {
  const airlift_spec& as = m.s->airlifts[a];
  m.airlift_next[a] = {};
  m.airlift_last_s[a] = m.now_s;
  for (int c = 0; c < commodity_count; ++c) {
    std::int64_t q = as.payload[c];
    if (q <= 0) continue;
    m.imported[c] += q;
    add_stock(w, m, m.level_index(as.to, static_cast<commodity>(c)), q);
    record r;
    r.kind = record_kind::flight_landed;
    r.subject = a;
    r.other = as.to;
    r.what = static_cast<commodity>(c);
    r.amount = q;
    m.emit(w, r);
  }
  time_s gap_s = day_s / as.flights_per_d;
  if (gap_s < 1) gap_s = 1;
  m.airlift_next[a] = m.schedule(m.now_s + gap_s, ev_flight, a);
}

void rationing_set(W& w, I& m, std::uint32_t r, bool on, record_origin origin) {
  if (m.rationing_on[r] == on) return;
  m.rationing_on[r] = on;
  const rationing_spec& rs = m.s->rationings[r];
  for (std::uint32_t n : rs.nodes) {
    set_demand(w, m, m.level_index(n, rs.what), rationed_demand(m, n, rs.what));
  }
  emit_simple(w, m, on ? record_kind::rationing_started : record_kind::rationing_ended, r, origin);
}

bool apply(W& w, I& m, const action_spec& a, record_origin origin) {
  const scenario& s = *m.s;
  const std::uint32_t* t = targets_begin(a);
  std::size_t n = targets_size(a);
  switch (a.kind) {
    case action_kind::blockade_start:
    case action_kind::blockade_pause:
    case action_kind::blockade_lift: {
      if (!all_valid(a, s.blockades.size())) return false;
      blockade_state st = a.kind == action_kind::blockade_start   ? blockade_state::active
                          : a.kind == action_kind::blockade_pause ? blockade_state::paused
                                                                  : blockade_state::lifted;
      for (std::size_t k = 0; k < n; ++k) blockade_set(w, m, t[k], st, origin);
      return true;
    }
    case action_kind::blockade_escalate:
      if (!all_valid(a, s.blockades.size())) return false;
      for (std::size_t k = 0; k < n; ++k) escalate(w, m, t[k], a, origin);
      return true;
    case action_kind::concession:
      if (!all_valid(a, s.blockades.size())) return false;
      for (std::size_t k = 0; k < n; ++k) concede(w, m, t[k], a.participants_share, origin);
      return true;
    case action_kind::airlift_start:
    case action_kind::airlift_stop:
      if (!valid(a.target, s.airlifts.size())) return false;
      airlift_set(w, m, a.target, a.kind == action_kind::airlift_start, origin);
      return true;
    case action_kind::convoy_dispatch:
      if (!valid(a.target, s.convoys.size())) return false;
      start_convoy(w, m, a.target, origin);
      return true;
    case action_kind::rationing_start:
    case action_kind::rationing_end:
      if (!valid(a.target, s.rationings.size())) return false;
      rationing_set(w, m, a.target, a.kind == action_kind::rationing_start, origin);
      return true;
    case action_kind::negotiate:
      if (!valid(a.negotiation, s.negotiations.size())) return false;
      start_negotiation(w, m, a.negotiation, origin);
      return true;
  }
  return false;
}

}  // namespace cerco::model
