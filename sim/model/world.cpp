/// The world: init sizes everything from the scenario; step() pops one event, hands it
/// to the model, re-evaluates the rules it touched and folds it into the run hash.
#include "cerco/world.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "cerco/random.hpp"
#include "sim/model/world_impl.hpp"

namespace cerco {
namespace {

/// One step of the run hash: a multiply and a rotate, each a bijection of the state,
/// so that a single changed word always changes the hash, and the rotate carries the
/// product's high bits back down. The full finaliser runs once, in run_hash(): a run
/// takes about five steps per event, and the finaliser at every step was a tenth of
/// the run's time.
std::uint64_t hash_step(std::uint64_t h, std::uint64_t x) {
  const std::uint64_t p = (h ^ x) * 0x9e3779b97f4a7c15ULL;
  return p << 29 | p >> 35;
}

/// Folds a record into the run hash: every field, packed into four mixing steps.
std::uint64_t hash_record(std::uint64_t h, const record& r) {
  std::uint64_t head =
      static_cast<std::uint64_t>(r.at_s) << 24 ^ static_cast<std::uint64_t>(r.kind) << 16 ^
      static_cast<std::uint64_t>(r.origin) << 8 ^ static_cast<std::uint64_t>(r.what);
  h = hash_step(h, head);
  h = hash_step(h, static_cast<std::uint64_t>(r.subject) << 32 | r.other);
  h = hash_step(h, static_cast<std::uint64_t>(r.amount) * 0x9e3779b97f4a7c15ULL ^
                       static_cast<std::uint64_t>(r.value));
  if (r.kind == record_kind::trigger_fired) {
    for (std::int64_t v : r.values) h = hash_step(h, static_cast<std::uint64_t>(v));
  }
  return h;
}

/// Import trucks kept per arrival process: three days of arrivals on the road at once.
std::uint32_t import_pool(const arrival_process& ap) {
  return static_cast<std::uint32_t>(ap.rate_per_d * 3 + 8);
}

}  // namespace

void world::impl::fail(world_status st, const char* message) {
  if (status != world_status::ok) return;
  status = st;
  error = message;
}

void world::impl::emit(const world& w, record& r) {
  r.at_s = now_s;
  hash = hash_record(hash, r);
  for (int k = 0; k < observer_count; ++k) observers[k].on_record(observers[k].context, w, r);
}

event_handle world::impl::schedule(time_s at_s, std::uint32_t kind, std::uint32_t target,
                                   std::uint64_t data) {
  assert(at_s >= now_s);
  event_handle h = queue.q.push(at_s, event_payload{kind, target, data});
  if (!h.valid()) {
    std::snprintf(error_buf, sizeof error_buf,
                  "event queue capacity (%u events) exceeded at t=%lld s; raise the limit",
                  queue.q.capacity(), static_cast<long long>(now_s));
    fail(world_status::queue_full, error_buf);
  }
  return h;
}

void world::impl::reschedule(event_handle& h, time_s at_s, std::uint32_t kind,
                             std::uint32_t target) {
  if (queue.q.pending(h)) {
    queue.q.reschedule(h, at_s);
  } else {
    h = schedule(at_s, kind, target);
  }
}

void world::impl::cancel(event_handle& h) {
  if (h.valid()) queue.q.cancel(h);
  h = {};
}

namespace {

using I = world::impl;

void init_vehicles(I& m) {
  const scenario& s = *m.s;
  std::size_t total = 0;
  for (const fleet_spec& f : s.fleets) total += f.trucks;
  for (const node_spec& n : s.nodes) {
    for (const arrival_process& ap : n.arrivals) total += ap.enabled ? import_pool(ap) : 0;
  }
  total += s.convoys.size();
  m.vehicles.assign(total, vehicle_rt{});
  m.fleet_idle_head.assign(s.fleets.size(), no_index);
  m.fleet_first.assign(s.fleets.size(), 0);
  std::uint32_t v = 0;
  for (std::uint32_t f = 0; f < s.fleets.size(); ++f) {
    const fleet_spec& fs = s.fleets[f];
    m.fleet_first[f] = v;
    for (std::uint32_t k = 0; k < fs.trucks; ++k, ++v) {
      vehicle_rt& t = m.vehicles[v];
      t.role = vehicle_role::fleet_truck;
      t.owner = f;
      t.at = t.base = fs.base;
      t.carries = fs.carries;
      t.policy = fs.at_blockade;
      t.retry_s = fs.retry_s;
      t.next_in_list = k + 1 < fs.trucks ? v + 1 : no_index;
    }
    if (fs.trucks > 0) m.fleet_idle_head[f] = m.fleet_first[f];
  }
  m.import_free.assign(m.levels.size(), no_index);
  m.import_draws.assign(m.levels.size(), rng_stream{});
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      const arrival_process& ap = s.nodes[n].arrivals[c];
      if (!ap.enabled) continue;
      std::uint32_t l = m.level_index(n, static_cast<commodity>(c));
      m.import_draws[l] = make_stream(s.seed, l, purpose::arrivals);
      m.import_free[l] = v;
      std::uint32_t pool = import_pool(ap);
      for (std::uint32_t k = 0; k < pool; ++k, ++v) {
        vehicle_rt& t = m.vehicles[v];
        t.role = vehicle_role::import_truck;
        t.owner = l;
        t.at = t.base = n;
        t.dest = ap.to;
        t.dest_level = m.level_index(ap.to, static_cast<commodity>(c));
        t.carries = static_cast<commodity>(c);
        if (ap.fleet != no_index) {
          t.policy = s.fleets[ap.fleet].at_blockade;
          t.retry_s = s.fleets[ap.fleet].retry_s;
        }
        t.next_in_list = k + 1 < pool ? v + 1 : no_index;
      }
    }
  }
  m.convoys.assign(s.convoys.size(), convoy_rt{});
  for (std::uint32_t c = 0; c < s.convoys.size(); ++c, ++v) {
    vehicle_rt& t = m.vehicles[v];
    t.role = vehicle_role::convoy;
    t.owner = c;
    t.at = t.base = s.convoys[c].from;
    m.convoys[c].vehicle = v;
    m.convoys[c].draws = make_stream(s.seed, c, purpose::convoy);
  }
  for (std::uint32_t k = 0; k < m.vehicles.size(); ++k) {
    m.vehicles[k].draws = make_stream(s.seed, k, purpose::blockade);
  }
}

