#include "sim/scenario/schema.hpp"

#include <array>
#include <string>

namespace cerco::schema {
namespace {

using sv = std::string_view;

constexpr std::array<sv, 11> root_keys = {"scenario", "node",    "road",   "fleet",
                                          "blockade", "airlift", "convoy", "rationing",
                                          "event",    "trigger", "protest"};
constexpr std::array<sv, 6> scenario_keys = {"name",     "description", "start",
                                             "duration", "seed",        "shelf_life"};
constexpr std::array<sv, 13> node_keys = {
    "id",    "name",     "kind",       "city",    "at",       "population", "demand",
    "stock", "capacity", "production", "reorder", "arrivals", "loading"};
constexpr std::array<sv, 5> commodities = {"gasoline", "diesel", "lpg", "food", "perishables"};
constexpr std::array<sv, 3> reorder_keys = {"below", "up_to", "from"};
constexpr std::array<sv, 4> arrival_keys = {"rate", "load", "to", "fleet"};
constexpr std::array<sv, 2> loading_keys = {"bays", "time"};
constexpr std::array<sv, 9> dist_all_keys = {"dist", "value", "min",    "max",    "mean",
                                             "sd",   "mode",  "values", "weights"};
constexpr std::array<sv, 7> road_keys = {"id",    "from",    "to",       "length",
                                         "speed", "two_way", "waypoints"};
constexpr std::array<sv, 7> fleet_keys = {"id",       "base",        "commodity", "trucks",
                                          "capacity", "at_blockade", "retry"};
constexpr std::array<sv, 7> blockade_keys = {"id",  "node",     "road",        "start",
                                             "end", "strength", "participants"};
constexpr std::array<sv, 7> airlift_keys = {"id",      "to",      "start",       "end",
                                            "flights", "payload", "first_flight"};
constexpr std::array<sv, 8> convoy_keys = {"id",       "from",  "to",           "depart",
                                           "vehicles", "cargo", "breakthrough", "casualties"};
constexpr std::array<sv, 6> rationing_keys = {"id", "scope", "commodity", "cap", "start", "end"};
constexpr std::array<sv, 3> event_keys = {"id", "at", "then"};
constexpr std::array<sv, 5> trigger_keys = {"id", "when", "repeat", "cool_down", "then"};
constexpr std::array<sv, 6> condition_all = {"measure", "scope", "commodity",
                                             "below",   "above", "for"};
constexpr std::array<sv, 8> when_keys = {"measure", "scope", "commodity", "below",
                                         "above",   "for",   "all",       "any"};
constexpr std::array<sv, 12> protest_keys = {"enabled",
                                             "interval",
                                             "legitimacy",
                                             "hardship_base",
                                             "hardship_per_short_day",
                                             "legitimacy_per_death",
                                             "risk_aversion",
                                             "threshold",
                                             "arrest_k",
                                             "police",
                                             "join_rate",
                                             "eligible"};

constexpr std::array<sv, 11> actions = {
    "blockade_start", "blockade_pause", "blockade_lift", "blockade_escalate",
    "airlift_start",  "airlift_stop",   "convoy",        "rationing_start",
    "rationing_end",  "concession",     "negotiate"};
constexpr std::array<sv, 3> blockade_action_keys = {"action", "blockade", "blockades"};
constexpr std::array<sv, 5> escalate_keys = {"action", "blockade", "blockades", "strength",
                                             "participants"};
constexpr std::array<sv, 2> airlift_action_keys = {"action", "airlift"};
constexpr std::array<sv, 2> convoy_action_keys = {"action", "convoy"};
constexpr std::array<sv, 2> rationing_action_keys = {"action", "rationing"};
constexpr std::array<sv, 4> concession_keys = {"action", "blockade", "blockades", "share"};
constexpr std::array<sv, 10> negotiate_keys = {
    "action",        "parties",     "duration", "success", "per_casualty",
    "per_short_day", "success_max", "outcome",  "renege",  "renege_after"};
constexpr std::array<sv, 18> action_all_keys = {
    "action",       "blockade",      "blockades",   "strength", "participants", "airlift",
    "convoy",       "rationing",     "share",       "parties",  "duration",     "success",
    "per_casualty", "per_short_day", "success_max", "outcome",  "renege",       "renege_after"};
constexpr std::array<sv, 11> measures = {
    "stock",        "cover",      "unmet", "hours_short", "served_share", "blockade_age",
    "participants", "casualties", "time",  "negotiating", "agreement"};
constexpr std::array<sv, 7> dists = {"constant",  "uniform",    "exponential", "normal",
                                     "lognormal", "triangular", "empirical"};
constexpr std::array<sv, 2> constant_keys = {"dist", "value"};
constexpr std::array<sv, 3> uniform_keys = {"dist", "min", "max"};
constexpr std::array<sv, 2> exponential_keys = {"dist", "mean"};
constexpr std::array<sv, 3> normal_keys = {"dist", "mean", "sd"};
constexpr std::array<sv, 4> triangular_keys = {"dist", "min", "mode", "max"};
constexpr std::array<sv, 3> empirical_keys = {"dist", "values", "weights"};

constexpr std::array<sv, 7> node_kind_list = {"district", "plant",  "depot", "airport",
                                              "market",   "border", "region"};
constexpr std::array<sv, 3> policy_list = {"wait", "reroute", "turn_back"};

struct kind_entry {
  sv kind;
  key_list keys;
};

const std::array<kind_entry, 25> kinds = {{
    {"", root_keys},
    {"scenario", scenario_keys},
    {"node", node_keys},
    {"node.demand", commodities},
    {"node.stock", commodities},
    {"node.capacity", commodities},
    {"node.production", commodities},
    {"node.reorder", commodities},
    {"node.reorder.*", reorder_keys},
    {"node.arrivals", commodities},
    {"node.arrivals.*", arrival_keys},
    {"node.loading", loading_keys},
    {"dist", dist_all_keys},
    {"road", road_keys},
    {"fleet", fleet_keys},
    {"blockade", blockade_keys},
    {"airlift", airlift_keys},
    {"airlift.payload", commodities},
    {"convoy", convoy_keys},
    {"convoy.cargo", commodities},
    {"rationing", rationing_keys},
    {"event", event_keys},
    {"trigger", trigger_keys},
    {"when", when_keys},
    {"protest", protest_keys},
}};

// Tables nested in actions and conditions are reached through plain arrays ("then",
// "all") in --set paths; their keys are the union of what any action or condition takes.
const std::array<kind_entry, 2> nested = {
    {{"action", action_all_keys}, {"condition", condition_all}}};

bool is_commodity_table(sv kind) {
  return kind == "node.demand" || kind == "node.stock" || kind == "node.capacity" ||
         kind == "node.production" || kind == "airlift.payload" || kind == "convoy.cargo";
}

}  // namespace

key_list keys_of(sv kind) {
  for (const auto& k : kinds) {
    if (k.kind == kind) return k.keys;
  }
  for (const auto& k : nested) {
    if (k.kind == kind) return k.keys;
  }
  return {};
}

std::string_view child_kind(sv kind, sv key) {
  if (kind.empty()) {
    for (const auto& k : kinds) {
      if (k.kind == key) return k.kind;
    }
    return {};
  }
  if (kind == "node.reorder") return "node.reorder.*";
  if (kind == "node.arrivals") return "node.arrivals.*";
  if (kind == "node.loading" && key == "time") return "dist";
  if (key == "duration" || key == "renege_after") return "dist";
  if (kind == "event" || kind == "trigger") {
    if (key == "then") return "action";
    if (key == "when") return "when";
  }
  if (kind == "when" && (key == "all" || key == "any")) return "condition";
  const std::string full = std::string(kind) + "." + std::string(key);
  for (const auto& k : kinds) {
    if (k.kind == full) return k.kind;
  }
  return {};
}

shape shape_of(sv kind, sv key) {
  if (kind.empty()) {
    return key == "scenario" || key == "protest" ? shape::table : shape::table_array;
  }
  if (key == "at" || key == "waypoints" || key == "values" || key == "weights" ||
      key == "parties" || key == "blockades" || key == "then" || key == "all" || key == "any") {
    return shape::value_array;
  }
  return child_kind(kind, key).empty() || is_commodity_table(kind) ? shape::value : shape::table;
}

key_list action_keys(sv action) {
  if (action == "blockade_start" || action == "blockade_pause" || action == "blockade_lift") {
    return blockade_action_keys;
  }
  if (action == "blockade_escalate") return escalate_keys;
  if (action == "airlift_start" || action == "airlift_stop") return airlift_action_keys;
  if (action == "convoy") return convoy_action_keys;
  if (action == "rationing_start" || action == "rationing_end") return rationing_action_keys;
  if (action == "concession") return concession_keys;
  if (action == "negotiate") return negotiate_keys;
  return {};
}

key_list action_names() {
  return actions;
}
key_list measure_names() {
  return measures;
}
key_list dist_names() {
  return dists;
}
key_list commodity_keys() {
  return commodities;
}
key_list node_kinds() {
  return node_kind_list;
}
key_list blockade_policies() {
  return policy_list;
}
key_list condition_keys() {
  return condition_all;
}

key_list dist_keys(sv dist) {
  if (dist == "constant") return constant_keys;
  if (dist == "uniform") return uniform_keys;
  if (dist == "exponential") return exponential_keys;
  if (dist == "normal" || dist == "lognormal") return normal_keys;
  if (dist == "triangular") return triangular_keys;
  if (dist == "empirical") return empirical_keys;
  return {};
}

}  // namespace cerco::schema
