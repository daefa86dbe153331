#include <optional>

#include "sim/output/chart_svg.hpp"
#include "sim/output/names.hpp"

namespace cerco {
namespace {

/// Lanes of one kind of thing, indexed like the scenario's table; created on first use.
struct lane_group {
  std::string prefix, color;
  bool shade = false;
  std::vector<std::optional<chart_lane>> lanes;
  std::vector<time_s> open_s;  ///< start of the span in progress, or -1

  chart_lane& lane(const scenario& s, id_kind kind, std::uint32_t i) {
    if (i >= lanes.size()) {
      lanes.resize(i + 1);
      open_s.resize(i + 1, -1);
    }
    if (!lanes[i]) {
      std::string name =
          kind == id_kind::negotiation ? "talks" : prefix + " " + entity_name(s, kind, i);
      lanes[i] = chart_lane{name, color, shade, {}};
    }
    return *lanes[i];
  }
  void open(const scenario& s, id_kind kind, std::uint32_t i, time_s t) {
    lane(s, kind, i);
    if (open_s[i] < 0) open_s[i] = t;
  }
  void close(const scenario& s, id_kind kind, std::uint32_t i, time_s t, std::string label) {
    chart_lane& l = lane(s, kind, i);
    time_s from = open_s[i] < 0 ? t : open_s[i];
    open_s[i] = -1;
    l.marks.push_back(chart_mark{from, t, std::move(label)});
  }
  void point(const scenario& s, id_kind kind, std::uint32_t i, time_s t, std::string label) {
    lane(s, kind, i).marks.push_back(chart_mark{t, t, std::move(label)});
  }
  void finish(std::vector<chart_lane>& out, time_s end_s) {
    for (std::size_t i = 0; i < lanes.size(); ++i) {
      if (!lanes[i]) continue;
      if (open_s[i] >= 0) lanes[i]->marks.push_back(chart_mark{open_s[i], end_s, ""});
      out.push_back(std::move(*lanes[i]));
    }
  }
};

/// Points closer than this share one label ("departs, breaks through, arrives x6"), so
/// that a convoy's arrivals within hours do not write labels over each other.
constexpr time_s point_merge_s = 12 * hour_s;

void merge_points(chart_lane& lane) {
  std::vector<chart_mark> out;
  std::string last_label;
  int repeats = 0;
  for (const chart_mark& m : lane.marks) {
    bool point = m.from_s == m.to_s;
    bool joins = point && !out.empty() && out.back().from_s == out.back().to_s &&
                 m.from_s - out.back().from_s <= point_merge_s;
    if (!joins) {
      out.push_back(m);
      last_label = m.label;
      repeats = 1;
      continue;
    }
    std::string& label = out.back().label;
    if (m.label == last_label) {
      ++repeats;
      std::size_t cut = label.rfind(" x");
      if (repeats > 2 && cut != std::string::npos) label.resize(cut);
      label += " x" + std::to_string(repeats);
    } else {
      label += ", " + m.label;
      last_label = m.label;
      repeats = 1;
    }
  }
  lane.marks = std::move(out);
}

}  // namespace

std::vector<chart_lane> lanes_from_timeline(const scenario& s, const run_summary& r) {
  lane_group blockades{"blockade", "#c0392b", true, {}, {}};
  lane_group airlifts{"air bridge", "#2471a3", false, {}, {}};
  lane_group convoys{"convoy", "#1e8449", false, {}, {}};
  lane_group rationing{"rationing", "#b9770e", false, {}, {}};
  lane_group talks{"talks", "#7d3c98", false, {}, {}};
  for (const timeline_entry& e : r.timeline) {
    const record& x = e.r;
    std::uint32_t i = x.subject;
    const time_s t = e.at_s;
    if (i == no_index) continue;
    switch (x.kind) {
      case record_kind::blockade_started:
        blockades.open(s, id_kind::blockade, i, t);
        break;
      case record_kind::blockade_paused:
        blockades.close(s, id_kind::blockade, i, t, "paused");
        break;
      case record_kind::blockade_lifted:
        blockades.close(s, id_kind::blockade, i, t, "lifted");
        break;
      case record_kind::airlift_started:
        airlifts.open(s, id_kind::airlift, i, t);
        break;
      case record_kind::airlift_stopped:
        airlifts.close(s, id_kind::airlift, i, t, "");
        break;
      case record_kind::rationing_started:
        rationing.open(s, id_kind::rationing, i, t);
        break;
      case record_kind::rationing_ended:
        rationing.close(s, id_kind::rationing, i, t, "");
        break;
      case record_kind::convoy_departed:
        convoys.point(s, id_kind::convoy, i, t, "departs");
        break;
      case record_kind::convoy_broke_through:
        convoys.point(s, id_kind::convoy, i, t, "breaks through");
        break;
      case record_kind::convoy_stopped:
        convoys.point(s, id_kind::convoy, i, t, "stopped");
        break;
      case record_kind::convoy_arrived:
        convoys.point(s, id_kind::convoy, i, t, "arrives");
        break;
      // All talks share one lane: they are rarely at the same time.
      case record_kind::negotiation_started:
        talks.open(s, id_kind::negotiation, 0, t);
        break;
      case record_kind::negotiation_succeeded:
        talks.close(s, id_kind::negotiation, 0, t, "agreed");
        break;
      case record_kind::negotiation_failed:
        talks.close(s, id_kind::negotiation, 0, t, "failed");
        break;
      case record_kind::agreement_reneged:
        talks.point(s, id_kind::negotiation, 0, t, "reneged");
        break;
      default:
        break;
    }
  }
  std::vector<chart_lane> out;
  for (lane_group* g : {&blockades, &airlifts, &convoys, &rationing, &talks})
    g->finish(out, r.end_s);
  for (chart_lane& lane : out) merge_points(lane);
  return out;
}

}  // namespace cerco