/// Fleets by (base, commodity), and one order queue per supplier level sized by how many
/// levels order from it (each level has at most one pending order).
void init_orders(I& m) {
  const scenario& s = *m.s;
  std::size_t n_levels = m.levels.size();
  m.fleets_at.assign(n_levels, no_index);
  m.fleet_next_same.assign(s.fleets.size(), no_index);
  for (std::uint32_t f = static_cast<std::uint32_t>(s.fleets.size()); f-- > 0;) {
    std::uint32_t l = m.level_index(s.fleets[f].base, s.fleets[f].carries);
    m.fleet_next_same[f] = m.fleets_at[l];
    m.fleets_at[l] = f;
  }
  m.order_cap.assign(n_levels, 0);
  m.order_first.assign(n_levels, 0);
  m.order_count.assign(n_levels, 0);
  m.order_offset.assign(n_levels, 0);
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      const reorder_policy& rp = s.nodes[n].reorder[c];
      if (rp.enabled) ++m.order_cap[m.level_index(rp.supplier, static_cast<commodity>(c))];
    }
  }
  std::uint32_t total = 0;
  for (std::size_t l = 0; l < n_levels; ++l) {
    m.order_offset[l] = total;
    total += m.order_cap[l];
  }
  m.order_queue.assign(total, no_index);
}

