#pragma once
/// Colours that carry meaning: the cover legend (full -> empty), commodities, vehicles,
/// blockades. Tests read these to check pixels, so they are named, not inlined.
#include <SFML/Graphics/Color.hpp>

#include "cerco/scenario.hpp"
#include "cerco/time.hpp"

namespace cerco::render {

/// Cover at or above this is drawn with the legend's "full" colour.
inline constexpr time_s cover_full_s = 3 * day_s;

inline const sf::Color cover_full_colour{46, 160, 67};   ///< green
inline const sf::Color cover_half_colour{240, 170, 30};  ///< amber
inline const sf::Color cover_empty_colour{205, 35, 35};  ///< red: no stock
inline const sf::Color no_demand_colour{120, 124, 132};  ///< grey: the node uses none

inline const sf::Color background_colour{22, 26, 32};
inline const sf::Color panel_colour{32, 37, 45, 235};
inline const sf::Color text_colour{225, 228, 232};
inline const sf::Color dim_text_colour{150, 156, 165};
inline const sf::Color road_colour{96, 102, 114};
inline const sf::Color road_blocked_colour{230, 45, 45};
inline const sf::Color blockade_colour{255, 205, 0};          ///< marker fill: active
inline const sf::Color blockade_paused_colour{150, 130, 60};  ///< marker fill: paused
inline const sf::Color convoy_colour{245, 245, 245};
inline const sf::Color aircraft_colour{0, 215, 255};

/// Legend colour for a cover (seconds); time_s_max (no demand) is grey.
sf::Color cover_colour(time_s cover_s);
/// Colour of trucks carrying, and of chart lines for, a commodity.
sf::Color commodity_colour(commodity c);
/// Colour of a non-district node's glyph.
sf::Color node_colour(node_kind k);

}  // namespace cerco::render
