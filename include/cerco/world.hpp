#pragma once
/// The simulated world: nodes with stocks that change at constant rates between events,
/// roads, trucks, blockades, airlifts, convoys, rationing, rules and negotiations.
/// Built from a validated scenario by init() (the only place that allocates), then
/// advanced by events. Readers (writers of files, the renderer, the server) observe
/// records as they are emitted and query the state through the const accessors below;
/// nothing but events and apply_action() mutates it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "cerco/observer.hpp"
#include "cerco/scenario.hpp"
#include "cerco/time.hpp"

namespace cerco {

enum class world_status : std::uint8_t {
  ok,
  finished,           ///< reached the scenario's end (or run_until's time)
  queue_full,         ///< event queue capacity exceeded (a limit, reported)
  rule_cycle,         ///< rules fired each other at one instant beyond the limit
  accounting_broken,  ///< a bug: the ledger does not balance
};
std::string_view describe(world_status status);

struct event;

/// Limits derived from the scenario at init; exceeded limits are reported, not UB.
struct world_limits {
  std::uint32_t queue_capacity = 0;  ///< 0: derived from the scenario's sizes
  std::uint32_t rule_firings_per_instant = 64;
};

/// The ledger of one commodity, exact in base units:
/// initial + produced + imported = consumed + stocked + in_transit + spoiled + lost.
struct ledger {
  std::int64_t initial = 0, produced = 0, imported = 0;
  std::int64_t consumed = 0, stocked = 0, in_transit = 0, spoiled = 0, lost = 0;
  bool balanced() const {
    return initial + produced + imported == consumed + stocked + in_transit + spoiled + lost;
  }
};

/// What a node's commodity is doing at a given time (computed, not stored per second).
struct stock_view {
  std::int64_t stock = 0;
  std::int64_t demand_per_d = 0;  ///< current consumption demand (after rationing)
  std::int64_t unmet = 0;         ///< cumulative
  std::int64_t consumed = 0;      ///< cumulative
  time_s short_s = 0;             ///< cumulative time with demand and no stock
  time_s cover_s = 0;             ///< stock / demand in seconds; time_s_max with no demand
  bool short_now = false;
  bool rationed = false;
};

/// The numbers most readers of a stock need (the same values as in stock_view).
struct stock_amount {
  std::int64_t stock = 0;
  std::int64_t demand_per_d = 0;  ///< current consumption demand (after rationing)
  std::int64_t unmet = 0;         ///< cumulative
};

/// How a stock changes between events: at its constant rates, or held empty or full.
enum class stock_mode : std::uint8_t { normal, empty, full };

/// A stock between two events: its amounts at any later time follow from these numbers
/// alone, so a copy lets another thread compute them (world::take_changed_segments).
struct stock_segment {
  std::int64_t base = 0;  ///< stock at t0
  time_s t0_s = 0;
  std::int64_t demand_per_d = 0;
  std::int64_t production_per_d = 0;
  std::int64_t capacity = 0;
  std::int64_t unmet = 0;  ///< cumulative at t0
  stock_mode mode = stock_mode::normal;
};

/// A segment's amounts at `at_s` (taken as t0 when earlier): exactly what
/// world::amount_at returns for the stock the segment was copied from.
stock_amount segment_amount(const stock_segment& s, time_s at_s);
/// segment_amount summed per commodity over nodes' segments, commodity_count per node
/// in commodity order: what world::sum_amounts gives for those nodes' stocks.
std::array<stock_amount, commodity_count> segment_sums(std::span<const stock_segment> segments,
                                                       time_s at_s);

/// A stock whose segment changed, named by its position in the caller's list.
struct segment_change {
  std::uint32_t position = 0;
  stock_segment segment;
};

enum class vehicle_kind : std::uint8_t { truck, convoy, aircraft };
enum class vehicle_state : std::uint8_t { idle, queued, loading, moving, stopped, unloading };

/// Where a vehicle is, for drawing: on a road between two nodes (progress 0..1 from
/// `from` to `to`) or at a node (from == to).
struct vehicle_view {
  vehicle_kind kind = vehicle_kind::truck;
  vehicle_state state = vehicle_state::idle;
  commodity carries = commodity::gasoline;
  std::int64_t cargo = 0;
  std::uint32_t from = no_index, to = no_index;
  std::uint32_t road = no_index;  ///< the road being driven, or no_index
  double progress = 0;
};

enum class blockade_state : std::uint8_t { pending, active, paused, lifted };
enum class negotiation_state : std::uint8_t { idle, talking, agreed, failed, reneged };

struct blockade_view {
  blockade_state state = blockade_state::pending;
  double strength = 0;
  std::int64_t participants = 0;
  time_s started_s = -1;
};

class world {
 public:
  world();
  ~world();
  world(const world&) = delete;
  world& operator=(const world&) = delete;