/// Routing destinations: every node a trip can head to.
bool init_destinations(I& m) {
  const scenario& s = *m.s;
  std::vector<bool> goal(s.nodes.size(), false);
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      if (s.nodes[n].reorder[c].enabled) goal[n] = goal[s.nodes[n].reorder[c].supplier] = true;
      if (s.nodes[n].arrivals[c].enabled) goal[s.nodes[n].arrivals[c].to] = goal[n] = true;
    }
  }
  for (const fleet_spec& f : s.fleets) goal[f.base] = true;
  for (const convoy_spec& c : s.convoys) {
    goal[c.from] = true;
    for (std::uint32_t d : c.to) goal[d] = true;
  }
  m.dest_slot.assign(s.nodes.size(), no_index);
  m.dest_count = 0;
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    if (goal[n]) m.dest_slot[n] = m.dest_count++;
  }
  constexpr std::size_t routing_entries_max = std::size_t{1} << 24;
  if (std::size_t{m.dest_count} * s.nodes.size() > routing_entries_max) {
    std::snprintf(m.error_buf, sizeof m.error_buf,
                  "routing tables too large: %u destinations x %zu nodes exceeds %zu entries",
                  m.dest_count, s.nodes.size(), routing_entries_max);
    m.fail(world_status::queue_full, m.error_buf);
    return false;
  }
  return true;
}

std::uint32_t queue_capacity(const I& m) {
  const scenario& s = *m.s;
  std::size_t n = m.vehicles.size() + 2 * m.levels.size() + m.levels.size() +
                  3 * s.airlifts.size() + 2 * s.blockades.size() + s.convoys.size() +
                  2 * s.rationings.size() + 2 * s.rules.size() + 2 * s.negotiations.size() + 16;
  return static_cast<std::uint32_t>(2 * n);
}

void schedule_timed(I& m, time_s start_s, time_s end_s, std::uint32_t on, std::uint32_t off,
                    std::uint32_t target) {
  if (start_s >= 0) m.schedule(start_s, on, target);
  if (end_s >= 0) m.schedule(end_s, off, target);
}

void init_runtime(I& m) {
  const scenario& s = *m.s;
  m.blockades.assign(s.blockades.size(), blockade_rt{});
  for (std::uint32_t b = 0; b < s.blockades.size(); ++b) {
    m.blockades[b].strength = s.blockades[b].strength;
    m.blockades[b].participants = m.blockades[b].initial_participants = s.blockades[b].participants;
  }
  m.road_blockade.assign(s.roads.size(), no_index);
  m.node_may_block.assign(s.nodes.size(), false);
  m.road_may_block.assign(s.roads.size(), false);
  for (const blockade_spec& b : s.blockades) {
    if (b.node != no_index) m.node_may_block[b.node] = true;
    if (b.road != no_index) m.road_may_block[b.road] = true;
  }
  m.airlift_on.assign(s.airlifts.size(), false);
  m.airlift_next.assign(s.airlifts.size(), event_handle{});
  m.airlift_last_s.assign(s.airlifts.size(), 0);
  m.rationing_on.assign(s.rationings.size(), false);
  m.rules.assign(s.rules.size(), rule_rt{});
  m.negotiations.assign(s.negotiations.size(), negotiation_rt{});
  for (std::uint32_t n = 0; n < s.negotiations.size(); ++n) {
    m.negotiations[n].draws = make_stream(s.seed, n, purpose::negotiation);
  }
  m.protest_active.assign(s.nodes.size(), 0.0);
}

void schedule_scenario(world& w, I& m) {
  const scenario& s = *m.s;
  for (std::uint32_t b = 0; b < s.blockades.size(); ++b) {
    schedule_timed(m, s.blockades[b].start_s, s.blockades[b].end_s, ev_blockade_start,
                   ev_blockade_end, b);
  }
  for (std::uint32_t a = 0; a < s.airlifts.size(); ++a) {
    schedule_timed(m, s.airlifts[a].start_s, s.airlifts[a].end_s, ev_airlift_start, ev_airlift_end,
                   a);
  }
  for (std::uint32_t r = 0; r < s.rationings.size(); ++r) {
    schedule_timed(m, s.rationings[r].start_s, s.rationings[r].end_s, ev_rationing_start,
                   ev_rationing_end, r);
  }
  for (std::uint32_t c = 0; c < s.convoys.size(); ++c) {
    if (s.convoys[c].depart_s >= 0) m.schedule(s.convoys[c].depart_s, ev_convoy_depart, c);
  }
  model::init_rules(w, m);
  m.schedule(0, ev_start, 0);
  for (std::uint32_t l = 0; l < m.levels.size(); ++l) {
    if (m.import_free[l] == no_index) continue;
    const arrival_process& ap = s.nodes[l / commodity_count].arrivals[l % commodity_count];
    double gap = exponential(m.import_draws[l], static_cast<double>(day_s) / ap.rate_per_d);
    m.schedule(static_cast<time_s>(gap), ev_import_arrival, l);
  }
  if (s.protest.enabled) m.schedule(s.protest.interval_s, ev_protest, 0);
}

