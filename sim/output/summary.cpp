#include "sim/output/summary.hpp"

#include <algorithm>

#include "sim/output/cities.hpp"
#include "sim/output/driver.hpp"

namespace cerco {
namespace {

/// A limit on the timeline kept in memory; later entries are dropped (the event log
/// keeps every record).
constexpr std::size_t timeline_max = 4096;

bool on_timeline(record_kind k) {
  switch (k) {
    case record_kind::blockade_started:
    case record_kind::blockade_paused:
    case record_kind::blockade_lifted:
    case record_kind::blockade_escalated:
    case record_kind::airlift_started:
    case record_kind::airlift_stopped:
    case record_kind::convoy_departed:
    case record_kind::convoy_broke_through:
    case record_kind::convoy_stopped:
    case record_kind::convoy_arrived:
    case record_kind::rationing_started:
    case record_kind::rationing_ended:
    case record_kind::trigger_fired:
    case record_kind::negotiation_started:
    case record_kind::negotiation_succeeded:
    case record_kind::negotiation_failed:
    case record_kind::agreement_reneged:
    case record_kind::concession:
      return true;
    default:
      return false;
  }
}

std::size_t slot(std::uint32_t city, commodity what) {
  return static_cast<std::size_t>(city) * commodity_count + static_cast<std::size_t>(what);
}

}  // namespace

summary_observer::summary_observer(const world& w, time_s cover_sample_s)
    : track_cover_(cover_sample_s > 0) {
  const scenario& s = w.spec();
  districts_ = districts_by_city(s);
  node_city_.assign(s.nodes.size(), -1);
  demanded_.assign(s.cities.size() * commodity_count, false);
  s_.scenario_name = s.name;
  s_.seed = s.seed;
  for (std::uint32_t city = 0; city < s.cities.size(); ++city) {
    for (std::uint32_t node : districts_[city]) node_city_[node] = static_cast<std::int32_t>(city);
    for (int c = 0; c < commodity_count; ++c) {
      city_outcome o;
      o.city = city;
      o.what = static_cast<commodity>(c);
      o.worst_cover_s = time_s_max;
      s_.cities.push_back(o);
      demanded_[slot(city, o.what)] = city_demands(s, districts_[city], o.what);
    }
  }
}

observer summary_observer::as_observer() {
  return observer{this, &summary_observer::on_record};
}

void summary_observer::note_cover(const world& w, std::uint32_t city, commodity what, time_s at_s,
                                  std::int64_t less) {
  if (!demanded_[slot(city, what)]) return;
  city_stock cs = city_stock_at(w, districts_[city], what, at_s);
  cs.stock = std::max<std::int64_t>(cs.stock - less, 0);
  time_s& worst = s_.cities[slot(city, what)].worst_cover_s;
  worst = std::min(worst, cs.cover_s());
}

void summary_observer::sample(const world& w) {
  if (!track_cover_) return;
  for (std::uint32_t city = 0; city < districts_.size(); ++city) {
    for (int c = 0; c < commodity_count; ++c) {
      note_cover(w, city, static_cast<commodity>(c), w.now_s(), 0);
    }
  }
}

void summary_observer::on_record(void* self_ptr, const world& w, const record& r) {
  auto* self = static_cast<summary_observer*>(self_ptr);
  run_summary& s = self->s_;
  bool district = r.subject < self->node_city_.size() && self->node_city_[r.subject] >= 0;
  auto city = district ? static_cast<std::uint32_t>(self->node_city_[r.subject]) : no_index;
  if (r.kind == record_kind::stock_out && district) {
    time_s& first = s.cities[slot(city, r.what)].first_stockout_s;
    if (first < 0) first = r.at_s;
  }
  if (r.kind == record_kind::delivery && district && self->track_cover_) {
    // The cover just before a delivery is a local minimum of the city's cover.
    self->note_cover(w, city, r.what, r.at_s, r.amount);
  }
  if (r.kind == record_kind::negotiation_started && s.talks_started_s < 0)
    s.talks_started_s = r.at_s;
  if (r.kind == record_kind::blockade_lifted) s.blockade_lifted_s = r.at_s;
  if (r.kind == record_kind::convoy_arrived) s.convoy_outcome = 1;
  if (r.kind == record_kind::convoy_stopped && s.convoy_outcome < 1) s.convoy_outcome = 0;
  if (on_timeline(r.kind) && s.timeline.size() < timeline_max) {
    s.timeline.push_back(timeline_entry{r.at_s, r});
  }
}

run_summary summary_observer::finish(const world& w) {
  sample(w);
  run_summary out = s_;
  out.end_s = w.now_s();
  for (city_outcome& o : out.cities) {
    for (std::uint32_t node : districts_[o.city]) {
      stock_view v = w.stock(node, o.what);
      o.short_s += v.short_s;
      o.unmet += v.unmet;
      o.demand += v.consumed + v.unmet;
    }
    if (!demanded_[slot(o.city, o.what)]) o.worst_cover_s = time_s_max;
  }
  // "Lifted" only when no blockade is still in force (or paused, and could resume).
  for (std::uint32_t b = 0; b < w.spec().blockades.size(); ++b) {
    blockade_state st = w.blockade(b).state;
    if (st == blockade_state::active || st == blockade_state::paused) out.blockade_lifted_s = -1;
  }
  out.casualties = w.casualties();
  out.events = w.events_processed();
  out.run_hash = w.run_hash();
  out.ledgers.clear();
  for (int c = 0; c < commodity_count; ++c)
    out.ledgers.push_back(w.accounts(static_cast<commodity>(c)));
  return out;
}

run_summary run_with_summary(world& w, time_s until_s, time_s sample_s) {
  summary_observer summary(w, sample_s);
  w.add_observer(summary.as_observer());
  if (sample_s > 0) {
    drive(w, until_s, sample_s, [&](const world& now) { summary.sample(now); });
  } else {
    drive(w, until_s, 0, nullptr);
  }
  run_summary out = summary.finish(w);
  w.clear_observers();
  return out;
}

}  // namespace cerco
