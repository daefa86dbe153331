#pragma once
/// Batched drawing: shapes go into one triangle array and text into one textured array
/// per character size, so a frame costs a handful of draw calls however many discs,
/// vehicles and labels it holds (each draw call costs ~0.1 ms in a software GL such as
/// llvmpipe under Xvfb). Storage is reused from frame to frame.
#include <SFML/Graphics.hpp>
#include <array>
#include <string_view>

namespace cerco::render {

class draw_list {
 public:
  void clear();
  void triangle(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color col);
  void quad(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Vector2f d, sf::Color col);
  void rect(sf::FloatRect r, sf::Color col);
  /// A regular polygon approximating a disc; `sides` 0 picks by radius.
  void disc(sf::Vector2f centre, float radius, sf::Color col, int sides = 0, float turn = 0);
  /// A thick line segment.
  void segment(sf::Vector2f p, sf::Vector2f q, float width, sf::Color col);
  /// UTF-8 text with its top-left at `at`; returns the advance width in pixels.
  float text(const sf::Font& font, std::string_view utf8, sf::Vector2f at, unsigned size,
             sf::Color col);
  /// Draws the shapes, then the text over them.
  void draw(sf::RenderTarget& t, const sf::Font& font);

 private:
  sf::VertexArray shapes_{sf::Triangles};
  struct text_batch {
    unsigned size = 0;
    sf::VertexArray quads{sf::Triangles};
  };
  static constexpr int sizes_max = 8;
  std::array<text_batch, sizes_max> text_{};
  text_batch& batch_for(unsigned size);
};

}  // namespace cerco::render
