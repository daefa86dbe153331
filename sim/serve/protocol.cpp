#include "sim/serve/protocol.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "sim/scenario/text.hpp"

namespace cerco::serve {
namespace {

constexpr std::array<std::string_view, 15> commands = {
    "hello",       "state", "step",     "run_until", "pause", "resume", "speed",    "subscribe",
    "unsubscribe", "act",   "snapshot", "fork",      "reset", "bye",    "snapshots"};

constexpr std::array<std::string_view, 12> actions = {
    "blockade_start",  "blockade_pause", "blockade_lift", "blockade_escalate",
    "airlift_start",   "airlift_stop",   "convoy",        "convoy_dispatch",
    "rationing_start", "rationing_end",  "concession",    "negotiate"};

using scenario_text::edit_distance;

template <class Range>
std::string nearest_in(std::string_view word, const Range& candidates) {
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = std::string(c);
  }
  // Farther than half the word is a guess, not a suggestion.
  if (best_d > std::max<std::size_t>(2, word.size() / 2)) return "";
  return best;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& ids) {
  std::string n = nearest(word, std::span<const std::string>(ids));
  return n.empty() ? "" : "; did you mean `" + n + "`?";
}

template <class Spec>
std::vector<std::string> ids_of(const std::vector<Spec>& specs) {
  std::vector<std::string> out;
  out.reserve(specs.size());
  for (const auto& s : specs) out.push_back(s.id);
  return out;
}

/// Resolves `request[field]` (a string id) against `ids`.
std::optional<std::uint32_t> resolve(const json& request, const char* field,
                                     const std::vector<std::string>& ids, const char* what,
                                     error_info* err) {
  auto it = request.find(field);
  if (it == request.end() || !it->is_string()) {
    *err = {"bad_type", std::string("`") + field + "` must be a string: the " + what + "'s id"};
    return std::nullopt;
  }
  const auto& name = it->get_ref<const std::string&>();
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == name) return static_cast<std::uint32_t>(i);
  *err = {"unknown_id", std::string("unknown ") + what + " `" + name + "`" + suggestion(name, ids)};
  return std::nullopt;
}

/// "blockades": [ids] or "blockade": id, for actions over several blockades.
bool resolve_blockades(const json& request, const scenario& s, action_spec& a, error_info* err) {
  auto ids = ids_of(s.blockades);
  auto many = request.find("blockades");
  if ((many == request.end()) == !request.contains("blockade")) {
    *err = {"bad_type", "give exactly one of `blockade` (an id) and `blockades` (an array of ids)"};
    return false;
  }
  if (many == request.end()) {
    auto one = resolve(request, "blockade", ids, "blockade", err);
    if (!one) return false;
    a.target = *one;
    a.targets = {*one};
    return true;
  }
  if (!many->is_array() || many->empty()) {
    *err = {"bad_type", "`blockades` must be a non-empty array of blockade ids"};
    return false;
  }
  for (const auto& v : *many) {
    json wrapper = {{"blockade", v}};
    auto one = resolve(wrapper, "blockade", ids, "blockade", err);
    if (!one) return false;
    a.targets.push_back(*one);
  }
  a.target = a.targets.front();
  return true;
}

std::optional<double> unit_share(const json& request, const char* field, error_info* err) {
  auto it = request.find(field);
  if (it == request.end()) return std::nullopt;
  if (!it->is_number()) {
    *err = {"bad_type", std::string("`") + field + "` must be a number in [0, 1]"};
    return std::nullopt;
  }
  double v = it->get<double>();
  if (!(v >= 0.0 && v <= 1.0)) {
    *err = {"bad_value", std::string("`") + field + "` must be in [0, 1]"};
    return std::nullopt;
  }
  return v;
}

bool parse_escalate(const json& request, action_spec& a, error_info* err) {
  if (!request.contains("strength") && !request.contains("participants")) {
    *err = {"bad_type",
            "blockade_escalate needs `strength` (0..1) and/or `participants` (a "
            "change in people, integer)"};
    return false;
  }
  if (request.contains("strength")) {
    auto v = unit_share(request, "strength", err);
    if (!v) return false;
    a.strength = *v;
  }
  if (auto it = request.find("participants"); it != request.end()) {
    if (!it->is_number_integer()) {
      *err = {"bad_type",
              "`participants` must be an integer (people joining, or leaving "
              "when negative)"};
      return false;
    }
    a.participants_delta = it->get<std::int64_t>();
  }
  return true;
}

bool parse_concession(const json& request, const scenario& s, action_spec& a, error_info* err) {
  if (!resolve_blockades(request, s, a, err)) return false;
  if (!request.contains("share")) {
    *err = {"bad_type", "concession needs `share`: the share of participants who leave, 0..1"};
    return false;
  }
  auto v = unit_share(request, "share", err);
  if (!v) return false;
  a.participants_share = *v;
  return true;
}

