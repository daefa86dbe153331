// The simulation thread's commands: one function per request of PROTOCOL.md.
#include <algorithm>
#include <cstdio>

#include "sim/serve/simulation.hpp"

namespace cerco::serve {
namespace {

const json* id_of(const sim_request& r) {
  auto it = r.body.find("id");
  return it == r.body.end() ? nullptr : &*it;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

template <class Spec>
json ids_json(const std::vector<Spec>& specs) {
  json a = json::array();
  for (const auto& s : specs) a.push_back(s.id);
  return a;
}

}  // namespace

const std::map<std::string, simulation::handler, std::less<>>& simulation::handlers() {
  static const std::map<std::string, handler, std::less<>> table = {
      {"hello", &simulation::cmd_hello},
      {"state", &simulation::cmd_state},
      {"step", &simulation::cmd_step},
      {"run_until", &simulation::cmd_run_until},
      {"pause", &simulation::cmd_pause},
      {"resume", &simulation::cmd_resume},
      {"speed", &simulation::cmd_speed},
      {"subscribe", &simulation::cmd_subscribe},
      {"unsubscribe", &simulation::cmd_unsubscribe},
      {"act", &simulation::cmd_act},
      {"snapshot", &simulation::cmd_snapshot},
      {"snapshots", &simulation::cmd_snapshots},
      {"fork", &simulation::cmd_fork},
      {"reset", &simulation::cmd_reset},
      {"bye", &simulation::cmd_bye}};
  return table;
}

void simulation::handle(sim_request r) {
  if (stopped_) return;
  auto it = handlers().find(r.cmd);
  if (it == handlers().end())
    return fail(r, {"unknown_command", "unknown command `" + r.cmd + "`"});
  clients_.try_emplace(r.client);
  (this->*(it->second))(r);
  schedule();
}

void simulation::ok(const sim_request& r, json body, std::optional<route> add,
                    std::optional<std::uint32_t> remove, bool close_after) {
  body["cmd"] = r.cmd;
  flush();
  reply_({r.client, ok_line(id_of(r), std::move(body)), std::move(add), remove, close_after});
}

void simulation::fail(const sim_request& r, const error_info& e) {
  flush();
  reply_({r.client, error_line(id_of(r), e), {}, {}, false});
}

void simulation::audit(const sim_request& r) {
  if (!audit_.is_open()) return;
  json line = {{"t", live_.now_s()}, {"client", r.client}, {"cmd", r.cmd}, {"request", r.body}};
  audit_ << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

void simulation::cmd_hello(const sim_request& r) {
  json commodities = json::array(), units = json::array(), cities = json::array();
  for (int c = 0; c < commodity_count; ++c) {
    commodities.push_back(commodity_names[c]);
    units.push_back(commodity_units[c]);
  }
  for (const auto& c : s_.cities) cities.push_back(c.name);
  ok(r, {{"protocol", protocol_version},
         {"server", "cerco"},
         {"scenario", s_.name},
         {"source", label_},
         {"start_date", s_.start_date},
         {"seed", s_.seed},
         {"now", live_.now_s()},
         {"end", live_.end_s()},
         {"paused", paused_},
         {"speed", speed_ > 0 ? json(speed_) : json("max")},
         {"commodities", commodities},
         {"units", units},
         {"cities", cities},
         {"nodes", ids_json(s_.nodes)},
         {"blockades", ids_json(s_.blockades)},
         {"airlifts", ids_json(s_.airlifts)},
         {"convoys", ids_json(s_.convoys)},
         {"rationings", ids_json(s_.rationings)},
         {"limits",
          {{"line_bytes", o_.line_bytes_max},
           {"queue_bytes", o_.queue_soft_bytes},
           {"push_bytes_per_s", o_.push_rate_bytes_per_s},
           {"push_burst_bytes", o_.push_burst_bytes},
           {"subscriptions", o_.subscriptions_max},
           {"snapshots", o_.snapshots_max}}}});
}

json simulation::state_json(bool with_nodes) const {
  std::vector<std::int64_t> v;
  compute_values(live_.now_s(), v);
  json body = {{"now", live_.now_s()},
               {"end", live_.end_s()},
               {"status", status_name()},
               {"paused", paused_},
               {"speed", speed_ > 0 ? json(speed_) : json("max")},
               {"events", live_.events_processed()},
               {"next_event", live_.next_event_s()},
               {"run_hash", hex(live_.run_hash())}};
  json m = sample_json(s_, layout_, live_.now_s(), v.data());
  body["cities"] = m["cities"];
  body["casualties"] = m["casualties"];
  json blockades = json::array();
  for (std::uint32_t b = 0; b < s_.blockades.size(); ++b) {
    auto bv = live_.blockade(b);
    blockades.push_back({{"id", s_.blockades[b].id},
                         {"state", blockade_state_name(bv.state)},
                         {"strength", bv.strength},
                         {"participants", bv.participants},
                         {"started", bv.started_s}});
  }
  body["blockades"] = blockades;
  json negotiations = json::array();
  for (std::uint32_t n = 0; n < s_.negotiations.size(); ++n) {
    json parties = json::array();
    for (auto p : s_.negotiations[n].parties) parties.push_back(s_.blockades[p].id);
    negotiations.push_back({{"index", n},
                            {"state", negotiation_state_name(live_.negotiation(n))},
                            {"parties", parties}});
  }
  body["negotiations"] = negotiations;
  json airlifts = json::array(), rationings = json::array();
  for (std::uint32_t a = 0; a < s_.airlifts.size(); ++a)
    airlifts.push_back({{"id", s_.airlifts[a].id}, {"active", live_.airlift_active(a)}});
  for (std::uint32_t a = 0; a < s_.rationings.size(); ++a)
    rationings.push_back({{"id", s_.rationings[a].id}, {"active", live_.rationing_active(a)}});
  body["airlifts"] = airlifts;
  body["rationings"] = rationings;
  if (!with_nodes) return body;
  json nodes = json::array();
  for (std::uint32_t n = 0; n < s_.nodes.size(); ++n) {
    json stock = json::array(), cover = json::array();
    for (int c = 0; c < commodity_count; ++c) {
      auto sv = live_.stock(n, static_cast<commodity>(c));
      stock.push_back(sv.stock);
      cover.push_back(sv.demand_per_d > 0 ? json(sv.cover_s) : json(nullptr));
    }
    nodes.push_back({{"id", s_.nodes[n].id}, {"stock", stock}, {"cover_s", cover}});
  }
  body["nodes"] = nodes;
  return body;
}

void simulation::cmd_state(const sim_request& r) {
  auto it = r.body.find("nodes");
  if (it != r.body.end() && !it->is_boolean())
    return fail(r, {"bad_type", "`nodes` must be true or false"});
  ok(r, state_json(it != r.body.end() && it->get<bool>()));
}

}  // namespace cerco::serve