void seed_protest(I& m) {
  const scenario& s = *m.s;
  if (!s.protest.enabled) return;
  std::int64_t people = 0, population = 0;
  for (const blockade_spec& b : s.blockades) people += b.participants;
  for (const node_spec& n : s.nodes) population += n.kind == node_kind::district ? n.population : 0;
  if (population == 0) return;
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    if (s.nodes[n].kind != node_kind::district) continue;
    m.protest_active[n] = static_cast<double>(people) * static_cast<double>(s.nodes[n].population) /
                          static_cast<double>(population);
  }
}

}  // namespace

std::string_view describe(world_status status) {
  switch (status) {
    case world_status::ok:
      return "ok";
    case world_status::finished:
      return "finished";
    case world_status::queue_full:
      return "capacity exceeded";
    case world_status::rule_cycle:
      return "rule cycle";
    case world_status::accounting_broken:
      return "accounting does not balance";
  }
  return "unknown";
}

world::world() : impl_(std::make_unique<impl>()) {}
world::~world() = default;

bool world::init(const scenario& s, const world_limits& limits) {
  scenario_ = &s;
  impl_ = std::make_unique<impl>();
  impl& m = *impl_;
  m.s = &s;
  m.limits = limits;
  m.levels.assign(s.nodes.size() * commodity_count, level{});
  m.changed.assign(m.levels.size() + impl::changed_padding, 1);
  m.nodes.assign(s.nodes.size(), node_state{});
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    m.nodes[n].bay_draws = make_stream(s.seed, n, purpose::loading);
  }
  init_vehicles(m);
  init_orders(m);
  if (!init_destinations(m)) return false;
  model::init_routing(m);
  init_runtime(m);
  m.queue.q.init(limits.queue_capacity ? limits.queue_capacity : queue_capacity(m));
  model::init_levels_quiet(m);
  seed_protest(m);
  schedule_scenario(*this, m);
  return m.status == world_status::ok;
}

void world::copy_from(const world& other) {
  observer keep[max_observers];
  int keep_count = impl_->observer_count;
  for (int k = 0; k < keep_count; ++k) keep[k] = impl_->observers[k];
  scenario_ = other.scenario_;
  *impl_ = *other.impl_;
  if (other.impl_->error == other.impl_->error_buf) impl_->error = impl_->error_buf;
  impl_->observer_count = keep_count;
  for (int k = 0; k < keep_count; ++k) impl_->observers[k] = keep[k];
  mark_all_changed();  // whoever mirrors this world's stocks follows another branch now
}

bool world::add_observer(const observer& o) {
  if (impl_->observer_count >= max_observers || o.on_record == nullptr) return false;
  impl_->observers[impl_->observer_count++] = o;
  return true;
}

void world::clear_observers() {
  impl_->observer_count = 0;
}

