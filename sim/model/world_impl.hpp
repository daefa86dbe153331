#pragma once
/// The world's internals: contiguous arrays indexed by ids, all sized in init().
/// Only sim/model includes this header.
#include <cstdint>
#include <vector>

#include "cerco/event_queue.hpp"
#include "cerco/rng.hpp"
#include "cerco/world.hpp"

namespace cerco {

/// Event kinds. Values are part of the run hash.
enum ev : std::uint32_t {
  ev_level_cross = 1,  ///< target: level; a stock reached a level that matters
  ev_spoil,            ///< target: level; the oldest perishable batch expires
  ev_bay_done,         ///< target: vehicle
  ev_vehicle_arrive,   ///< target: vehicle; reached the far end of its road
  ev_vehicle_retry,    ///< target: vehicle; try again at a blockade
  ev_import_arrival,   ///< target: level at the border
  ev_flight,           ///< target: airlift
  ev_blockade_start,   ///< target: blockade
  ev_blockade_end,
  ev_airlift_start,  ///< target: airlift
  ev_airlift_end,
  ev_convoy_depart,    ///< target: convoy
  ev_rationing_start,  ///< target: rationing
  ev_rationing_end,
  ev_scripted,         ///< target: rule
  ev_rule_check,       ///< target: rule
  ev_negotiation_end,  ///< target: negotiation
  ev_renege,           ///< target: negotiation
  ev_protest,
  ev_start,  ///< time 0: first stock checks and orders
};

/// How a stock is changing between events.
using level_mode = stock_mode;

inline constexpr int batch_max = 16;

/// One (node, commodity) stock. Between events the stock follows
/// base + floor(net_per_d * (t - t0_s) / day) exactly; every cumulative counter below
/// is folded at t0_s and extended by the same formula, so the ledger balances exactly.
struct level {
  std::int64_t base = 0;  ///< stock at t0 plus additions and removals since
  time_s t0_s = 0;
  level_mode mode = level_mode::normal;
  std::int64_t demand_per_d = 0;      ///< effective (after rationing)
  std::int64_t production_per_d = 0;  ///< scenario inflow
  std::int64_t capacity = unlimited;
  // Up to here, with unmet, what a stock's reading needs: one cache line.
  std::int64_t unmet = 0;                                ///< folded at t0
  std::int64_t produced = 0, consumed = 0, spoiled = 0;  ///< folded at t0
  time_s short_s = 0;                                    ///< folded at t0
  std::int64_t on_order = 0;
  std::int64_t pending_order = 0;  ///< ordered but not yet given to a truck
  bool in_order_queue = false;
  bool was_short = false;
  event_handle cross;
  event_handle spoil;
  std::uint32_t waiting_head = no_index;  ///< vehicles waiting here for stock, oldest first
  std::uint32_t waiting_tail = no_index;  ///< the newest, so that joining is O(1)
  // Perishable batches, oldest first (ring).
  std::uint8_t batch_first = 0, batch_count = 0;
  std::int64_t batch_amount[batch_max] = {};
  time_s batch_expiry_s[batch_max] = {};
  std::int64_t batch_synced_stock = 0;  ///< stock the batches summed to at the last sync
};

enum class vehicle_role : std::uint8_t { fleet_truck, import_truck, convoy };

struct vehicle_rt {
  vehicle_role role = vehicle_role::fleet_truck;
  vehicle_state state = vehicle_state::idle;
  commodity carries = commodity::gasoline;
  blockade_policy policy = blockade_policy::wait;
  bool returning = false;
  bool turned_back = false;
  bool open_view = false;  ///< routes around active blockades (after a reroute)
  bool at_trip_start = false;
  std::uint32_t owner = no_index;  ///< fleet, arrival level, or convoy index
  std::uint32_t base = no_index;   ///< where the trip starts and returns
  std::uint32_t goal = no_index;   ///< node it is heading to
  std::uint32_t dest = no_index;   ///< delivery node of this trip
  std::uint32_t dest_level = no_index;
  std::uint32_t at = no_index;    ///< node it is at or left
  std::uint32_t road = no_index;  ///< road being driven
  std::uint32_t next_node = no_index;
  std::uint32_t blocked_by = no_index;
  std::uint32_t next_in_list = no_index;  ///< bay queue or waiting list link
  std::int64_t planned = 0, cargo = 0;
  time_s leg_start_s = 0, leg_end_s = 0, queued_s = 0;
  time_s retry_s = hour_s;
  /// A stop at a blockade that lets vehicles through by chance is resolved with one
  /// geometric draw of the attempts needed; the retry that succeeds passes this one.
  std::uint32_t pass_blockade = no_index;
  /// The roads driven in one go: consecutive roads where no blockade can ever stand are
  /// driven as one event. chain_node[0] is where the chain started.
  static constexpr int chain_max = 8;
  std::uint8_t chain_len = 0;
  std::uint32_t chain_road[chain_max] = {};
  std::uint32_t chain_node[chain_max + 1] = {};
  time_s chain_end_s[chain_max] = {};
  event_handle move;
  rng_stream draws;  ///< purpose::blockade, keyed by vehicle index
};

struct node_state {
  std::uint32_t bays_busy = 0;
  std::uint32_t bay_head = no_index, bay_tail = no_index;
  std::int64_t bay_wait_milli_s = 0;
  std::uint64_t bay_served = 0;
  rng_stream bay_draws;
  bool blockaded = false;  ///< an active blockade with strength > 0 is on this node
  std::uint32_t blockade = no_index;
};

struct blockade_rt {
  blockade_state state = blockade_state::pending;
  double strength = 0;
  std::int64_t participants = 0;
  std::int64_t initial_participants = 0;
  time_s started_s = -1;
};

struct convoy_rt {
  bool dispatched = false;
  std::uint32_t vehicle = no_index;
  std::uint32_t next_dest = 0;  ///< index into convoy_spec::to
  per_commodity<std::int64_t> cargo{};
  per_commodity<std::int64_t> share{};
  rng_stream draws;
};

struct rule_rt {
  bool done = false;  ///< a non-repeating rule that fired
  bool armed = true;  ///< a repeating rule re-arms when its condition turns false
  bool dirty = true;
  bool ready = false;  ///< holds, armed, held long enough: fires at this instant
  time_s true_since_s = -1;
  time_s cool_until_s = 0;
  std::uint32_t fired = 0;
  event_handle check;
};

struct negotiation_rt {
  negotiation_state state = negotiation_state::idle;
  double success = 0;
  event_handle end, renege;
  rng_stream draws;
};

/// The event queue made copyable for snapshots (copy allocates; only outside the loop).
struct queue_box {
  event_queue q;
  queue_box() = default;
  queue_box(const queue_box& o) { *this = o; }
  queue_box& operator=(const queue_box& o) {
    if (q.capacity() != o.q.capacity()) q.init(o.q.capacity());
    q.copy_from(o.q);
    return *this;
  }
};

struct world::impl {
  const scenario* s = nullptr;
  world_limits limits;
  world_status status = world_status::ok;
  const char* error = "";
  char error_buf[160] = {};
  time_s now_s = 0;
  std::uint64_t events = 0;
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  queue_box queue;
  observer observers[max_observers];
  int observer_count = 0;