bool parse_negotiate(const json& request, const scenario& s, action_spec& a, error_info* err) {
  auto it = request.find("negotiation");
  if (it == request.end() || !it->is_number_unsigned()) {
    *err = {"bad_type", "negotiate needs `negotiation`: the negotiation's index (0-based)"};
    return false;
  }
  auto n = it->get<std::uint64_t>();
  if (n >= s.negotiations.size()) {
    *err = {"unknown_id", "negotiation " + std::to_string(n) +
                              " does not exist; the scenario has " +
                              std::to_string(s.negotiations.size())};
    return false;
  }
  a.negotiation = static_cast<std::uint32_t>(n);
  a.targets = s.negotiations[n].parties;
  if (!a.targets.empty()) a.target = a.targets.front();
  return true;
}

}  // namespace

std::span<const std::string_view> command_names() {
  return commands;
}
std::span<const std::string_view> action_names() {
  return actions;
}

std::string nearest(std::string_view word, std::span<const std::string_view> candidates) {
  return nearest_in(word, candidates);
}
std::string nearest(std::string_view word, std::span<const std::string> candidates) {
  return nearest_in(word, candidates);
}

std::string error_line(const json* request_id, const error_info& e) {
  json j = {{"ok", false}, {"error", {{"code", e.code}, {"message", e.message}}}};
  if (request_id) j["id"] = *request_id;
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string ok_line(const json* request_id, json body) {
  body["ok"] = true;
  if (request_id) body["id"] = *request_id;
  return body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

/// "`field` rest", built by appending: GCC 12 warns (-Wrestrict) on some `+` chains.
static std::string about(std::string_view field, std::string_view rest) {
  std::string m = "`";
  m.append(field).append("` ").append(rest);
  return m;
}

std::optional<time_s> parse_time(const json& v, std::string_view field, error_info* err) {
  if (v.is_number_integer()) {
    auto t = v.get<std::int64_t>();
    if (t < 0 || t > time_s_max) {
      *err = {"bad_value", about(field, "must be between 0 and 100 years")};
      return std::nullopt;
    }
    return t;
  }
  if (v.is_string()) {
    auto p = parse_duration(v.get_ref<const std::string&>());
    if (p.ok()) return p.value_s;
    std::string why(describe(p.error));
    why += " (write seconds as an integer or a duration like \"36h\")";
    *err = {"bad_value", about(field, why)};
    return std::nullopt;
  }
  *err = {"bad_type",
          about(field, "must be an integer of seconds or a duration string like \"36h\"")};
  return std::nullopt;
}

std::optional<action_spec> parse_action(const json& request, const scenario& s, error_info* err) {
  auto it = request.find("action");
  if (it == request.end() || !it->is_string()) {
    *err = {"bad_type",
            "`action` must be a string, one of blockade_start, blockade_pause, "
            "blockade_lift, blockade_escalate, airlift_start, airlift_stop, convoy, "
            "rationing_start, rationing_end, concession, negotiate"};
    return std::nullopt;
  }
  const auto& name = it->get_ref<const std::string&>();
  action_spec a;
  auto target = [&](const char* field, const auto& specs, const char* what) {
    auto r = resolve(request, field, ids_of(specs), what, err);
    if (r) a.target = *r;
    return r.has_value();
  };
  bool ok = false;
  if (name == "blockade_start" || name == "blockade_pause" || name == "blockade_lift") {
    a.kind = name == "blockade_start"   ? action_kind::blockade_start
             : name == "blockade_pause" ? action_kind::blockade_pause
                                        : action_kind::blockade_lift;
    ok = resolve_blockades(request, s, a, err);
  } else if (name == "blockade_escalate") {
    a.kind = action_kind::blockade_escalate;
    ok = resolve_blockades(request, s, a, err) && parse_escalate(request, a, err);
  } else if (name == "airlift_start" || name == "airlift_stop") {
    a.kind = name == "airlift_start" ? action_kind::airlift_start : action_kind::airlift_stop;
    ok = target("airlift", s.airlifts, "airlift");
  } else if (name == "convoy" || name == "convoy_dispatch") {
    a.kind = action_kind::convoy_dispatch;
    ok = target("convoy", s.convoys, "convoy");
  } else if (name == "rationing_start" || name == "rationing_end") {
    a.kind = name == "rationing_start" ? action_kind::rationing_start : action_kind::rationing_end;
    ok = target("rationing", s.rationings, "rationing");
  } else if (name == "concession") {
    a.kind = action_kind::concession;
    ok = parse_concession(request, s, a, err);
  } else if (name == "negotiate") {
    a.kind = action_kind::negotiate;
    ok = parse_negotiate(request, s, a, err);
  } else {
    std::string n = nearest(name, action_names());
    *err = {"unknown_action",
            "unknown action `" + name + "`" + (n.empty() ? "" : "; did you mean `" + n + "`?")};
  }
  if (!ok) return std::nullopt;
  return a;
}

const char* blockade_state_name(blockade_state b) {
  constexpr std::array<const char*, 4> names = {"pending", "active", "paused", "lifted"};
  return names[static_cast<int>(b)];
}

const char* negotiation_state_name(negotiation_state n) {
  constexpr std::array<const char*, 5> names = {"idle", "talking", "agreed", "failed", "reneged"};
  return names[static_cast<int>(n)];
}

}  // namespace cerco::serve
