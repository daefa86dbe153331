#pragma once
/// Draws a frame: the map (roads, districts coloured by cover, other nodes, blockade
/// markers, vehicles), the per-city cover charts, the legend, the clock and status, the
/// ticker and the timeline. Reads only a frame_state, the history and the ticker.
/// Vehicles go into one vertex array: one draw call however many there are.
#include <SFML/Graphics.hpp>
#include <array>
#include <string>
#include <vector>

#include "render/draw_list.hpp"
#include "render/history.hpp"
#include "render/projection.hpp"
#include "render/snapshot.hpp"
#include "render/ticker.hpp"

namespace cerco::render {

/// The font every label uses (fonts-dejavu-core).
inline constexpr const char* default_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// A name without its parenthesised part, for map labels: "El Alto D8 (Senkata)" ->
/// "El Alto D8". The details box shows the whole name.
std::string short_name(const std::string& name);

/// Loads a font; false with a message naming the file and the package when missing.
bool load_font(sf::Font* font, const std::string& path, std::string* error);

/// The viewer's state the frame shows besides the world.
struct hud_state {
  bool paused = false;
  bool window = true;        ///< false: offscreen frames (no controls shown)
  bool behind = false;       ///< the model has not reached the wall clock's time
  time_s speed_s_per_s = 0;  ///< simulated seconds per second of wall time
  time_s target_s = 0;       ///< where a seek is heading
  std::uint32_t selected_node = no_index;
  per_commodity<stock_view> selected{};  ///< every commodity of the selected node
  std::string message;                   ///< a transient line (screenshot saved, ...)
};

class scene {
 public:
  /// Precomputes the projection and each road's polyline; loads the font.
  bool init(const scenario& s, const std::string& font_path, std::string* error);
  /// Lays out the map, the panel and the timeline for a target of this size (pixels).
  /// The first call fits the map; later calls keep the viewer's zoom and pan.
  void layout(sf::Vector2u size);
  void draw(sf::RenderTarget& t, const frame_state& f, const hud_state& hud,
            const cover_history* history, const ticker* news);

  map_transform& map() { return map_; }
  /// Centres the map on a point (degrees) and sets the zoom (1: the fitted view).
  void set_view(double lat, double lon, double zoom);
  /// Where things are drawn, in pixels (for hit tests and pixel checks).
  sf::Vector2f node_px(std::uint32_t node) const;
  sf::Vector2f vehicle_px(const vehicle_view& v) const;
  sf::Vector2f blockade_px(std::uint32_t blockade) const;
  float district_radius_px(std::uint32_t node) const;
  /// The node under a pixel (within its glyph, or 10 px), or no_index.
  std::uint32_t node_at(sf::Vector2f px) const;
  bool on_timeline(sf::Vector2f px) const;
  time_s timeline_time(sf::Vector2f px, time_s end_s) const;
  bool on_map(sf::Vector2f px) const { return map_.area().contains(px); }

 private:
  void draw_roads(draw_list& d, const frame_state& f);
  void draw_nodes(draw_list& d, const frame_state& f, const hud_state& hud);
  /// A node beyond the map's edge: an arrow at the edge, towards it, with its name.
  void draw_off_map(draw_list& d, std::uint32_t n, sf::Vector2f p);
  void draw_blockades(draw_list& d, const frame_state& f);
  void draw_vehicles(draw_list& d, const frame_state& f);
  void draw_top_bar(draw_list& d, const frame_state& f, const hud_state& hud);
  /// In the panel, below the city charts, from `top` (48 px high).
  void draw_legend(draw_list& d, const frame_state& f, float top);
  /// Returns the y just below the last city's block.
  float draw_cities(draw_list& d, const frame_state& f, const cover_history* h);
  void draw_city_chart(draw_list& d, const cover_history& h, std::uint32_t city, commodity c,
                       sf::FloatRect box);
  void draw_ticker(draw_list& d, const ticker& news, commodity shown, sf::FloatRect box);
  void draw_details(draw_list& d, const hud_state& hud);
  void draw_timeline(draw_list& d, const frame_state& f, const hud_state& hud, const ticker* news);
  float label(draw_list& d, std::string_view s, sf::Vector2f at, unsigned size, sf::Color c) {
    return d.text(font_, s, at, size, c);
  }
  /// A map label that is drawn only where it overlaps no label of higher priority
  /// (lower number): crowded districts keep the names of the largest.
  void map_label(std::string text, sf::Vector2f at, unsigned size, sf::Color c, double priority);
  void place_map_labels(draw_list& d);
  float text_width(std::string_view s, unsigned size) const;
  sf::Vector2f along_road(std::uint32_t road, bool reversed, double progress) const;
  std::string clock_text(time_s at_s) const;

  const scenario* scenario_ = nullptr;
  geo_projection projection_;
  map_transform map_;
  bool fitted_ = false;
  sf::Vector2u size_{0, 0};
  sf::FloatRect panel_, timeline_, top_;
  std::vector<sf::Vector2<double>> node_km_;
  std::vector<std::vector<sf::Vector2<double>>> road_km_;  ///< from, waypoints, to
  std::vector<std::vector<double>> road_cum_km_;           ///< cumulative length per point
  sf::Font font_;
  draw_list map_layer_, ui_layer_;  ///< the map, then the panels over it
  struct pending_label {
    std::string text;
    sf::Vector2f at;
    unsigned size;
    sf::Color colour;
    double priority;
  };
  std::vector<pending_label> labels_;
  std::vector<sf::FloatRect> placed_;
  void count_at_nodes(const frame_state& f);
  std::vector<std::uint32_t> waiting_;      ///< per node: trucks queued or loading at its bays
  std::vector<std::uint32_t> stopped_;      ///< per node: vehicles stopped there by a blockade
  std::vector<std::uint8_t> node_blocked_;  ///< per node: an active blockade on it
  int start_days_ = 0;                      ///< days since 1970-01-01 of scenario.start_date
  bool has_start_date_ = false;
};

}  // namespace cerco::render
