#pragma once
/// `cerco watch`: the interactive window, and `cerco render`: numbered PNG frames drawn
/// offscreen. Both need an X display (SFML aborts without one); the command line checks
/// DISPLAY before calling these.
#include <string>
#include <vector>

#include "cerco/scenario.hpp"
#include "render/scene.hpp"
#include "render/script.hpp"

namespace cerco::render {

/// The map's initial view: zoom about the fitted view's centre, or about a point.
struct view_options {
  double zoom = 1;
  bool has_centre = false;
  double lat = 0, lon = 0;
  /// Applies the view to a laid-out scene.
  void apply(scene& sc) const;
};

struct watch_options {
  view_options view;
  unsigned width = 1280, height = 720;
  time_s speed_s_per_s = 3 * hour_s;  ///< simulated seconds per wall second
  bool start_paused = false;
  commodity selected = commodity::gasoline;
  std::string font_path = default_font_path;
  std::vector<script_command> script;
  double budget_ms = 4;  ///< wall time per frame the model may use
};

/// Opens the window and runs until Esc, the window is closed or the script quits.
/// Returns the exit code (0; 1 when a screenshot could not be written or the world
/// reported an error; 2 when the font is missing).
int run_watch(const scenario& s, const watch_options& o);

struct render_options {
  view_options view;
  std::string frames_dir;
  time_s every_s = hour_s;
  time_s from_s = 0, until_s = -1;  ///< -1: the scenario's end
  unsigned width = 1280, height = 720;
  commodity selected = commodity::gasoline;
  std::string video_path;  ///< empty: no video
  std::string font_path = default_font_path;
  bool quiet = false;
};

/// Writes frame_000000.png, ... into frames_dir; assembles a video with ffmpeg when asked
/// and ffmpeg is on PATH (says so when it is not, and still returns 0 with the frames).
int run_render(const scenario& s, const render_options& o);

/// Looks for an executable on PATH; empty when absent.
std::string find_on_path(const std::string& name);

/// The screenshot name for a simulated time: "cerco-day03-1400.png".
std::string screenshot_name(time_s at_s);

}  // namespace cerco::render