  std::vector<level> levels;  ///< node * commodity_count + commodity
  /// Per level: changed since the last take_changed_segments (kept apart from the
  /// levels, so that a take reads a few cache lines, not one per stock), then
  /// changed_padding bytes, so that a take can load any node's marks as one word.
  std::vector<std::uint8_t> changed;
  std::vector<node_state> nodes;
  std::vector<vehicle_rt> vehicles;
  std::vector<std::uint32_t> fleet_first, fleet_idle_head;  ///< per fleet
  std::vector<std::uint32_t> import_free;                   ///< per level: first idle import truck
  std::vector<rng_stream> import_draws;                     ///< per level
  std::vector<std::uint32_t> order_queue;  ///< per supplier level: ring of dest levels
  std::vector<std::uint32_t> order_first, order_count, order_cap, order_offset;
  std::vector<std::uint32_t> fleets_at;        ///< per level: first fleet based there carrying it
  std::vector<std::uint32_t> fleet_next_same;  ///< next fleet with the same base and commodity
  std::vector<blockade_rt> blockades;
  std::vector<std::uint32_t> road_blockade;          ///< per road: active blockade or no_index
  std::vector<bool> node_may_block, road_may_block;  ///< some blockade could ever stand here
  std::vector<bool> airlift_on;
  std::vector<event_handle> airlift_next;
  std::vector<time_s> airlift_last_s;
  std::vector<bool> rationing_on;
  std::vector<convoy_rt> convoys;
  std::vector<rule_rt> rules;
  std::vector<negotiation_rt> negotiations;
  std::vector<std::uint32_t> node_rules_first, node_rules;  ///< CSR: node -> rules reading it
  std::vector<std::uint32_t> global_rules;                  ///< rules reading non-node measures
  std::int64_t casualties = 0;
  std::int64_t imported[commodity_count] = {};
  std::int64_t initial[commodity_count] = {};
  std::int64_t lost[commodity_count] = {};  ///< nothing in the model destroys goods yet
  std::uint32_t firings_this_instant = 0;
  time_s firing_instant_s = -1;
  bool rules_pending = false;

  // Routing: next road from each node towards each destination slot, in two views
  // (all roads; open roads only). Destinations are the nodes trips can head to.
  std::vector<std::uint32_t> dest_slot;  ///< per node: slot or no_index
  std::uint32_t dest_count = 0;
  std::vector<std::uint32_t> next_road[2];      ///< [view][slot * nodes + node]
  std::vector<std::uint64_t> route_version[2];  ///< [view][slot]: network_version + 1 when computed
  std::uint64_t network_version = 0;
  std::vector<std::uint32_t> adj_first, adj_road;  ///< CSR: node -> incident roads
  std::vector<time_s> road_s;  ///< per road: driving time, rounded up to a second
  std::vector<time_s> dijkstra_dist;
  std::vector<std::uint32_t> dijkstra_heap;
  std::vector<std::uint32_t> dijkstra_pos;