namespace {

void dispatch(world& w, I& m, const event& e) {
  std::uint32_t t = e.payload.target;
  switch (e.payload.kind) {
    case ev_level_cross:
      return model::on_level_cross(w, m, t);
    case ev_spoil:
      return model::on_spoil(w, m, t);
    case ev_bay_done:
      return model::on_bay_done(w, m, t);
    case ev_vehicle_arrive:
      return model::on_vehicle_arrive(w, m, t);
    case ev_vehicle_retry:
      return model::on_vehicle_retry(w, m, t);
    case ev_import_arrival:
      return model::on_import_arrival(w, m, t);
    case ev_flight:
      return model::on_flight(w, m, t);
    case ev_blockade_start:
      return model::blockade_set(w, m, t, blockade_state::active, record_origin::script);
    case ev_blockade_end:
      return model::blockade_set(w, m, t, blockade_state::lifted, record_origin::script);
    case ev_airlift_start:
      return model::airlift_set(w, m, t, true, record_origin::script);
    case ev_airlift_end:
      return model::airlift_set(w, m, t, false, record_origin::script);
    case ev_convoy_depart:
      return model::start_convoy(w, m, t, record_origin::script);
    case ev_rationing_start:
      return model::rationing_set(w, m, t, true, record_origin::script);
    case ev_rationing_end:
      return model::rationing_set(w, m, t, false, record_origin::script);
    case ev_scripted:
      return model::on_scripted(w, m, t);
    case ev_rule_check:
      return model::on_rule_check(w, m, t);
    case ev_negotiation_end:
      return model::on_negotiation_end(w, m, t);
    case ev_renege:
      return model::on_renege(w, m, t);
    case ev_protest:
      return model::on_protest(w, m);
    case ev_start:
      return model::start_levels(w, m);
  }
  assert(false && "unknown event kind");
}

}  // namespace

bool world::step() {
  impl& m = *impl_;
  event e;
  if (m.status != world_status::ok || !m.queue.q.pop_due(scenario_->duration_s, e)) return false;
  return process(e);
}

/// Runs an event the caller has popped: due, and within the duration.
bool world::process(const event& e) {
  impl& m = *impl_;
  assert(e.at_s >= m.now_s);
  m.now_s = e.at_s;
  ++m.events;
  m.hash = hash_step(m.hash, static_cast<std::uint64_t>(e.at_s));
  m.hash = hash_step(m.hash, static_cast<std::uint64_t>(e.payload.kind) << 32 | e.payload.target);
  dispatch(*this, m, e);
  model::evaluate_rules(*this, m);
#ifdef CERCO_DEBUG_CHECKS
  if (!accounts_balance()) m.fail(world_status::accounting_broken, "the ledger does not balance");
#endif
  return m.status == world_status::ok;
}

world_status world::run_until(time_s until_s) {
  impl& m = *impl_;
  time_s limit = until_s < scenario_->duration_s ? until_s : scenario_->duration_s;
  event e;
  while (m.status == world_status::ok && m.queue.q.pop_due(limit, e)) process(e);
  if (m.status != world_status::ok) return m.status;
  if (limit > m.now_s) m.now_s = limit;
  return m.now_s >= scenario_->duration_s ? world_status::finished : world_status::ok;
}

bool world::apply_action(const action_spec& a, record_origin origin) {
  impl& m = *impl_;
  if (m.status != world_status::ok) return false;
  bool ok = model::apply(*this, m, a, origin);
  model::evaluate_rules(*this, m);
  return ok;
}

world_status world::status() const {
  return impl_->status;
}
std::string_view world::error() const {
  return impl_->error;
}
time_s world::now_s() const {
  return impl_->now_s;
}
time_s world::next_event_s() const {
  return impl_->queue.q.next_time_s();
}
std::uint64_t world::events_processed() const {
  return impl_->events;
}
std::uint64_t world::run_hash() const {
  return mix64(impl_->hash);
}

stock_view world::stock(std::uint32_t node, commodity c) const {
  return stock_at(node, c, impl_->now_s);
}

stock_view world::stock_at(std::uint32_t node, commodity c, time_s at_s) const {
  const impl& m = *impl_;
  if (at_s < m.levels[m.level_index(node, c)].t0_s) at_s = m.levels[m.level_index(node, c)].t0_s;
  return model::view_at(m, m.level_index(node, c), at_s);
}

stock_amount world::amount_at(std::uint32_t node, commodity c, time_s at_s) const {
  const impl& m = *impl_;
  return model::amount_at(m, m.level_index(node, c), at_s);
}

