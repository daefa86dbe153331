// The simulation thread's control commands: running, subscriptions, actions, branches.
#include <algorithm>

#include "sim/serve/simulation.hpp"

namespace cerco::serve {
namespace {

const json* field(const sim_request& r, const char* name) {
  auto it = r.body.find(name);
  return it == r.body.end() ? nullptr : &*it;
}

}  // namespace

void simulation::cmd_step(const sim_request& r) {
  if (goal_) return fail(r, {"busy", "another step or run_until is in progress"});
  std::int64_t n = 1;
  if (const json* v = field(r, "n")) {
    if (!v->is_number_integer()) return fail(r, {"bad_type", "`n` must be an integer"});
    n = v->get<std::int64_t>();
    if (n < 1 || n > o_.step_events_max)
      return fail(r,
                  {"bad_value", "`n` must be between 1 and " + std::to_string(o_.step_events_max)});
  }
  audit(r);
  const json* id = field(r, "id");
  goal_ = goal{r.client, id ? *id : json(), id != nullptr, r.cmd, live_.end_s(), n, 0};
}

void simulation::cmd_run_until(const sim_request& r) {
  if (goal_) return fail(r, {"busy", "another step or run_until is in progress"});
  const json* t = field(r, "t");
  if (!t) return fail(r, {"bad_type", "run_until needs `t`: seconds or a duration like \"36h\""});
  error_info err;
  auto until = parse_time(*t, "t", &err);
  if (!until) return fail(r, err);
  if (*until < live_.now_s())
    return fail(
        r, {"bad_value", "`t` (" + std::to_string(*until) + ") is before now (" +
                             std::to_string(live_.now_s()) + "); use fork or reset to go back"});
  audit(r);
  const json* id = field(r, "id");
  goal_ = goal{
      r.client, id ? *id : json(), id != nullptr, r.cmd, std::min(*until, live_.end_s()), -1, 0};
}

void simulation::cmd_pause(const sim_request& r) {
  audit(r);
  paused_ = true;
  if (goal_) finish_goal(true);
  notice({{"notice", "paused"}, {"t", live_.now_s()}, {"by", r.client}});
  ok(r, {{"now", live_.now_s()}, {"paused", true}});
}

void simulation::cmd_resume(const sim_request& r) {
  audit(r);
  paused_ = false;
  reanchor();
  notice({{"notice", "resumed"}, {"t", live_.now_s()}, {"by", r.client}});
  ok(r, {{"now", live_.now_s()}, {"paused", false}, {"finished", live_.now_s() >= live_.end_s()}});
}

void simulation::cmd_speed(const sim_request& r) {
  const json* f = field(r, "factor");
  if (!f)
    return fail(r, {"bad_type",
                    "speed needs `factor`: simulated seconds per wall second "
                    "(a number > 0) or \"max\""});
  if (f->is_string() && f->get_ref<const std::string&>() == "max") {
    speed_ = 0;
  } else if (f->is_number() && f->get<double>() > 0 && f->get<double>() <= 1e12) {
    speed_ = f->get<double>();
  } else {
    return fail(r, {"bad_value", "`factor` must be a number in (0, 1e12] or \"max\""});
  }
  audit(r);
  reanchor();
  json factor = speed_ > 0 ? json(speed_) : json("max");
  notice({{"notice", "speed"}, {"t", live_.now_s()}, {"factor", factor}, {"by", r.client}});
  ok(r, {{"now", live_.now_s()}, {"factor", factor}});
}

void simulation::release(const route& rt) {
  if (rt.kind == stream_kind::measures) {
    if (--groups_[rt.every_s].refs == 0) groups_.erase(rt.every_s);
    recompute_due();
  } else if (rt.kind == stream_kind::triggers) {
    --trigger_refs_;
  } else {
    for (int k = 0; k < record_kind_count; ++k) kind_refs_[k] -= rt.kinds.test(k) ? 1 : 0;
  }
}

void simulation::client_gone(std::uint64_t client) {
  auto it = clients_.find(client);
  if (it == clients_.end()) return;
  for (const auto& s : it->second.subs) release(s.rt);
  clients_.erase(it);
}

void simulation::cmd_act(const sim_request& r) {
  error_info err;
  auto a = parse_action(r.body, s_, &err);
  if (!a) return fail(r, err);
  if (ended()) return fail(r, {"finished", "the run has ended; reset or fork first"});
  audit(r);
  if (!live_.apply_action(*a, record_origin::client))
    return fail(r, {"rejected", "the world refused the action: " + std::string(live_.error())});
  ok(r, {{"now", live_.now_s()}, {"action", r.body["action"]}});
}

void simulation::cmd_bye(const sim_request& r) {
  ok(r, {{"now", live_.now_s()}}, {}, {}, true);
}

}  // namespace cerco::serve
