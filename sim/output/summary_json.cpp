#include <fmt/format.h>

#include "sim/output/cities.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/event_log.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/summary_format.hpp"

namespace cerco {
namespace {

using json = nlohmann::json;

/// A time as seconds plus day number and date, or null for "never" (-1).
json when(const date_clock& clock, time_s t) {
  if (t < 0) return nullptr;
  return json{{"t", t}, {"day", date_clock::day_number(t)}, {"date", clock.date_time(t)}};
}

json city_rows(const scenario& s, const run_summary& r, const date_clock& clock) {
  auto districts = districts_by_city(s);
  json rows = json::array();
  for (const city_outcome& o : r.cities) {
    if (o.city >= districts.size() || !city_demands(s, districts[o.city], o.what)) continue;
    rows.push_back({{"city", city_name(s, o.city)},
                    {"commodity", commodity_names[static_cast<int>(o.what)]},
                    {"unit", commodity_units[static_cast<int>(o.what)]},
                    {"first_stockout", when(clock, o.first_stockout_s)},
                    {"short_s", o.short_s},
                    {"worst_cover_s", o.worst_cover_s},
                    {"unmet", o.unmet},
                    {"demand", o.demand}});
  }
  return rows;
}

json timeline(const scenario& s, const run_summary& r) {
  event_log names(s);
  json out = json::array();
  for (const timeline_entry& e : r.timeline) {
    json item = json::parse(names.event_line(e.r));
    record_words words = describe_record(s, e.r);
    item["text"] = words.what + (words.detail.empty() ? "" : ": " + words.detail);
    out.push_back(std::move(item));
  }
  return out;
}

json ledgers(const run_summary& r) {
  json out = json::array();
  for (std::size_t c = 0; c < r.ledgers.size() && c < commodity_count; ++c) {
    const ledger& l = r.ledgers[c];
    out.push_back({{"commodity", commodity_names[c]},
                   {"initial", l.initial},
                   {"produced", l.produced},
                   {"imported", l.imported},
                   {"consumed", l.consumed},
                   {"stocked", l.stocked},
                   {"in_transit", l.in_transit},
                   {"spoiled", l.spoiled},
                   {"lost", l.lost},
                   {"balanced", l.balanced()}});
  }
  return out;
}

}  // namespace

json summary_json(const scenario& s, const run_summary& r, const run_info& info) {
  date_clock clock(s.start_date);
  json j;
  j["scenario"] = {{"name", s.name},
                   {"source", info.source},
                   {"start_date", s.start_date},
                   {"seed", r.seed},
                   {"overrides", info.overrides}};
  j["until_s"] = info.until_s;
  j["end"] = when(clock, r.end_s);
  j["cities"] = city_rows(s, r, clock);
  j["timeline"] = timeline(s, r);
  j["talks_started"] = when(clock, r.talks_started_s);
  j["blockades_lifted"] = when(clock, r.blockade_lifted_s);
  j["convoy"] = r.convoy_outcome == 1 ? "arrived" : r.convoy_outcome == 0 ? "stopped" : "none";
  j["casualties"] = r.casualties;
  j["events"] = r.events;
  j["accounts"] = ledgers(r);
  j["run_hash"] = hex64(r.run_hash);
  if (info.wall_ms >= 0) j["wall_ms"] = info.wall_ms;
  return j;
}

}  // namespace cerco
