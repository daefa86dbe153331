#pragma once
/// SVG charts of city-wide cover over time, one per city and commodity and one per city
/// with a panel per commodity, with the blockades, air bridges, convoys, rationing and
/// talks drawn as labelled lanes on the same time axis (no legend to look up).
#include <cstdint>
#include <string>
#include <vector>

#include "cerco/world.hpp"
#include "sim/output/summary.hpp"

namespace cerco {

/// Collects city-wide cover (days) at every sample time, per demanded (city, commodity).
class cover_recorder {
 public:
  struct series {
    std::uint32_t city = no_index;
    commodity what = commodity::gasoline;
    std::vector<time_s> t;
    std::vector<double> cover_d;
  };
  explicit cover_recorder(const scenario& s);
  void sample(const world& w);
  const std::vector<series>& all() const { return series_; }

 private:
  std::vector<std::vector<std::uint32_t>> districts_;
  std::vector<series> series_;
};

/// One row of marks under the chart: spans (from..to) or points (from == to).
struct chart_mark {
  time_s from_s = 0, to_s = 0;
  std::string label;  ///< written beside the mark ("agreed", "arrives")
};
struct chart_lane {
  std::string name;    ///< written at the row's left ("blockade senkata_gate")
  std::string color;   ///< SVG colour of the name and its marks
  bool shade = false;  ///< also shade the plot behind the spans (blockades)
  std::vector<chart_mark> marks;
};

/// Lanes from the summary's timeline; spans still open at the end run to end_s.
std::vector<chart_lane> lanes_from_timeline(const scenario& s, const run_summary& r);

/// A complete SVG document: one panel per series given (sharing one time axis), the
/// lanes under them. `title` heads the chart.
std::string render_cover_chart(const scenario& s, const std::string& title,
                               const std::vector<const cover_recorder::series*>& panels,
                               const std::vector<chart_lane>& lanes, time_s end_s);

}  // namespace cerco