  /// Builds the world from a validated scenario. Allocates everything it will need.
  /// Returns false (with status() and a message in error()) when a limit is exceeded.
  bool init(const scenario& s, const world_limits& limits = {});
  /// Copies the complete state of another world built from the same scenario (for
  /// snapshots, seeking backwards, and forks). Allocates only if sizes differ.
  void copy_from(const world& other);

  /// Observers are called synchronously for every record; at most max_observers.
  bool add_observer(const observer& o);
  void clear_observers();

  /// Processes the next event if it is at or before the scenario's end. Returns false
  /// when nothing was processed (finished, or an error: see status()).
  bool step();
  /// Processes every event with time <= until_s, then advances now() to until_s
  /// (clamped to the scenario's end). Returns status().
  world_status run_until(time_s until_s);
  /// Runs to the end of the scenario.
  world_status run() { return run_until(scenario_->duration_s); }

  /// Applies an action now, as a trigger would, recorded as coming from `origin`
  /// (for example a client of the server). False when the target does not exist.
  bool apply_action(const action_spec& a, record_origin origin);

  world_status status() const;
  std::string_view error() const;
  time_s now_s() const;
  time_s end_s() const { return scenario_->duration_s; }
  time_s next_event_s() const;
  std::uint64_t events_processed() const;
  /// Hash of every processed event and emitted record, in order. Equal for equal inputs.
  std::uint64_t run_hash() const;
  const scenario& spec() const { return *scenario_; }

  // ---- snapshot reads; all const, all computed for time `at_s` >= last event --------
  stock_view stock(std::uint32_t node, commodity c) const;
  stock_view stock_at(std::uint32_t node, commodity c, time_s at_s) const;
  /// Stock, demand rate and unmet demand at `at_s` (>= last event): the cheap part of
  /// stock_at, for callers that sum many stocks often.
  stock_amount amount_at(std::uint32_t node, commodity c, time_s at_s) const;
  /// amount_at summed over `nodes`, for every commodity, in one pass over their stocks:
  /// what a city-wide sample needs.
  std::array<stock_amount, commodity_count> sum_amounts(std::span<const std::uint32_t> nodes,
                                                        time_s at_s) const;
  /// For each node of `nodes` and each commodity (position: the node's index in `nodes`
  /// times commodity_count plus the commodity) whose stock changed since the last take,
  /// writes its segment to `out` and clears its mark; returns how many it wrote. `out`
  /// holds nodes.size() * commodity_count. After init, copy_from and mark_all_changed
  /// every stock counts as changed. Keeping a copy of each position's segment up to date
  /// with these changes gives, through segment_amount, the same amounts as amount_at.
  std::size_t take_changed_segments(std::span<const std::uint32_t> nodes,
                                    std::span<segment_change> out);
  void mark_all_changed();
  ledger accounts(commodity c) const;
  bool accounts_balance() const;

  std::uint32_t vehicle_count() const;  ///< trucks + convoys + flights in the air
  vehicle_view vehicle(std::uint32_t index, time_s at_s) const;

  blockade_view blockade(std::uint32_t index) const;
  bool road_open(std::uint32_t road) const;
  bool airlift_active(std::uint32_t index) const;
  bool rationing_active(std::uint32_t index) const;
  negotiation_state negotiation(std::uint32_t index) const;
  std::int64_t casualties() const;
  /// The current value of a rule's condition, in the measure's unit.
  std::int64_t measure(const condition_spec& c) const;
  /// Mean wait (seconds, x1000) of trucks at a node's loading bays so far, and how many.
  std::int64_t bay_wait_milli_s_total(std::uint32_t node) const;
  std::uint64_t bay_served(std::uint32_t node) const;

  struct impl;

 private:
  /// Runs one popped event (due, and within the duration).
  bool process(const event& e);

  const scenario* scenario_ = nullptr;
  std::unique_ptr<impl> impl_;
};

}  // namespace cerco
