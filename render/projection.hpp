#pragma once
/// Placing the scenario on screen: a local equirectangular projection around the
/// centroid of the scenario's nodes (kilometres east and south of it), fitted to a
/// rectangle of the window, then zoomed and panned by the viewer.
#include <SFML/Graphics/Rect.hpp>
#include <SFML/System/Vector2.hpp>
#include <vector>

#include "cerco/scenario.hpp"

namespace cerco::render {

/// Kilometres from the scenario's centroid: x east, y south (screen orientation).
struct geo_projection {
  double lat0 = 0, lon0 = 0;
  double cos_lat0 = 1;
  sf::Vector2<double> km(double lat, double lon) const;
};

/// Builds the projection around the centroid of every node's position.
geo_projection make_projection(const scenario& s);

/// True for the nodes the map is fitted to: districts, plants, depots, airports and
/// markets. Regions and border crossings can lie hundreds of kilometres away; fitting
/// them would shrink the cities to a few pixels, so they are shown at the map's edge.
bool is_core_node(const node_spec& n);

/// Bounds (km) of the core nodes (every node when fewer than two are core); at least
/// 1 km wide and high.
sf::Rect<double> scenario_bounds_km(const scenario& s, const geo_projection& p);

/// From km to screen pixels: fit the bounds into `area`, then zoom about and pan by the
/// viewer's choice. Marker sizes stay in pixels; only positions scale with zoom.
class map_transform {
 public:
  void fit(const sf::Rect<double>& bounds_km, const sf::FloatRect& area);
  /// A new area (the window was resized): refits the scale, keeps zoom and pan.
  void resize(const sf::FloatRect& area);
  sf::Vector2f to_screen(sf::Vector2<double> km) const;
  sf::Vector2<double> to_km(sf::Vector2f screen) const;
  /// Multiplies the zoom by `factor` keeping the point under `anchor` (pixels) fixed.
  void zoom_at(sf::Vector2f anchor, double factor);
  /// Moves the view by a screen-pixel offset (drag).
  void pan_pixels(sf::Vector2f delta);
  void reset_view();
  void set_centre(sf::Vector2<double> km) { center_km_ = km; }
  double zoom() const { return zoom_; }
  const sf::FloatRect& area() const { return area_; }

 private:
  sf::FloatRect area_;
  sf::Rect<double> bounds_km_{0, 0, 1, 1};
  sf::Vector2<double> center_km_{0, 0};  ///< km shown at the area's centre
  sf::Vector2<double> fit_center_km_{0, 0};
  double px_per_km_ = 1;  ///< at zoom 1
  double zoom_ = 1;
};

}  // namespace cerco::render
