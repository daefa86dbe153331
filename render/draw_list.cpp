#include "render/draw_list.hpp"

#include <algorithm>
#include <cmath>

namespace cerco::render {

void draw_list::clear() {
  shapes_.clear();
  for (text_batch& b : text_) b.quads.clear();
}

void draw_list::triangle(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color col) {
  shapes_.append({a, col}), shapes_.append({b, col}), shapes_.append({c, col});
}

void draw_list::quad(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Vector2f d,
                     sf::Color col) {
  triangle(a, b, c, col), triangle(a, c, d, col);
}

void draw_list::rect(sf::FloatRect r, sf::Color col) {
  quad({r.left, r.top}, {r.left + r.width, r.top}, {r.left + r.width, r.top + r.height},
       {r.left, r.top + r.height}, col);
}

void draw_list::disc(sf::Vector2f c, float radius, sf::Color col, int sides, float turn) {
  if (sides <= 0) sides = std::clamp(static_cast<int>(radius * 1.5f), 12, 48);
  const float step = 6.2831853f / static_cast<float>(sides);
  sf::Vector2f prev(c.x + radius * std::cos(turn), c.y + radius * std::sin(turn));
  for (int i = 1; i <= sides; ++i) {
    float a = turn + step * static_cast<float>(i);
    sf::Vector2f p(c.x + radius * std::cos(a), c.y + radius * std::sin(a));
    triangle(c, prev, p, col);
    prev = p;
  }
}

void draw_list::segment(sf::Vector2f p, sf::Vector2f q, float width, sf::Color col) {
  sf::Vector2f d = q - p;
  float len = std::sqrt(d.x * d.x + d.y * d.y);
  if (len < 1e-3f) return;
  sf::Vector2f n(-d.y / len * width / 2, d.x / len * width / 2);
  quad(p + n, q + n, q - n, p - n, col);
}

draw_list::text_batch& draw_list::batch_for(unsigned size) {
  for (text_batch& b : text_)
    if (b.size == size) return b;
  for (text_batch& b : text_)
    if (b.size == 0) {
      b.size = size;
      return b;
    }
  return text_[sizes_max - 1];  // more sizes than slots: share the last (a bug to fix)
}

float draw_list::text(const sf::Font& font, std::string_view utf8, sf::Vector2f at, unsigned size,
                      sf::Color col) {
  text_batch& b = batch_for(size);
  sf::String s = sf::String::fromUtf8(utf8.begin(), utf8.end());
  float x = std::round(at.x), baseline = std::round(at.y + static_cast<float>(size));
  sf::Uint32 prev = 0;
  for (sf::Uint32 cp : s) {
    x += font.getKerning(prev, cp, size);
    prev = cp;
    const sf::Glyph& g = font.getGlyph(cp, size, false);
    sf::FloatRect r = g.bounds;
    sf::FloatRect tr(g.textureRect);
    float l = x + r.left, t = baseline + r.top;
    auto v = [&](float px, float py, float u, float w) {
      b.quads.append(sf::Vertex({px, py}, col, {u, w}));
    };
    v(l, t, tr.left, tr.top), v(l + r.width, t, tr.left + tr.width, tr.top);
    v(l + r.width, t + r.height, tr.left + tr.width, tr.top + tr.height);
    v(l, t, tr.left, tr.top), v(l + r.width, t + r.height, tr.left + tr.width, tr.top + tr.height);
    v(l, t + r.height, tr.left, tr.top + tr.height);
    x += g.advance;
  }
  return x - std::round(at.x);
}

void draw_list::draw(sf::RenderTarget& t, const sf::Font& font) {
  if (shapes_.getVertexCount() > 0) t.draw(shapes_);
  for (text_batch& b : text_) {
    if (b.quads.getVertexCount() == 0) continue;
    sf::RenderStates states;
    states.texture = &font.getTexture(b.size);
    t.draw(b.quads, states);
  }
}

}  // namespace cerco::render
