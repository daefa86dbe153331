/// Trucks, import arrivals and convoys: orders dispatched to idle trucks, loading-bay
/// queues (c servers), travel road by road on the fastest path, and what a vehicle does
/// at a blockade (wait, reroute, turn back; a convoy tries to break through).
#include <cassert>
#include <cmath>

#include "cerco/random.hpp"
#include "sim/model/world_impl.hpp"

namespace cerco::model {
namespace {

constexpr int view_all = 0, view_open = 1;

time_s road_time_s(const road_spec& r) {
  return (r.length_m * hour_s + r.speed_m_per_h - 1) / r.speed_m_per_h;
}

std::uint32_t other_end(const road_spec& r, std::uint32_t n) {
  return r.from == n ? r.to : r.from;
}

/// Can a vehicle drive road r from node u?
bool drivable_from(const road_spec& r, std::uint32_t u) {
  return r.from == u || (r.two_way && r.to == u);
}

bool road_blocked(const I& m, std::uint32_t r) {
  std::uint32_t b = m.road_blockade[r];
  return b != no_index && m.blockades[b].strength > 0;
}

// ---- routing: reverse Dijkstra from each destination slot ---------------------------

bool heap_less(const I& m, std::uint32_t a, std::uint32_t b) {
  return m.dijkstra_dist[a] < m.dijkstra_dist[b] ||
         (m.dijkstra_dist[a] == m.dijkstra_dist[b] && a < b);
}

void heap_push_or_decrease(I& m, std::uint32_t& size, std::uint32_t n) {
  std::uint32_t pos = m.dijkstra_pos[n];
  if (pos == no_index) {
    pos = size++;
    m.dijkstra_heap[pos] = n;
  }
  while (pos > 0) {
    std::uint32_t parent = (pos - 1) / 2;
    if (!heap_less(m, m.dijkstra_heap[pos], m.dijkstra_heap[parent])) break;
    std::swap(m.dijkstra_heap[pos], m.dijkstra_heap[parent]);
    m.dijkstra_pos[m.dijkstra_heap[pos]] = pos;
    pos = parent;
  }
  m.dijkstra_pos[m.dijkstra_heap[pos]] = pos;
}

std::uint32_t heap_pop(I& m, std::uint32_t& size) {
  std::uint32_t top = m.dijkstra_heap[0];
  m.dijkstra_heap[0] = m.dijkstra_heap[--size];
  m.dijkstra_pos[m.dijkstra_heap[0]] = 0;
  std::uint32_t pos = 0;
  for (;;) {
    std::uint32_t l = 2 * pos + 1, r = l + 1, best = pos;
    if (l < size && heap_less(m, m.dijkstra_heap[l], m.dijkstra_heap[best])) best = l;
    if (r < size && heap_less(m, m.dijkstra_heap[r], m.dijkstra_heap[best])) best = r;
    if (best == pos) break;
    std::swap(m.dijkstra_heap[pos], m.dijkstra_heap[best]);
    m.dijkstra_pos[m.dijkstra_heap[pos]] = pos;
    m.dijkstra_pos[m.dijkstra_heap[best]] = best;
    pos = best;
  }
  m.dijkstra_pos[top] = no_index;
  return top;
}

/// Fills next_road[view] for one destination: for every node, the first road of its
/// fastest path to dest. The open view skips blocked roads and never passes through a
/// blockaded node (a vehicle may still start at one or end at one).
[[gnu::noinline, gnu::cold]] void route_to(I& m, int view, std::uint32_t slot, std::uint32_t dest) {
  const scenario& s = *m.s;
  std::uint32_t n_nodes = static_cast<std::uint32_t>(s.nodes.size());
  std::uint32_t* next = &m.next_road[view][std::size_t{slot} * n_nodes];
  for (std::uint32_t n = 0; n < n_nodes; ++n) {
    next[n] = no_index;
    m.dijkstra_dist[n] = time_s_max;
    m.dijkstra_pos[n] = no_index;
  }
  std::uint32_t size = 0;
  m.dijkstra_dist[dest] = 0;
  heap_push_or_decrease(m, size, dest);
  while (size > 0) {
    std::uint32_t v = heap_pop(m, size);
    if (view == view_open && v != dest && m.nodes[v].blockaded) continue;
    for (std::uint32_t k = m.adj_first[v]; k < m.adj_first[v + 1]; ++k) {
      std::uint32_t r = m.adj_road[k];
      const road_spec& road = s.roads[r];
      std::uint32_t u = other_end(road, v);
      if (!drivable_from(road, u) || (view == view_open && road_blocked(m, r))) continue;
      time_s d = m.dijkstra_dist[v] + m.road_s[r];
      if (d < m.dijkstra_dist[u] || (d == m.dijkstra_dist[u] && r < next[u])) {
        m.dijkstra_dist[u] = d;
        next[u] = r;
        heap_push_or_decrease(m, size, u);
      }
    }
  }
}

/// The next road towards `goal` from `at`. Each destination's table is computed when a
/// vehicle first needs it and again, for the open view, after the network changed:
/// only the destinations in use pay for routing.
[[gnu::always_inline]] inline std::uint32_t next_road_from(I& m, bool open, std::uint32_t goal,
                                                           std::uint32_t at) {
  int view = open ? view_open : view_all;
  std::uint32_t slot = m.dest_slot[goal];
  assert(slot != no_index);
  std::uint64_t want = open ? m.network_version : 0;
  std::uint64_t& have = m.route_version[view][slot];
  if (have != want + 1) {  // stamps are version + 1, so 0 means never computed
    route_to(m, view, slot, goal);
    have = want + 1;
  }
  return m.next_road[view][std::size_t{slot} * m.s->nodes.size() + at];
}

// ---- vehicles --------------------------------------------------------------------------

void advance(W& w, I& m, std::uint32_t v);

void emit_vehicle(W& w, I& m, record_kind k, std::uint32_t v, std::uint32_t other,
                  std::int64_t amount) {
  record r;
  r.kind = k;
  r.subject = v;
  r.other = other;
  r.amount = amount;
  r.what = m.vehicles[v].carries;
  m.emit(w, r);
}

/// Convoy records name the convoy (its index in the scenario), not its vehicle.
void emit_convoy(W& w, I& m, record_kind k, std::uint32_t convoy, std::uint32_t other,
                 std::int64_t amount) {
  record r;
  r.kind = k;
  r.subject = convoy;
  r.other = other;
  r.amount = amount;
  m.emit(w, r);
}

void join_bay(W& w, I& m, std::uint32_t v, std::uint32_t node);

void start_service(W& w, I& m, std::uint32_t v, std::uint32_t node) {
  (void)w;
  node_state& ns = m.nodes[node];
  vehicle_rt& t = m.vehicles[v];
  ++ns.bays_busy;
  ++ns.bay_served;
  ns.bay_wait_milli_s += (m.now_s - t.queued_s) * 1000;
  t.state = vehicle_state::loading;
  double d = sample(ns.bay_draws, m.s->nodes[node].bay_time_s);
  time_s service_s = d > 0 ? static_cast<time_s>(std::llround(d)) : 0;
  t.move = m.schedule(m.now_s + service_s, ev_bay_done, v);
}

void join_bay(W& w, I& m, std::uint32_t v, std::uint32_t node) {
  node_state& ns = m.nodes[node];
  vehicle_rt& t = m.vehicles[v];
  t.state = vehicle_state::queued;
  t.at = node;
  t.queued_s = m.now_s;
  if (ns.bays_busy < m.s->nodes[node].bays) {
    start_service(w, m, v, node);
    return;
  }
  t.next_in_list = no_index;
  if (ns.bay_tail == no_index) {
    ns.bay_head = v;
  } else {
    m.vehicles[ns.bay_tail].next_in_list = v;
  }
  ns.bay_tail = v;
}

void begin_trip(W& w, I& m, std::uint32_t v, std::uint32_t goal) {
  vehicle_rt& t = m.vehicles[v];
  t.goal = goal;
  t.returning = false;
  t.turned_back = false;
  t.open_view = false;
  t.at_trip_start = true;
  advance(w, m, v);
}

/// A loaded fleet truck: account for any shortfall against its order, then leave.
void depart_loaded(W& w, I& m, std::uint32_t v, std::int64_t got) {
  vehicle_rt& t = m.vehicles[v];
  level& dl = m.levels[t.dest_level];
  dl.on_order -= t.planned - got;
  t.planned = got;
  t.cargo = got;
  settle(w, m, m.level_index(t.base, t.carries));
  emit_vehicle(w, m, record_kind::truck_departed, v, t.base, got);
  begin_trip(w, m, v, t.dest);
}

void wait_for_stock(I& m, std::uint32_t v, std::uint32_t l) {
  vehicle_rt& t = m.vehicles[v];
  t.state = vehicle_state::queued;
  t.next_in_list = no_index;
  level& lv = m.levels[l];
  if (lv.waiting_head == no_index) {
    lv.waiting_head = v;
  } else {
    m.vehicles[lv.waiting_tail].next_in_list = v;
  }
  lv.waiting_tail = v;
}

void release_fleet_truck(W& w, I& m, std::uint32_t v) {
  vehicle_rt& t = m.vehicles[v];
  t.state = vehicle_state::idle;
  t.at = t.base;
  t.cargo = t.planned = 0;
  t.next_in_list = m.fleet_idle_head[t.owner];
  m.fleet_idle_head[t.owner] = v;
  try_dispatch(w, m, m.level_index(t.base, t.carries));
}

void unload_convoy(W& w, I& m, std::uint32_t v, bool all) {
  vehicle_rt& t = m.vehicles[v];
  convoy_rt& c = m.convoys[t.owner];
  for (int k = 0; k < commodity_count; ++k) {
    std::int64_t q = all ? c.cargo[k] : (c.share[k] < c.cargo[k] ? c.share[k] : c.cargo[k]);
    if (q <= 0) continue;
    c.cargo[k] -= q;
    add_stock(w, m, m.level_index(t.at, static_cast<commodity>(k)), q);
  }
}

void convoy_arrived(W& w, I& m, std::uint32_t v) {
  vehicle_rt& t = m.vehicles[v];
  convoy_rt& c = m.convoys[t.owner];
  const convoy_spec& cs = m.s->convoys[t.owner];
  if (t.returning) {  // failed to break through: cargo back into the origin's stock
    unload_convoy(w, m, v, true);
    t.state = vehicle_state::idle;
    return;
  }
  bool last = c.next_dest + 1 >= cs.to.size();
  unload_convoy(w, m, v, last);
  emit_convoy(w, m, record_kind::convoy_arrived, t.owner, t.at, 0);
  if (last) {
    t.state = vehicle_state::idle;
    return;
  }
  ++c.next_dest;
  t.goal = cs.to[c.next_dest];
  advance(w, m, v);
}

/// A truck that turned back and is home again sets out once more for its delivery.
void restart_if_home(vehicle_rt& t) {
  if (!t.turned_back || t.at != t.base) return;
  t.turned_back = false;
  t.returning = false;
  t.goal = t.dest;
  t.at_trip_start = true;
}

void wait_at_blockade(I& m, std::uint32_t v, std::uint32_t b);

void arrive_goal(W& w, I& m, std::uint32_t v) {
  vehicle_rt& t = m.vehicles[v];
  if (t.role == vehicle_role::convoy) return convoy_arrived(w, m, v);
  if (t.returning) {
    if (t.cargo == 0) return release_fleet_truck(w, m, v);
    // Turned back: try again at once if the blockade has gone, else wait at base.
    std::uint32_t b = t.blocked_by;
    if (b == no_index || m.blockades[b].state != blockade_state::active) {
      restart_if_home(t);
      return advance(w, m, v);
    }
    return wait_at_blockade(m, v, b);
  }
  std::int64_t q = t.cargo;
  t.cargo = 0;
  add_stock(w, m, t.dest_level, q);
  record r;
  r.kind = record_kind::delivery;
  r.subject = t.dest;
  r.other = v;
  r.what = t.carries;
  r.amount = q;
  m.emit(w, r);
  if (t.role == vehicle_role::import_truck) {
    t.state = vehicle_state::idle;
    t.next_in_list = m.import_free[t.owner];
    m.import_free[t.owner] = v;
    return;
  }
  m.levels[t.dest_level].on_order -= q;
  check_reorder(w, m, t.dest_level);
  t.returning = true;
  t.open_view = false;
  t.goal = t.base;
  advance(w, m, v);
}

/// Is the vehicle stopped by blockade b? Convoys try to break through instead.
bool stopped_by(W& w, I& m, std::uint32_t v, std::uint32_t b) {
  const blockade_rt& bl = m.blockades[b];
  vehicle_rt& t = m.vehicles[v];
  if (t.role != vehicle_role::convoy) {
    if (bl.strength >= 1.0) return true;
    return bernoulli(t.draws, bl.strength);
  }
  const convoy_spec& cs = m.s->convoys[t.owner];
  convoy_rt& c = m.convoys[t.owner];
  std::int64_t deaths = poisson(c.draws, cs.casualties_mean);
  bool through = bernoulli(c.draws, cs.breakthrough);
  m.casualties += deaths;
  touch_global(m);
  emit_convoy(w, m, through ? record_kind::convoy_broke_through : record_kind::convoy_stopped,
              t.owner, b, deaths);
  return !through;
}

/// The first active blockade on the way from t.at along road r that stops the vehicle.
std::uint32_t blockade_on_way(W& w, I& m, std::uint32_t v, std::uint32_t r) {
  vehicle_rt& t = m.vehicles[v];
  std::uint32_t candidates[3] = {t.at_trip_start ? m.nodes[t.at].blockade : no_index,
                                 m.road_blockade[r],
                                 m.nodes[other_end(m.s->roads[r], t.at)].blockade};
  for (std::uint32_t b : candidates) {
    if (b == no_index || m.blockades[b].state != blockade_state::active) continue;
    if (m.blockades[b].strength <= 0) continue;
    if (b == t.pass_blockade) {
      t.pass_blockade = no_index;
      continue;
    }
    if (stopped_by(w, m, v, b)) return b;
  }
  return no_index;
}

void wait_at_blockade(I& m, std::uint32_t v, std::uint32_t b) {
  vehicle_rt& t = m.vehicles[v];
  t.state = vehicle_state::stopped;
  t.blocked_by = b;
  bool certain = b == no_index || m.blockades[b].strength >= 1.0 || t.role == vehicle_role::convoy;
  if (certain) return;
  // Each retry passes with probability 1 - strength: draw how many it takes at once.
  double fail = std::log(t.draws.next_open_unit()) / std::log(m.blockades[b].strength);
  time_s attempts = 1 + static_cast<time_s>(fail < 1e6 ? fail : 1e6);
  t.pass_blockade = b;
  t.move = m.schedule(m.now_s + attempts * t.retry_s, ev_vehicle_retry, v);
}

/// Applies the vehicle's policy after it was stopped by b. Returns true to try again now.
bool handle_stop(W& w, I& m, std::uint32_t v, std::uint32_t b) {
  vehicle_rt& t = m.vehicles[v];
  if (t.role == vehicle_role::convoy) {
    if (t.returning) {
      wait_at_blockade(m, v, b);
      return false;
    }
    t.returning = true;
    t.goal = m.s->convoys[t.owner].from;
    return true;
  }
  emit_vehicle(w, m, record_kind::truck_stopped, v, b, t.cargo);
  if (t.policy == blockade_policy::reroute && !t.open_view) {
    t.open_view = true;
    if (next_road_from(m, true, t.goal, t.at) != no_index) {
      emit_vehicle(w, m, record_kind::truck_rerouted, v, b, t.cargo);
      return true;
    }
  }
  if (t.policy == blockade_policy::turn_back && !t.returning && t.at != t.base) {
    emit_vehicle(w, m, record_kind::truck_turned_back, v, b, t.cargo);
    t.returning = true;
    t.turned_back = true;
    t.blocked_by = b;
    t.goal = t.base;
    return true;
  }
  wait_at_blockade(m, v, b);
  return false;
}

/// Drives road r from the vehicle's node, and on along roads where no blockade can ever
/// stand, as one event: intermediate nodes could never stop it, so skipping their
/// arrivals changes nothing but the event count.
void drive(I& m, std::uint32_t v, std::uint32_t r) {
  vehicle_rt& t = m.vehicles[v];
  std::uint32_t at = t.at;
  time_s end_s = m.now_s;
  t.chain_len = 0;
  t.chain_node[0] = at;
  for (;;) {
    std::uint32_t far = other_end(m.s->roads[r], at);
    end_s += m.road_s[r];
    t.chain_road[t.chain_len] = r;
    t.chain_end_s[t.chain_len] = end_s;
    t.chain_node[++t.chain_len] = far;
    at = far;
    if (at == t.goal || t.chain_len == vehicle_rt::chain_max || m.node_may_block[at]) break;
    r = next_road_from(m, t.open_view, t.goal, at);
    if (r == no_index || m.road_may_block[r]) break;
    if (m.node_may_block[other_end(m.s->roads[r], at)]) break;
  }
  t.state = vehicle_state::moving;
  t.road = t.chain_road[0];
  t.next_node = at;
  t.leg_start_s = m.now_s;
  t.leg_end_s = end_s;
  t.at_trip_start = false;
  if (!t.turned_back) t.blocked_by = no_index;
  t.move = m.schedule(end_s, ev_vehicle_arrive, v);
}

/// Moves a vehicle on from the node it is at: arrive, stop, or drive the next road.
void advance(W& w, I& m, std::uint32_t v) {
  for (int guard = 0; guard < 8; ++guard) {
    vehicle_rt& t = m.vehicles[v];
    if (t.at == t.goal) return arrive_goal(w, m, v);
    std::uint32_t r = next_road_from(m, t.open_view, t.goal, t.at);
    if (r == no_index && t.open_view) r = next_road_from(m, false, t.goal, t.at);
    if (r == no_index) {  // no road at all: wait for the network to change
      wait_at_blockade(m, v, no_index);
      return;
    }
    std::uint32_t b = blockade_on_way(w, m, v, r);
    if (b != no_index) {
      if (handle_stop(w, m, v, b)) continue;
      return;
    }
    drive(m, v, r);
    return;
  }
  wait_at_blockade(m, v, m.vehicles[v].blocked_by);
}

}  // namespace

void init_routing(I& m) {
  const scenario& s = *m.s;
  std::uint32_t n_nodes = static_cast<std::uint32_t>(s.nodes.size());
  m.adj_first.assign(n_nodes + 1, 0);
  for (const road_spec& r : s.roads) {
    ++m.adj_first[r.from + 1];
    ++m.adj_first[r.to + 1];
  }
  for (std::uint32_t n = 0; n < n_nodes; ++n) m.adj_first[n + 1] += m.adj_first[n];
  m.adj_road.assign(m.adj_first[n_nodes], 0);
  std::vector<std::uint32_t> fill(m.adj_first.begin(), m.adj_first.end() - 1);
  for (std::uint32_t r = 0; r < s.roads.size(); ++r) {
    m.adj_road[fill[s.roads[r].from]++] = r;
    m.adj_road[fill[s.roads[r].to]++] = r;
  }
  m.road_s.resize(s.roads.size());
  for (std::uint32_t r = 0; r < s.roads.size(); ++r) m.road_s[r] = road_time_s(s.roads[r]);
  m.dijkstra_dist.assign(n_nodes, 0);
  m.dijkstra_heap.assign(n_nodes, 0);
  m.dijkstra_pos.assign(n_nodes, no_index);
  for (int view = 0; view < 2; ++view) {
    m.next_road[view].assign(std::size_t{m.dest_count} * n_nodes, no_index);
  }
  for (int view = 0; view < 2; ++view) m.route_version[view].assign(m.dest_count, 0);
}

void network_changed(W& w, I& m) {
  ++m.network_version;
  for (std::uint32_t v = 0; v < m.vehicles.size(); ++v) {
    vehicle_rt& t = m.vehicles[v];
    if (t.state != vehicle_state::stopped) continue;
    std::uint32_t b = t.blocked_by;
    bool still = b != no_index && m.blockades[b].state == blockade_state::active &&
                 m.blockades[b].strength >= 1.0 && t.role != vehicle_role::convoy;
    if (still) continue;
    m.cancel(t.move);
    restart_if_home(t);
    t.pass_blockade = no_index;
    t.open_view = false;
    advance(w, m, v);
  }
}

void try_dispatch(W& w, I& m, std::uint32_t sl) {
  while (m.order_count[sl] > 0) {
    std::uint32_t f = m.fleets_at[sl];
    while (f != no_index && m.fleet_idle_head[f] == no_index) f = m.fleet_next_same[f];
    if (f == no_index) return;
    std::uint32_t v = m.fleet_idle_head[f];
    vehicle_rt& t = m.vehicles[v];
    m.fleet_idle_head[f] = t.next_in_list;
    std::uint32_t base = m.order_offset[sl];
    std::uint32_t dl = m.order_queue[base + m.order_first[sl]];
    level& d = m.levels[dl];
    std::int64_t cap = m.s->fleets[f].truck_capacity;
    std::int64_t q = d.pending_order < cap ? d.pending_order : cap;
    d.pending_order -= q;
    if (d.pending_order == 0) {
      d.in_order_queue = false;
      m.order_first[sl] = (m.order_first[sl] + 1) % m.order_cap[sl];
      --m.order_count[sl];
    }
    t.planned = q;
    t.dest = dl / commodity_count;
    t.dest_level = dl;
    join_bay(w, m, v, t.base);
  }
}

void on_bay_done(W& w, I& m, std::uint32_t v) {
  vehicle_rt& t = m.vehicles[v];
  t.move = {};
  node_state& ns = m.nodes[t.at];
  --ns.bays_busy;
  if (ns.bay_head != no_index) {
    std::uint32_t next = ns.bay_head;
    ns.bay_head = m.vehicles[next].next_in_list;
    if (ns.bay_head == no_index) ns.bay_tail = no_index;
    start_service(w, m, next, t.at);
  }
  if (t.role == vehicle_role::import_truck) {
    emit_vehicle(w, m, record_kind::truck_departed, v, t.at, t.cargo);
    return begin_trip(w, m, v, t.dest);
  }
  std::uint32_t sl = m.level_index(t.base, t.carries);
  std::int64_t got = withdraw(m, sl, t.planned);
  if (got == 0) return wait_for_stock(m, v, sl);
  depart_loaded(w, m, v, got);
}

void wake_waiting_for_stock(W& w, I& m, std::uint32_t l) {
  level& lv = m.levels[l];
  while (lv.waiting_head != no_index && stock_at(m, l, m.now_s) > 0) {
    std::uint32_t v = lv.waiting_head;
    lv.waiting_head = m.vehicles[v].next_in_list;
    if (lv.waiting_head == no_index) lv.waiting_tail = no_index;
    m.vehicles[v].next_in_list = no_index;
    depart_loaded(w, m, v, withdraw(m, l, m.vehicles[v].planned));
  }
}

void on_vehicle_arrive(W& w, I& m, std::uint32_t v) {
  vehicle_rt& t = m.vehicles[v];
  t.move = {};
  t.at = t.next_node;
  t.road = no_index;
  advance(w, m, v);
}

void on_vehicle_retry(W& w, I& m, std::uint32_t v) {
  m.vehicles[v].move = {};
  restart_if_home(m.vehicles[v]);
  advance(w, m, v);
}

void on_import_arrival(W& w, I& m, std::uint32_t l) {
  std::uint32_t node = l / commodity_count;
  int c = static_cast<int>(I::commodity_of(l));
  const arrival_process& ap = m.s->nodes[node].arrivals[c];
  std::uint32_t v = m.import_free[l];
  if (v == no_index) {  // every import truck is on the road: this one waits an hour
    m.schedule(m.now_s + hour_s, ev_import_arrival, l);
    return;
  }
  vehicle_rt& t = m.vehicles[v];
  m.import_free[l] = t.next_in_list;
  t.next_in_list = no_index;
  t.cargo = t.planned = ap.load;
  m.imported[c] += ap.load;
  record r;
  r.kind = record_kind::import_arrived;
  r.subject = node;
  r.other = v;
  r.what = static_cast<commodity>(c);
  r.amount = ap.load;
  m.emit(w, r);
  join_bay(w, m, v, node);
  double gap = exponential(m.import_draws[l], static_cast<double>(day_s) / ap.rate_per_d);
  time_s gap_s = gap < 1 ? 1 : static_cast<time_s>(std::llround(gap));
  m.schedule(m.now_s + gap_s, ev_import_arrival, l);
}

void start_convoy(W& w, I& m, std::uint32_t c, record_origin origin) {
  convoy_rt& rt = m.convoys[c];
  if (rt.dispatched) return;
  rt.dispatched = true;
  const convoy_spec& cs = m.s->convoys[c];
  std::size_t n_dest = cs.to.size();
  for (int k = 0; k < commodity_count; ++k) {
    if (cs.cargo[k] <= 0) continue;
    rt.cargo[k] = withdraw(m, m.level_index(cs.from, static_cast<commodity>(k)), cs.cargo[k]);
    rt.share[k] = rt.cargo[k] / static_cast<std::int64_t>(n_dest);
  }
  for (int k = 0; k < commodity_count; ++k) {
    if (cs.cargo[k] > 0) settle(w, m, m.level_index(cs.from, static_cast<commodity>(k)));
  }
  vehicle_rt& t = m.vehicles[rt.vehicle];
  t.at = t.base = cs.from;
  record r;
  r.kind = record_kind::convoy_departed;
  r.origin = origin;
  r.subject = c;
  r.other = cs.from;
  r.amount = cs.vehicles;
  m.emit(w, r);
  t.goal = cs.to[0];
  t.at_trip_start = true;
  t.returning = false;
  advance(w, m, rt.vehicle);
}

vehicle_view view_vehicle(const I& m, std::uint32_t v, time_s t) {
  const vehicle_rt& x = m.vehicles[v];
  vehicle_view out;
  out.kind = x.role == vehicle_role::convoy ? vehicle_kind::convoy : vehicle_kind::truck;
  out.state = x.state;
  out.carries = x.carries;
  out.cargo = x.cargo;
  if (x.role == vehicle_role::convoy) {
    const convoy_rt& c = m.convoys[x.owner];
    out.cargo = 0;
    for (int k = 0; k < commodity_count; ++k) out.cargo += c.cargo[k];
  }
  out.from = out.to = x.at;
  if (x.state == vehicle_state::moving && x.chain_len > 0) {
    int k = 0;
    while (k + 1 < x.chain_len && t >= x.chain_end_s[k]) ++k;
    time_s begin_s = k == 0 ? x.leg_start_s : x.chain_end_s[k - 1];
    time_s span = x.chain_end_s[k] - begin_s;
    out.from = x.chain_node[k];
    out.to = x.chain_node[k + 1];
    out.road = x.chain_road[k];
    double p = span > 0 ? static_cast<double>(t - begin_s) / static_cast<double>(span) : 1;
    out.progress = p < 0 ? 0 : (p > 1 ? 1 : p);
  }
  return out;
}

}  // namespace cerco::model
