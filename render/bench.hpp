#pragma once
/// `cerco bench render`: how fast the renderer draws a synthetic scene with many moving
/// vehicles into an offscreen target (no window, no model in the loop).
#include <cstdint>
#include <string>

namespace cerco::render {

struct bench_options {
  std::uint32_t vehicles = 5000;
  unsigned width = 1280, height = 720;
  double seconds = 3;  ///< wall time measured (after a warm-up)
  std::string font_path;
  std::string save_path;  ///< when set, the last frame is saved here (PNG)
};

struct bench_result {
  long frames = 0;
  double seconds = 0;
  double fps = 0;
  double ms_per_frame = 0;
  std::string error;  ///< non-empty when the bench could not run
};

bench_result run_render_bench(const bench_options& o);

}  // namespace cerco::render
