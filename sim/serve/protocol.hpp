#pragma once
/// The JSON-lines protocol of `cerco serve`: error replies, ids, actions and records
/// as JSON. Pure functions over a validated scenario; used by both server threads.
/// PROTOCOL.md in this folder is the reference for every field.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cerco/observer.hpp"
#include "cerco/scenario.hpp"
#include "cerco/world.hpp"

namespace cerco::serve {

using json = nlohmann::ordered_json;

inline constexpr int protocol_version = 1;

/// A failed request: a stable machine code and a message for people.
struct error_info {
  std::string code;
  std::string message;
};

/// Every command the server knows, in the order PROTOCOL.md lists them.
std::span<const std::string_view> command_names();
/// Every action name `act` accepts.
std::span<const std::string_view> action_names();

/// The candidate closest to `word` by edit distance, or "" when none is close enough.
std::string nearest(std::string_view word, std::span<const std::string_view> candidates);
std::string nearest(std::string_view word, std::span<const std::string> candidates);

/// {"ok":false,"error":{...}} with the request's "id" echoed when it had one, and a
/// newline.
std::string error_line(const json* request_id, const error_info& e);
/// Adds "ok":true (and the request's id) to `body` and serialises it with a newline.
std::string ok_line(const json* request_id, json body);

/// A simulated time: an integer of seconds or a duration string ("36h", "1d 6h").
std::optional<time_s> parse_time(const json& v, std::string_view field, error_info* err);

/// Builds the action an `act` request names, resolving ids against the scenario.
/// Errors: bad_type (missing or mistyped field), unknown_action, unknown_id, bad_value.
std::optional<action_spec> parse_action(const json& request, const scenario& s, error_info* err);

/// The name of a record's subject or other party (node, blockade, rule id...) or its
/// index as a string when the entity has no id (trucks, negotiations).
std::string subject_name(const scenario& s, const record& r);
std::string other_name(const scenario& s, const record& r);

/// The body of an event line after the subscription prefix: `"type":"event",...}\n`.
std::string record_body(const scenario& s, const record& r);

const char* blockade_state_name(blockade_state b);
const char* negotiation_state_name(negotiation_state n);

}  // namespace cerco::serve