std::array<stock_amount, commodity_count> world::sum_amounts(std::span<const std::uint32_t> nodes,
                                                             time_s at_s) const {
  std::array<stock_amount, commodity_count> out;
  model::sum_amounts(*impl_, nodes, at_s, out);
  return out;
}

std::size_t world::take_changed_segments(std::span<const std::uint32_t> nodes,
                                         std::span<segment_change> out) {
  return model::take_changed_segments(*impl_, nodes, out);
}

void world::mark_all_changed() {
  std::fill(impl_->changed.begin(), impl_->changed.end(), std::uint8_t{1});
}

ledger world::accounts(commodity c) const {
  const impl& m = *impl_;
  int k = static_cast<int>(c);
  ledger g;
  g.initial = m.initial[k];
  g.imported = m.imported[k];
  g.lost = m.lost[k];
  for (std::uint32_t n = 0; n < m.nodes.size(); ++n) {
    std::uint32_t l = m.level_index(n, c);
    stock_view v = model::view_at(m, l, m.now_s);
    g.consumed += v.consumed;
    g.stocked += v.stock;
    g.spoiled += m.levels[l].spoiled;
    g.produced += model::produced_at(m, l, m.now_s);
  }
  for (const auto& v : m.vehicles) {
    if (v.role != vehicle_role::convoy && v.carries == c) g.in_transit += v.cargo;
  }
  for (const convoy_rt& cv : m.convoys) g.in_transit += cv.cargo[k];
  return g;
}

bool world::accounts_balance() const {
  for (int c = 0; c < commodity_count; ++c) {
    if (!accounts(static_cast<commodity>(c)).balanced()) return false;
  }
  return true;
}

std::uint32_t world::vehicle_count() const {
  return static_cast<std::uint32_t>(impl_->vehicles.size() + impl_->airlift_on.size());
}

vehicle_view world::vehicle(std::uint32_t index, time_s at_s) const {
  const impl& m = *impl_;
  if (index < m.vehicles.size()) return model::view_vehicle(m, index, at_s);
  std::uint32_t a = index - static_cast<std::uint32_t>(m.vehicles.size());
  const airlift_spec& as = scenario_->airlifts[a];
  vehicle_view v;
  v.kind = vehicle_kind::aircraft;
  v.from = v.to = as.to;
  if (!m.airlift_on[a]) return v;
  v.state = vehicle_state::moving;
  time_s gap = as.flights_per_d > 0 ? day_s / as.flights_per_d : day_s;
  double p = static_cast<double>(at_s - m.airlift_last_s[a]) / static_cast<double>(gap);
  v.progress = p < 0 ? 0 : (p > 1 ? 1 : p);
  for (int c = 0; c < commodity_count; ++c) {
    if (as.payload[c] > 0) {
      v.carries = static_cast<commodity>(c);
      v.cargo += as.payload[c];
    }
  }
  return v;
}

blockade_view world::blockade(std::uint32_t index) const {
  const blockade_rt& b = impl_->blockades[index];
  return blockade_view{b.state, b.strength, b.participants, b.started_s};
}

bool world::road_open(std::uint32_t road) const {
  std::uint32_t b = impl_->road_blockade[road];
  return b == no_index || impl_->blockades[b].strength <= 0;
}

bool world::airlift_active(std::uint32_t index) const {
  return impl_->airlift_on[index];
}
bool world::rationing_active(std::uint32_t index) const {
  return impl_->rationing_on[index];
}
negotiation_state world::negotiation(std::uint32_t index) const {
  return impl_->negotiations[index].state;
}
std::int64_t world::casualties() const {
  return impl_->casualties;
}
std::int64_t world::measure(const condition_spec& c) const {
  return model::measure_value(*impl_, c, impl_->now_s);
}
std::int64_t world::bay_wait_milli_s_total(std::uint32_t node) const {
  return impl_->nodes[node].bay_wait_milli_s;
}
std::uint64_t world::bay_served(std::uint32_t node) const {
  return impl_->nodes[node].bay_served;
}

}  // namespace cerco
