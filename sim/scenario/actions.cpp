#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

/// `blockade = "<id>"` or `blockades = ["<id>", ...]`: exactly one of them.
bool read_targets(state& s, const table_ref& tr, action_spec& a) {
  const bool one = tr.get("blockade") != nullptr, many = tr.get("blockades") != nullptr;
  if (one == many) {
    s.cx.error_at(tr.t, tr.where() + ": give exactly one of `blockade` and `blockades`");
    return false;
  }
  const auto t = read_refs(s.cx, tr, one ? "blockade" : "blockades", s.blockades, true);
  if (!t) return false;
  a.targets = *t;
  a.target = a.targets.front();
  return true;
}

bool read_escalate(state& s, const table_ref& tr, action_spec& a) {
  bool ok = read_targets(s, tr, a);
  const auto strength = read_real(s.cx, tr, "strength", 0, 1, false);
  const auto delta = read_int(s.cx, tr, "participants", -100'000'000, 100'000'000, false);
  if (tr.get("strength") == nullptr && tr.get("participants") == nullptr) {
    s.cx.error_at(tr.t, tr.where() + ": blockade_escalate needs `strength` or `participants`");
    ok = false;
  }
  a.strength = strength.value_or(-1);
  a.participants_delta = delta.value_or(0);
  return ok;
}

bool read_negotiate(state& s, const table_ref& tr, action_spec& a) {
  context& cx = s.cx;
  negotiation_spec n;
  const auto parties = read_refs(cx, tr, "parties", s.blockades, true);
  const auto duration = read_dist(cx, tr, "duration", true);
  n.success = read_real(cx, tr, "success", 0, 1, false).value_or(0.5);
  n.per_casualty = read_real(cx, tr, "per_casualty", 0, 1, false).value_or(0);
  n.per_short_day = read_real(cx, tr, "per_short_day", 0, 1, false).value_or(0);
  n.success_max = read_real(cx, tr, "success_max", 0, 1, false).value_or(0.95);
  static constexpr std::string_view outcomes[] = {"lift", "pause"};
  n.on_success_lift = read_enum(cx, tr, "outcome", outcomes, "outcome", false).value_or(0) == 0;
  n.renege = read_real(cx, tr, "renege", 0, 1, false).value_or(0);
  const auto after = read_dist(cx, tr, "renege_after", n.renege > 0);
  if (!parties || !duration) return false;
  n.parties = *parties;
  n.duration_s = *duration;
  if (after) n.renege_after_s = *after;
  a.targets = n.parties;
  a.target = n.parties.front();
  a.negotiation = static_cast<std::uint32_t>(s.sc.negotiations.size());
  s.sc.negotiations.push_back(std::move(n));
  return true;
}

bool read_one(state& s, const table_ref& tr, std::string_view key, const id_table& ids,
              action_spec& a) {
  const auto t = read_ref(s.cx, tr, key, ids, true);
  a.target = t.value_or(no_index);
  return t.has_value();
}

}  // namespace

std::optional<action_spec> read_action(state& s, const table_ref& tr) {
  const auto k = read_enum(s.cx, tr, "action", schema::action_names(), "action", true);
  if (!k) return std::nullopt;
  check_keys(s.cx, tr, schema::action_keys(schema::action_names()[*k]));
  action_spec a;
  a.kind = static_cast<action_kind>(*k);
  bool ok = false;
  switch (a.kind) {
    case action_kind::blockade_start:
    case action_kind::blockade_pause:
    case action_kind::blockade_lift:
      ok = read_targets(s, tr, a);
      break;
    case action_kind::blockade_escalate:
      ok = read_escalate(s, tr, a);
      break;
    case action_kind::airlift_start:
    case action_kind::airlift_stop:
      ok = read_one(s, tr, "airlift", s.airlifts, a);
      break;
    case action_kind::convoy_dispatch:
      ok = read_one(s, tr, "convoy", s.convoys, a);
      break;
    case action_kind::rationing_start:
    case action_kind::rationing_end:
      ok = read_one(s, tr, "rationing", s.rationings, a);
      break;
    case action_kind::concession: {
      ok = read_targets(s, tr, a);
      const auto share = read_real(s.cx, tr, "share", 0, 1, true);
      a.participants_share = share.value_or(0);
      ok = ok && share.has_value();
      break;
    }
    case action_kind::negotiate:
      ok = read_negotiate(s, tr, a);
      break;
  }
  if (!ok) return std::nullopt;
  return a;
}

}  // namespace cerco::load_detail
