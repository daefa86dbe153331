#include <fmt/format.h>

#include "sim/output/cities.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/summary_format.hpp"
#include "sim/output/text_table.hpp"

namespace cerco {
namespace {

std::string day_and_date(const date_clock& clock, time_s t) {
  return fmt::format("day {} ({})", date_clock::day_number(t), clock.date_time(t));
}

/// Pairs a city actually demands; the others would only print empty rows.
std::vector<const city_outcome*> demanded(const scenario& s, const run_summary& r) {
  auto districts = districts_by_city(s);
  std::vector<const city_outcome*> out;
  for (const city_outcome& o : r.cities) {
    if (o.city < districts.size() && city_demands(s, districts[o.city], o.what)) out.push_back(&o);
  }
  return out;
}

std::string supply_table(const scenario& s, const run_summary& r, const date_clock& clock) {
  text_table t({false, false, false, true, true, true, true});
  t.add({"city", "commodity", "first stock-out", "hours short", "worst cover", "unmet demand",
         "of demand"});
  for (const city_outcome* o : demanded(s, r)) {
    const char* unit = commodity_units[static_cast<int>(o->what)];
    bool out = o->first_stockout_s >= 0;
    double share = o->demand > 0 ? 100.0 * static_cast<double>(o->unmet) / o->demand : 0.0;
    t.add({city_name(s, o->city), commodity_names[static_cast<int>(o->what)],
           out ? fmt::format("day {:<2}  {}", date_clock::day_number(o->first_stockout_s),
                             clock.date_time(o->first_stockout_s))
               : "never",
           group_digits(o->short_s / hour_s) + " h",
           fmt::format("{:.2f} d", static_cast<double>(o->worst_cover_s) / day_s),
           group_digits(o->unmet) + " " + unit, fmt::format("{:.1f}%", share)});
  }
  return t.render();
}

std::string timeline_table(const scenario& s, const run_summary& r, const date_clock& clock) {
  if (r.timeline.empty())
    return "  (nothing happened to blockades, air bridges, convoys or talks)\n";
  text_table t({true, false, false, false});
  t.add({"day", "date", "what", "detail"});
  for (const timeline_entry& e : r.timeline) {
    record_words words = describe_record(s, e.r);
    t.add({std::to_string(date_clock::day_number(e.at_s)), clock.date_time(e.at_s), words.what,
           words.detail});
  }
  return t.render();
}

std::string outcome_table(const run_summary& r, const run_info& info, const date_clock& clock) {
  text_table t({false, false});
  t.add({"talks",
         r.talks_started_s >= 0 ? "started " + day_and_date(clock, r.talks_started_s) : "none"});
  t.add({"blockades", r.blockade_lifted_s >= 0
                          ? "all lifted by " + day_and_date(clock, r.blockade_lifted_s)
                          : "not all lifted by the end"});
  t.add({"convoy", r.convoy_outcome == 1 ? "arrived" : r.convoy_outcome == 0 ? "stopped" : "none"});
  t.add({"casualties", group_digits(r.casualties)});
  bool balanced = true;
  for (const ledger& l : r.ledgers) balanced = balanced && l.balanced();
  t.add({"accounts", balanced ? "balanced" : "NOT BALANCED"});
  t.add({"events", group_digits(static_cast<std::int64_t>(r.events))});
  if (info.wall_ms >= 0) t.add({"wall time", fmt::format("{:.1f} ms", info.wall_ms)});
  t.add({"run hash", hex64(r.run_hash)});
  return t.render();
}

}  // namespace

std::string format_summary_text(const scenario& s, const run_summary& r, const run_info& info) {
  date_clock clock(s.start_date);
  std::string out = s.name + "\n";
  out +=
      fmt::format("  {}, seed {}, {} to {} (day {})", info.source, r.seed, clock.date_time(0),
                  clock.date_time(r.end_s), date_clock::day_number(r.end_s > 0 ? r.end_s - 1 : 0));
  for (const std::string& o : info.overrides) out += ", --set " + o;
  out += "\n\nSupply by city and commodity\n" + supply_table(s, r, clock);
  out += "\nTimeline\n" + timeline_table(s, r, clock);
  out += "\nOutcome\n" + outcome_table(r, info, clock);
  return out;
}

}  // namespace cerco
