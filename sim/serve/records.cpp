// Records as JSON for the event and trigger streams.
#include <array>

#include "sim/serve/protocol.hpp"

namespace cerco::serve {
namespace {

enum class entity : std::uint8_t {
  none,
  node,
  truck,
  blockade,
  airlift,
  convoy,
  rationing,
  rule,
  negotiation
};

struct roles {
  entity subject;
  entity other;
};

roles roles_of(record_kind k) {
  using rk = record_kind;
  switch (k) {
    case rk::stock_out:
    case rk::restocked:
    case rk::import_arrived:
    case rk::spoiled:
      return {entity::node, entity::none};
    case rk::order_placed:
      return {entity::node, entity::node};
    case rk::delivery:
      return {entity::node, entity::truck};
    case rk::truck_departed:
      return {entity::truck, entity::node};
    case rk::truck_stopped:
    case rk::truck_rerouted:
    case rk::truck_turned_back:
      return {entity::truck, entity::blockade};
    case rk::blockade_started:
    case rk::blockade_paused:
    case rk::blockade_lifted:
    case rk::blockade_escalated:
    case rk::concession:
    case rk::participants_changed:
      return {entity::blockade, entity::none};
    case rk::airlift_started:
    case rk::airlift_stopped:
      return {entity::airlift, entity::none};
    case rk::flight_landed:
      return {entity::airlift, entity::node};
    case rk::convoy_departed:
    case rk::convoy_arrived:
      return {entity::convoy, entity::node};
    case rk::convoy_broke_through:
    case rk::convoy_stopped:
      return {entity::convoy, entity::blockade};
    case rk::rationing_started:
    case rk::rationing_ended:
      return {entity::rationing, entity::none};
    case rk::trigger_fired:
      return {entity::rule, entity::none};
    case rk::negotiation_started:
    case rk::negotiation_succeeded:
    case rk::negotiation_failed:
    case rk::agreement_reneged:
      return {entity::negotiation, entity::none};
  }
  return {entity::none, entity::none};
}

template <class Spec>
std::string id_or_index(const std::vector<Spec>& specs, std::uint32_t i) {
  if (i < specs.size()) return specs[i].id;
  return std::to_string(i);
}

std::string name_of(const scenario& s, entity e, std::uint32_t i) {
  if (i == no_index) return "";
  switch (e) {
    case entity::node:
      return id_or_index(s.nodes, i);
    case entity::blockade:
      return id_or_index(s.blockades, i);
    case entity::airlift:
      return id_or_index(s.airlifts, i);
    case entity::convoy:
      return id_or_index(s.convoys, i);
    case entity::rationing:
      return id_or_index(s.rationings, i);
    case entity::rule:
      return id_or_index(s.rules, i);
    case entity::truck:
    case entity::negotiation:
    case entity::none:
      break;
  }
  return std::to_string(i);
}

}  // namespace

std::string subject_name(const scenario& s, const record& r) {
  return name_of(s, roles_of(r.kind).subject, r.subject);
}

std::string other_name(const scenario& s, const record& r) {
  return name_of(s, roles_of(r.kind).other, r.other);
}

std::string record_body(const scenario& s, const record& r) {
  json j = {{"type", "event"},
            {"t", r.at_s},
            {"kind", record_kind_name(r.kind)},
            {"origin", record_origin_name(r.origin)},
            {"what", commodity_names[static_cast<int>(r.what)]},
            {"amount", r.amount},
            {"value", r.value}};
  if (r.subject != no_index) j["subject"] = subject_name(s, r);
  if (r.other != no_index) j["other"] = other_name(s, r);
  if (r.kind == record_kind::trigger_fired) j["values"] = r.values;
  std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  // Drop the opening brace: the sender writes `{"sub":N,` before the body.
  text.erase(0, 1);
  text += '\n';
  return text;
}

}  // namespace cerco::serve
