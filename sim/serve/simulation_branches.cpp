// The simulation thread's subscriptions, snapshots, forks and resets.
#include <algorithm>

#include "sim/serve/simulation.hpp"

namespace cerco::serve {
namespace {

const json* field(const sim_request& r, const char* name) {
  auto it = r.body.find(name);
  return it == r.body.end() ? nullptr : &*it;
}

time_s first_due(time_s now_s, time_s every_s) {
  return (now_s / every_s + 1) * every_s;
}

/// "kinds": [record kind names] for the event stream; all kinds when absent.
bool parse_kinds(const json* kinds, route& rt, error_info* err) {
  if (!kinds) {
    rt.kinds.set();
    return true;
  }
  if (!kinds->is_array() || kinds->empty()) {
    *err = {"bad_type", "`kinds` must be a non-empty array of record kind names"};
    return false;
  }
  std::vector<std::string> names;
  for (int k = 0; k < record_kind_count; ++k)
    names.emplace_back(record_kind_name(static_cast<record_kind>(k)));
  for (const auto& v : *kinds) {
    auto it =
        v.is_string() ? std::find(names.begin(), names.end(), v.get<std::string>()) : names.end();
    if (it == names.end()) {
      std::string word = v.is_string() ? v.get<std::string>() : v.dump();
      std::string n = nearest(word, std::span<const std::string>(names));
      *err = {"unknown_id", "unknown record kind `" + word + "`" +
                                (n.empty() ? "" : "; did you mean `" + n + "`?")};
      return false;
    }
    rt.kinds.set(static_cast<std::size_t>(it - names.begin()));
  }
  return true;
}

}  // namespace

void simulation::cmd_subscribe(const sim_request& r) {
  auto& client = clients_[r.client];
  if (client.subs.size() >= o_.subscriptions_max)
    return fail(r, {"limit", "at most " + std::to_string(o_.subscriptions_max) +
                                 " subscriptions per client"});
  const json* stream = field(r, "stream");
  if (!stream || !stream->is_string())
    return fail(r, {"bad_type", "`stream` must be \"measures\", \"events\" or \"triggers\""});
  const auto& name = stream->get_ref<const std::string&>();
  route rt;
  json body = {{"stream", name}};
  error_info err;
  if (name == "measures") {
    const json* every = field(r, "every");
    auto e = every ? parse_time(*every, "every", &err) : std::optional<time_s>(hour_s);
    if (!e) return fail(r, err);
    if (*e < minute_s) return fail(r, {"bad_value", "`every` must be at least 60 s"});
    rt.kind = stream_kind::measures;
    rt.every_s = *e;
    auto& g = groups_[*e];
    if (g.refs++ == 0) g.next_due_s = first_due(live_.now_s(), *e);

    recompute_due();
    body["every"] = *e;
    body["first"] = g.next_due_s;
  } else if (name == "events") {
    if (!parse_kinds(field(r, "kinds"), rt, &err)) return fail(r, err);
    rt.kind = stream_kind::events;
    for (int k = 0; k < record_kind_count; ++k) kind_refs_[k] += rt.kinds.test(k) ? 1 : 0;
  } else if (name == "triggers") {
    rt.kind = stream_kind::triggers;
    ++trigger_refs_;
  } else {
    constexpr std::string_view streams[] = {"measures", "events", "triggers"};
    std::string n = nearest(name, streams);
    return fail(r, {"unknown_id", "unknown stream `" + name + "`" +
                                      (n.empty() ? "" : "; did you mean `" + n + "`?")});
  }
  rt.sub = client.next_sub++;
  client.subs.push_back({rt.sub, rt});
  body["sub"] = rt.sub;
  body["now"] = live_.now_s();
  ok(r, body, rt);
}

void simulation::cmd_unsubscribe(const sim_request& r) {
  const json* sub = field(r, "sub");
  if (!sub || !sub->is_number_unsigned())
    return fail(r, {"bad_type", "`sub` must be a subscription id (an integer)"});
  auto& client = clients_[r.client];
  auto id = sub->get<std::uint64_t>();
  auto it = std::find_if(client.subs.begin(), client.subs.end(),
                         [&](const sub_entry& e) { return e.id == id; });
  if (it == client.subs.end())
    return fail(r, {"unknown_id", "no subscription " + std::to_string(id) + " on this connection"});
  release(it->rt);
  client.subs.erase(it);
  ok(r, {{"sub", id}}, {}, static_cast<std::uint32_t>(id));
}

void simulation::cmd_snapshot(const sim_request& r) {
  if (const json* drop = field(r, "drop")) {
    auto it = std::find_if(snapshots_.begin(), snapshots_.end(), [&](const snapshot_entry& e) {
      return drop->is_number_unsigned() && e.id == drop->get<std::uint64_t>();
    });
    if (it == snapshots_.end()) return fail(r, {"unknown_id", "no snapshot " + drop->dump()});
    snapshots_.erase(it);
    return ok(r, {{"dropped", *drop}});
  }
  if (snapshots_.size() >= o_.snapshots_max)
    return fail(r, {"limit", "at most " + std::to_string(o_.snapshots_max) +
                                 " snapshots; drop one with {\"cmd\":\"snapshot\",\"drop\":ID}"});
  auto w = std::make_unique<world>();
  if (!w->init(s_))
    return fail(r, {"limit", "cannot build a snapshot: " + std::string(w->error())});
  w->copy_from(live_);
  w->clear_observers();
  audit(r);
  snapshots_.push_back({next_snapshot_++, live_.now_s(), std::move(w)});
  ok(r, {{"snapshot", snapshots_.back().id}, {"t", live_.now_s()}});
}

void simulation::cmd_snapshots(const sim_request& r) {
  json list = json::array();
  for (const auto& s : snapshots_) list.push_back({{"snapshot", s.id}, {"t", s.at_s}});
  ok(r, {{"snapshots", list}});
}

void simulation::cmd_fork(const sim_request& r) {
  const json* id = field(r, "snapshot");
  if (!id || !id->is_number_unsigned())
    return fail(r, {"bad_type", "`snapshot` must be a snapshot id (an integer)"});
  auto it = std::find_if(snapshots_.begin(), snapshots_.end(),
                         [&](const snapshot_entry& e) { return e.id == id->get<std::uint64_t>(); });
  if (it == snapshots_.end()) {
    std::string have;
    for (const auto& s : snapshots_) have += (have.empty() ? "" : ", ") + std::to_string(s.id);
    return fail(r, {"unknown_id", "no snapshot " + id->dump() +
                                      (have.empty() ? "; none saved" : "; saved: " + have)});
  }
  audit(r);
  live_.copy_from(*it->w);
  attach_observer();
  after_jump("forked", {{"snapshot", it->id}});
  ok(r, {{"now", live_.now_s()}, {"snapshot", it->id}, {"paused", true}});
}

void simulation::cmd_reset(const sim_request& r) {
  audit(r);
  if (!live_.init(s_)) return fail(r, {"limit", std::string(live_.error())});
  attach_observer();
  after_jump("reset", json::object());
  ok(r, {{"now", live_.now_s()}, {"paused", true}});
}

/// After the world jumped in time (reset, fork): pause, realign every sampling group
/// to the new now, and tell every client before anything of the new branch.
void simulation::after_jump(const char* what, json extra) {
  if (goal_) finish_goal(true);
  paused_ = true;
  finished_told_ = false;
  for (auto& [every, g] : groups_) g.next_due_s = first_due(live_.now_s(), every);
  recompute_due();
  reanchor();
  json n = {{"notice", what}, {"t", live_.now_s()}};
  n.update(extra);
  notice(std::move(n));
}

}  // namespace cerco::serve
