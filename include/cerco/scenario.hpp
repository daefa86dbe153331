#pragma once
/// A validated scenario: plain data, every id already resolved to an index, every value
/// already in base units (seconds, litres, kilograms, cylinders, per-day rates). The
/// loader (sim/scenario) builds it from TOML and reports every mistake; the model
/// (sim/model) trusts it and only asserts. Strings are kept for display and output.
///
/// Units, used throughout:
/// - quantities are integers in the commodity's base unit (L, kg, cylinders);
/// - rates are integers in base units per day (`*_per_d`), per-person rates are in
///   thousandths of a base unit per person per day (`*_milli_per_person_d`) so that
///   "0.025 /person/d" stays exact;
/// - probabilities and strengths are doubles in [0, 1].
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cerco/random.hpp"
#include "cerco/time.hpp"

namespace cerco {

enum class commodity : std::uint8_t { gasoline, diesel, lpg, food, perishables };
inline constexpr int commodity_count = 5;
inline constexpr std::array<const char*, commodity_count> commodity_names = {
    "gasoline", "diesel", "lpg", "food", "perishables"};
inline constexpr std::array<const char*, commodity_count> commodity_units = {"L", "L", "cyl", "kg",
                                                                              "kg"};

template <class T>
using per_commodity = std::array<T, commodity_count>;

inline constexpr std::uint32_t no_index = UINT32_MAX;
inline constexpr std::int64_t unlimited = INT64_MAX;

enum class node_kind : std::uint8_t { district, plant, depot, airport, market, border, region };
inline constexpr std::array<const char*, 7> node_kind_names = {
    "district", "plant", "depot", "airport", "market", "border", "region"};

/// (s, S) replenishment of one commodity at one node: when stock falls to `below`, order
/// enough to bring stock plus what is on order up to `up_to`, from `supplier`.
struct reorder_policy {
  bool enabled = false;
  std::int64_t below = 0;
  std::int64_t up_to = 0;
  std::uint32_t supplier = no_index;  ///< node index holding the stock and a fleet
};

/// Import arrivals at a border crossing: a Poisson process of trucks, each carrying
/// `load` of the commodity, driven to `to` along the road network.
struct arrival_process {
  bool enabled = false;
  std::int64_t rate_per_d = 0;  ///< trucks per day
  std::int64_t load = 0;        ///< per truck, base units
  std::uint32_t to = no_index;
  std::uint32_t fleet = no_index;  ///< whose policy at blockades the trucks follow
};

struct node_spec {
  std::string id;
  std::string name;  ///< display name; defaults to id
  node_kind kind = node_kind::district;
  std::uint32_t city = no_index;  ///< index into scenario::cities, or no_index
  double lat = 0, lon = 0;
  std::int64_t population = 0;
  per_commodity<std::int64_t> demand_milli_per_person_d{};  ///< consumption
  per_commodity<std::int64_t> stock{};                      ///< initial, base units
  per_commodity<std::int64_t> capacity{unlimited, unlimited, unlimited, unlimited, unlimited};
  per_commodity<std::int64_t> production_per_d{};  ///< inflow (plants, regions)
  per_commodity<reorder_policy> reorder{};
  per_commodity<arrival_process> arrivals{};
  std::uint32_t bays = 1;  ///< loading bays: servers of the queue trucks start trips from
  dist_spec bay_time_s{};  ///< service time per truck, seconds
};

struct road_spec {
  std::string id;
  std::uint32_t from = no_index, to = no_index;
  std::int64_t length_m = 0;
  std::int64_t speed_m_per_h = 0;
  bool two_way = true;
  std::vector<std::array<double, 2>> waypoints;  ///< (lat, lon) for drawing only
};

enum class blockade_policy : std::uint8_t { wait, reroute, turn_back };
inline constexpr std::array<const char*, 3> blockade_policy_names = {"wait", "reroute",
                                                                     "turn_back"};

struct fleet_spec {
  std::string id;
  std::uint32_t base = no_index;  ///< node the trucks load at
  commodity carries = commodity::gasoline;
  std::uint32_t trucks = 0;
  std::int64_t truck_capacity = 0;
  blockade_policy at_blockade = blockade_policy::wait;
  time_s retry_s = hour_s;  ///< how often a stopped truck tries again (wait policy)
};

struct blockade_spec {
  std::string id;
  std::uint32_t node = no_index;  ///< exactly one of node and road is set
  std::uint32_t road = no_index;
  time_s start_s = -1;  ///< -1: not scheduled (a trigger or action starts it)
  time_s end_s = -1;    ///< -1: no scheduled end
  double strength = 1.0;
  std::int64_t participants = 0;
};

struct airlift_spec {
  std::string id;
  std::uint32_t to = no_index;  ///< airport node receiving the payload (imported)
  time_s start_s = -1, end_s = -1;
  std::int64_t flights_per_d = 0;
  per_commodity<std::int64_t> payload{};  ///< per flight
  time_s first_flight_s = 0;  ///< delay from start to the first landing
};

struct convoy_spec {
  std::string id;
  std::uint32_t from = no_index;
  std::vector<std::uint32_t> to;  ///< destinations, visited in order; cargo split equally
  time_s depart_s = -1;           ///< -1: only when an action dispatches it
  std::uint32_t vehicles = 0;
  per_commodity<std::int64_t> cargo{};  ///< taken from `from`'s stock at departure
  double breakthrough = 1.0;            ///< chance to pass each active blockade
  double casualties_mean = 0.0;         ///< Poisson mean of deaths per breakthrough attempt
};

struct rationing_spec {
  std::string id;
  std::vector<std::uint32_t> nodes;
  commodity what = commodity::gasoline;
  std::int64_t cap_milli_per_person_d = 0;  ///< consumption cap while in force
  time_s start_s = -1, end_s = -1;
};

struct city_spec {
  std::string name;
};

// ---- rules (triggers, scripted events, negotiations) -------------------------------

enum class measure_kind : std::uint8_t {
  stock,          ///< base units, summed over the scope
  cover,          ///< seconds of demand in stock (stock / demand), over the scope
  unmet,          ///< cumulative unmet demand, base units
  hours_short,    ///< seconds any node in scope has been short (max over scope)
  served_share,   ///< share of demand served since the start, in millionths
  blockade_age,   ///< seconds since the scope's blockades started (max)
  participants,   ///< people at the scope's active blockades
  casualties,     ///< cumulative deaths
  time,           ///< seconds since start
  negotiating,    ///< 1 while a negotiation is under way
  agreement,      ///< 1 while an agreement holds
};

enum class compare_kind : std::uint8_t { below, above };

/// A scope: a set of nodes (for stock-like measures) or blockades.
struct scope_spec {
  std::string text;  ///< as written: "all", "city:La Paz", "node:senkata", "nodes:a,b"
  std::vector<std::uint32_t> nodes;
  std::vector<std::uint32_t> blockades;
};

struct condition_spec {
  measure_kind measure = measure_kind::stock;
  scope_spec scope;
  commodity what = commodity::gasoline;
  compare_kind compare = compare_kind::below;
  std::int64_t threshold = 0;  ///< in the measure's unit above
};

enum class action_kind : std::uint8_t {
  blockade_start,
  blockade_pause,
  blockade_lift,
  blockade_escalate,
  airlift_start,
  airlift_stop,
  convoy_dispatch,
  rationing_start,
  rationing_end,
  concession,
  negotiate,
};

struct negotiation_spec {
  std::vector<std::uint32_t> parties;  ///< blockades
  dist_spec duration_s{};
  double success = 0.5;            ///< base probability
  double per_casualty = 0.0;       ///< added to success per death at the start
  double per_short_day = 0.0;      ///< added per day any party's city has been short
  double success_max = 0.95;
  bool on_success_lift = true;     ///< lift; false: pause
  double renege = 0.0;             ///< probability the agreement is reneged
  dist_spec renege_after_s{};
};

struct action_spec {
  action_kind kind = action_kind::blockade_start;
  std::uint32_t target = no_index;  ///< blockade, airlift, convoy or rationing index
  std::vector<std::uint32_t> targets;  ///< for actions over several blockades
  double strength = -1;              ///< escalate: new strength (-1 keeps)
  std::int64_t participants_delta = 0;
  double participants_share = 0;  ///< concession: share of participants who leave
  std::uint32_t negotiation = no_index;  ///< index into scenario::negotiations
};

struct rule_spec {
  std::string id;
  bool scripted = false;           ///< a scripted event fires once at `at_s`
  time_s at_s = -1;
  bool any = false;                ///< conditions combine with any (true) or all (false)
  std::vector<condition_spec> conditions;
  time_s hold_s = 0;               ///< the condition must hold this long ("for")
  bool repeat = false;             ///< fire again after re-arming
  time_s cool_down_s = 0;
  std::vector<action_spec> actions;
};

/// Epstein's civil-violence rule on population shares (optional).
struct protest_spec {
  bool enabled = false;
  time_s interval_s = 6 * hour_s;  ///< how often shares are updated
  double legitimacy = 0.6;
  double hardship_base = 0.3;
  double hardship_per_short_day = 0.1;
  double legitimacy_per_death = 0.02;
  double risk_aversion = 0.5;
  double threshold = 0.1;
  double arrest_k = 2.3;
  std::int64_t police = 2000;
  double join_rate = 0.5;  ///< share of the gap closed per interval
  std::int64_t eligible = 0;  ///< people who could join
};

struct scenario {
  std::string name;
  std::string description;
  std::string start_date;  ///< "YYYY-MM-DD", display only
  time_s duration_s = 0;
  std::uint64_t seed = 0;
  time_s shelf_life_s = 6 * day_s;  ///< perishables
  std::vector<city_spec> cities;
  std::vector<node_spec> nodes;
  std::vector<road_spec> roads;
  std::vector<fleet_spec> fleets;
  std::vector<blockade_spec> blockades;
  std::vector<airlift_spec> airlifts;
  std::vector<convoy_spec> convoys;
  std::vector<rationing_spec> rationings;
  std::vector<negotiation_spec> negotiations;
  std::vector<rule_spec> rules;
  protest_spec protest;
};

}  // namespace cerco