  // protest dynamics
  std::vector<double> protest_active;  ///< per node (district shares x eligible)

  // ---- shared by the model files ----
  static constexpr std::size_t changed_padding = 8 - commodity_count;
  std::uint32_t level_index(std::uint32_t node, commodity c) const {
    return node * commodity_count + static_cast<std::uint32_t>(c);
  }
  const node_spec& node_of_level(std::uint32_t l) const { return s->nodes[l / commodity_count]; }
  static commodity commodity_of(std::uint32_t l) {
    return static_cast<commodity>(l % commodity_count);
  }
  void fail(world_status st, const char* message);
  /// Stamps r with the current time, folds it into the run hash and hands it to observers.
  void emit(const world& w, record& r);
  event_handle schedule(time_s at_s, std::uint32_t kind, std::uint32_t target,
                        std::uint64_t data = 0);
  void reschedule(event_handle& h, time_s at_s, std::uint32_t kind, std::uint32_t target);
  void cancel(event_handle& h);
};

/// The whole model's event handling, as free functions over world and impl.
namespace model {
using W = world;
using I = world::impl;

// stocks.cpp
/// a * b / c computed in 128 bits, saturating at the int64 range (c > 0).
std::int64_t muldiv(std::int64_t a, std::int64_t b, std::int64_t c);
std::int64_t stock_at(const I& m, std::uint32_t l, time_s t);
/// amount_at at max(t, t0).
stock_amount amount_at(const I& m, std::uint32_t l, time_s t);
std::size_t take_changed_segments(I& m, std::span<const std::uint32_t> nodes,
                                  std::span<segment_change> out);
void sum_amounts(const I& m, std::span<const std::uint32_t> nodes, time_s t,
                 std::array<stock_amount, commodity_count>& out);
stock_view view_at(const I& m, std::uint32_t l, time_s t);
void resync(W& w, I& m, std::uint32_t l);
void add_stock(W& w, I& m, std::uint32_t l, std::int64_t amount);
/// Takes up to `amount` out of a stock without reporting anything yet, so that the
/// caller can put it on a vehicle first and every record sees a balanced ledger; the
/// caller then calls settle().
std::int64_t withdraw(I& m, std::uint32_t l, std::int64_t amount);
/// Re-plans a stock after a withdrawal: its next crossing, stock-out, and reorder.
void settle(W& w, I& m, std::uint32_t l);
void on_level_cross(W& w, I& m, std::uint32_t l);
void on_spoil(W& w, I& m, std::uint32_t l);
void set_demand(W& w, I& m, std::uint32_t l, std::int64_t demand_per_d);
std::int64_t base_demand_per_d(const I& m, std::uint32_t l);
void check_reorder(W& w, I& m, std::uint32_t l);
void init_levels_quiet(I& m);   ///< at init: fields and batches, no records
void start_levels(W& w, I& m);  ///< at time 0: first crossings and orders
std::int64_t produced_at(const I& m, std::uint32_t l, time_s t);

// transport.cpp
void init_routing(I& m);
void network_changed(W& w, I& m);
void try_dispatch(W& w, I& m, std::uint32_t supplier_level);
void on_bay_done(W& w, I& m, std::uint32_t v);
void on_vehicle_arrive(W& w, I& m, std::uint32_t v);
void on_vehicle_retry(W& w, I& m, std::uint32_t v);
void on_import_arrival(W& w, I& m, std::uint32_t l);
void wake_waiting_for_stock(W& w, I& m, std::uint32_t l);
void start_convoy(W& w, I& m, std::uint32_t c, record_origin origin);
vehicle_view view_vehicle(const I& m, std::uint32_t v, time_s t);

// interventions.cpp
void blockade_set(W& w, I& m, std::uint32_t b, blockade_state st, record_origin origin);
void airlift_set(W& w, I& m, std::uint32_t a, bool on, record_origin origin);
void on_flight(W& w, I& m, std::uint32_t a);
void rationing_set(W& w, I& m, std::uint32_t r, bool on, record_origin origin);
bool apply(W& w, I& m, const action_spec& a, record_origin origin);

// rules.cpp
void init_rules(W& w, I& m);
void touch_node(I& m, std::uint32_t node);
void touch_global(I& m);
void evaluate_rules(W& w, I& m);
void on_scripted(W& w, I& m, std::uint32_t rule);
void on_negotiation_end(W& w, I& m, std::uint32_t n);
void on_renege(W& w, I& m, std::uint32_t n);
void on_protest(W& w, I& m);
void on_rule_check(W& w, I& m, std::uint32_t rule);
std::int64_t measure_value(const I& m, const condition_spec& c, time_s t);
void start_negotiation(W& w, I& m, std::uint32_t n, record_origin origin);
}  // namespace model

}  // namespace cerco
