// watch, render and `bench render`: the SFML renderer's commands. Each checks for an X
// display before touching SFML (which aborts without one).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/commands.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"

#ifdef CERCO_HAVE_RENDER
#include "render/bench.hpp"
#include "render/display.hpp"
#include "render/watch.hpp"
#endif

namespace cerco::cli {

namespace {
#ifdef CERCO_HAVE_RENDER

struct common_flags {
  std::string scenario{default_scenario_name};
  std::vector<std::string> sets;
  std::string size = "1280x720";
  std::string commodity = "gasoline";
  std::string font;
  double zoom = 1;
  std::string centre;
};

void add_common(CLI::App* c, common_flags* f, bool with_scenario) {
  if (with_scenario) {
    c->add_option("scenario", f->scenario, "Scenario file or built-in name")->capture_default_str();
    c->add_option("--set", f->sets, "Override a scenario value: path=value (repeatable)");
    c->add_option("--commodity", f->commodity, "Commodity coloured on the map: name or 1-5")
        ->capture_default_str();
  }
  c->add_option("--size", f->size, "Size in pixels, WIDTHxHEIGHT")->capture_default_str();
  c->add_option("--font", f->font, "TrueType font (default: DejaVu Sans)");
  if (with_scenario) {
    c->add_option("--zoom", f->zoom, "Initial zoom of the map (1: fitted to the cities)")
        ->capture_default_str();
    c->add_option("--center", f->centre, "Centre the map on LAT,LON (degrees)");
  }
}

bool parse_size(const std::string& text, unsigned* w, unsigned* h) {
  unsigned a = 0, b = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c", &a, &x, &b, &extra) != 3 || x != 'x') return false;
  if (a < 64 || b < 64 || a > 8192 || b > 8192) return false;
  *w = a, *h = b;
  return true;
}

bool parse_view(const char* cmd, const common_flags& f, render::view_options* v) {
  if (!(f.zoom >= 0.25 && f.zoom <= 64)) {
    std::cerr << cmd << ": --zoom " << f.zoom << ": expected a factor from 0.25 to 64\n";
    return false;
  }
  v->zoom = f.zoom;
  if (f.centre.empty()) return true;
  double lat = 0, lon = 0;
  char extra = 0;
  if (std::sscanf(f.centre.c_str(), "%lf,%lf%c", &lat, &lon, &extra) != 2 || lat < -90 ||
      lat > 90 || lon < -180 || lon > 180) {
    std::cerr << cmd << ": --center `" << f.centre << "`: expected LAT,LON in degrees\n";
    return false;
  }
  v->has_centre = true, v->lat = lat, v->lon = lon;
  return true;
}

bool parse_time_flag(const char* cmd, const char* flag, const std::string& text, time_s* out) {
  duration_parse d = parse_duration(text);
  if (!d.ok()) {
    std::cerr << cmd << ": " << flag << " `" << text << "`: " << describe(d.error)
              << " (expected a duration such as 1h, 90min or 3d)\n";
    return false;
  }
  *out = d.value_s;
  return true;
}

bool parse_commodity(const char* cmd, const std::string& text, commodity* out) {
  for (int c = 0; c < commodity_count; ++c)
    if (text == commodity_names[c] || text == std::to_string(c + 1)) {
      *out = static_cast<commodity>(c);
      return true;
    }
  std::cerr << cmd << ": --commodity `" << text
            << "`: expected gasoline, diesel, lpg, food, perishables or 1-5\n";
  return false;
}

std::optional<scenario> load(const char* cmd, const common_flags& f) {
  std::vector<override_kv> overrides;
  for (const std::string& s : f.sets) {
    std::string error;
    std::optional<override_kv> kv = parse_override(s, &error);
    if (!kv) {
      std::cerr << cmd << ": --set " << s << ": " << error << "\n";
      return std::nullopt;
    }
    overrides.push_back(*kv);
  }
  load_result r = load_scenario_file(f.scenario, overrides);
  for (const diagnostic& d : r.errors) std::cerr << format(d) << "\n";
  if (!r.ok()) {
    if (r.errors.empty()) std::cerr << cmd << ": cannot load " << f.scenario << "\n";
    return std::nullopt;
  }
  return std::move(r.value);
}

bool have_display(const char* cmd) {
  std::string why;
  if (render::display_available(&why)) return true;
  std::cerr << cmd << ": " << why << ".\n";
  if (std::string(cmd) == "watch")
    std::cerr << "  The window needs an X display. Without one, draw frames offscreen:\n"
                 "  xvfb-run -a cerco render [SCENARIO] --frames DIR\n";
  else
    std::cerr << "  SFML draws offscreen through an X display too; run under a virtual one:\n"
                 "  xvfb-run -a cerco "
              << cmd << " ...\n";
  return false;
}

struct watch_flags {
  common_flags common;
  std::string speed = "3h", script, script_file;
  bool paused = false;
};

int watch_command(const watch_flags& f) {
  render::watch_options o;
  if (!parse_size(f.common.size, &o.width, &o.height)) {
    std::cerr << "watch: --size `" << f.common.size << "`: expected WIDTHxHEIGHT, 64 to 8192\n";
    return 2;
  }
  if (!parse_view("watch", f.common, &o.view)) return 2;
  if (!parse_time_flag("watch", "--speed", f.speed, &o.speed_s_per_s) || o.speed_s_per_s <= 0 ||
      !parse_commodity("watch", f.common.commodity, &o.selected))
    return 2;
  std::string text = f.script;
  if (!f.script_file.empty()) {
    std::ifstream in(f.script_file);
    if (!in) {
      std::cerr << "watch: cannot read the script " << f.script_file << "\n";
      return 2;
    }
    std::ostringstream all;
    all << in.rdbuf();
    text += "\n" + all.str();
  }
  std::string error;
  if (!render::parse_script(text, &o.script, &error)) {
    std::cerr << "watch: " << error << "\n";
    return 2;
  }
  o.start_paused = f.paused;
  if (!f.common.font.empty()) o.font_path = f.common.font;
  if (!have_display("watch")) return 2;
  std::optional<scenario> s = load("watch", f.common);
  return s ? render::run_watch(*s, o) : 2;
}

struct render_flags {
  common_flags common;
  std::string frames, every = "1h", from = "0h", until, video;
};

int render_command(const render_flags& f) {
  render::render_options o;
  o.frames_dir = f.frames;
  o.video_path = f.video;
  if (!parse_size(f.common.size, &o.width, &o.height)) {
    std::cerr << "render: --size `" << f.common.size << "`: expected WIDTHxHEIGHT, 64 to 8192\n";
    return 2;
  }
  if (!parse_view("render", f.common, &o.view)) return 2;
  if (!parse_time_flag("render", "--every", f.every, &o.every_s) ||
      !parse_time_flag("render", "--from", f.from, &o.from_s) ||
      (!f.until.empty() && !parse_time_flag("render", "--until", f.until, &o.until_s)) ||
      !parse_commodity("render", f.common.commodity, &o.selected))
    return 2;
  if (o.every_s <= 0 || (o.until_s >= 0 && o.until_s < o.from_s)) {
    std::cerr << "render: --every must be positive and --until not before --from\n";
    return 2;
  }
  if (!f.common.font.empty()) o.font_path = f.common.font;
  if (!have_display("render")) return 2;
  std::optional<scenario> s = load("render", f.common);
  if (!s) return 2;
  if (o.from_s > s->duration_s) {
    std::cerr << "render: --from is after the scenario's end\n";
    return 2;
  }
  return render::run_render(*s, o);
}

struct bench_flags {
  common_flags common;
  std::uint32_t vehicles = 5000;
  double seconds = 3;
  std::string save;
};

int bench_render_command(const bench_flags& f) {
  render::bench_options o;
  o.vehicles = f.vehicles;
  o.seconds = f.seconds;
  o.save_path = f.save;
  o.font_path = f.common.font;
  if (!parse_size(f.common.size, &o.width, &o.height)) {
    std::cerr << "bench render: --size `" << f.common.size << "`: expected WIDTHxHEIGHT\n";
    return 2;
  }
  if (!have_display("bench render")) return 2;
  render::bench_result r = render::run_render_bench(o);
  if (!r.error.empty()) {
    std::cerr << "bench render: " << r.error << "\n";
    return 1;
  }
  std::printf(
      "bench render: %u vehicles, %ux%u offscreen: %ld frames in %.2f s = %.1f fps "
      "(%.2f ms/frame)\n",
      o.vehicles, o.width, o.height, r.frames, r.seconds, r.fps, r.ms_per_frame);
  return 0;
}

#endif

}  // namespace

void add_watch_commands(CLI::App& app) {
#ifdef CERCO_HAVE_RENDER
  auto wf = std::make_shared<watch_flags>();
  CLI::App* w = app.add_subcommand("watch", "Watch a run in a window (SFML)");
  add_common(w, &wf->common, true);
  w->add_option("--speed", wf->speed, "Simulated time per second of wall time")
      ->capture_default_str();
  w->add_flag("--paused", wf->paused, "Start paused");
  w->add_option("--script", wf->script,
                "Scripted input: \"pause;speed+;seek 3d;screenshot a.png;quit\"");
  w->add_option("--script-file", wf->script_file, "Scripted input from a file, one command a line");
  w->callback([wf] { exit_code() = watch_command(*wf); });

  auto rf = std::make_shared<render_flags>();
  CLI::App* r = app.add_subcommand("render", "Write numbered PNG frames of a run, offscreen");
  add_common(r, &rf->common, true);
  r->add_option("--frames", rf->frames, "Folder for frame_000000.png, ...")->required();
  r->add_option("--every", rf->every, "Simulated time between frames")->capture_default_str();
  r->add_option("--from", rf->from, "First frame's time")->capture_default_str();
  r->add_option("--until", rf->until, "Last frame's time (default: the end)");
  r->add_option("--video", rf->video, "Also assemble a video with ffmpeg (when installed)");
  r->callback([rf] { exit_code() = render_command(*rf); });

  auto bf = std::make_shared<bench_flags>();
  CLI::App* bench = app.get_subcommand("bench");
  CLI::App* b =
      bench->add_subcommand("render", "Frames per second drawing 5,000 moving vehicles offscreen");
  add_common(b, &bf->common, false);
  b->add_option("--vehicles", bf->vehicles, "Vehicles in the scene")->capture_default_str();
  b->add_option("--seconds", bf->seconds, "Wall time to measure")->capture_default_str();
  b->add_option("--save", bf->save, "Save the last frame as PNG");
  b->callback([bf] { exit_code() = bench_render_command(*bf); });
#else
  for (const char* name : {"watch", "render"}) {
    CLI::App* c = app.add_subcommand(name, "Not available: built without the SFML renderer");
    c->allow_extras();
    c->callback([name] {
      std::cerr << name << ": this cerco was built without the renderer (CERCO_BUILD_RENDER=OFF)\n";
      exit_code() = 2;
    });
  }
#endif
}

}  // namespace cerco::cli
