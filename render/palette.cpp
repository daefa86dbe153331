#include "render/palette.hpp"

#include <algorithm>

namespace cerco::render {

namespace {
sf::Color mix(sf::Color a, sf::Color b, double t) {
  auto m = [t](sf::Uint8 x, sf::Uint8 y) {
    return static_cast<sf::Uint8>(x + (static_cast<double>(y) - x) * t + 0.5);
  };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), 255};
}
}  // namespace

sf::Color cover_colour(time_s cover_s) {
  if (cover_s >= time_s_max) return no_demand_colour;
  double f = std::clamp(static_cast<double>(cover_s) / cover_full_s, 0.0, 1.0);
  if (f >= 0.5) return mix(cover_half_colour, cover_full_colour, (f - 0.5) * 2);
  return mix(cover_empty_colour, cover_half_colour, f * 2);
}

sf::Color commodity_colour(commodity c) {
  switch (c) {
    case commodity::gasoline:
      return {255, 140, 30};
    case commodity::diesel:
      return {190, 120, 255};
    case commodity::lpg:
      return {70, 150, 255};
    case commodity::food:
      return {150, 220, 80};
    case commodity::perishables:
      return {255, 110, 190};
  }
  return text_colour;
}

sf::Color node_colour(node_kind k) {
  switch (k) {
    case node_kind::district:
      return no_demand_colour;
    case node_kind::plant:
      return {200, 200, 210};
    case node_kind::depot:
      return {170, 170, 185};
    case node_kind::airport:
      return aircraft_colour;
    case node_kind::market:
      return {210, 180, 140};
    case node_kind::border:
      return {230, 230, 230};
    case node_kind::region:
      return {140, 140, 150};
  }
  return text_colour;
}

}  // namespace cerco::render
