#include "render/bench.hpp"

#include <SFML/OpenGL.hpp>
#include <chrono>
#include <cmath>

#include "render/scene.hpp"

namespace cerco::render {

namespace {

/// splitmix64: a small deterministic generator for laying out the synthetic scene.
struct mixer {
  std::uint64_t x;
  std::uint64_t next() {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

/// A 10 x 7 grid of districts in two cities, joined by roads with a waypoint each, two
/// plants and four blockades.
scenario synthetic_scenario() {
  scenario s;
  s.name = "synthetic scene (bench render)";
  s.start_date = "2019-11-12";
  s.duration_s = 7 * day_s;
  s.cities = {{"North"}, {"South"}};
  const int cols = 10, rows = 7;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      node_spec n;
      n.id = "d";
      n.id += std::to_string(r * cols + c);
      n.name = n.id;
      n.kind = node_kind::district;
      n.city = r < rows / 2 ? 0 : 1;
      n.lat = -16.4 - 0.03 * r;
      n.lon = -68.3 + 0.03 * c;
      n.population = 20000 + 15000 * ((r * 7 + c * 3) % 7);
      s.nodes.push_back(n);
    }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      auto add = [&](int to) {
        road_spec road;
        road.from = static_cast<std::uint32_t>(r * cols + c);
        road.to = static_cast<std::uint32_t>(to);
        const node_spec &a = s.nodes[road.from], &b = s.nodes[road.to];
        road.waypoints.push_back({(a.lat + b.lat) / 2 + 0.004, (a.lon + b.lon) / 2 - 0.004});
        road.id = a.id + "-" + b.id;
        s.roads.push_back(road);
      };
      if (c + 1 < cols) add(r * cols + c + 1);
      if (r + 1 < rows) add((r + 1) * cols + c);
    }
  for (std::uint32_t b = 0; b < 4; ++b) {
    blockade_spec spec;
    spec.id = "blockade";
    spec.id += std::to_string(b);
    spec.road = b * 23;
    s.blockades.push_back(spec);
  }
  return s;
}

void fill_frame(const scenario& s, std::uint32_t vehicles, frame_state* f) {
  mixer m{2019};
  f->end_s = s.duration_s;
  f->stocks.resize(s.nodes.size());
  for (std::size_t n = 0; n < s.nodes.size(); ++n) {
    f->stocks[n].cover_s = static_cast<time_s>(m.unit() * 4 * day_s);
    f->stocks[n].stock = f->stocks[n].cover_s;
  }
  f->road_open.assign(s.roads.size(), 1);
  f->blockades.resize(s.blockades.size());
  for (std::size_t b = 0; b < s.blockades.size(); ++b) {
    f->blockades[b] = {blockade_state::active, 1.0, 1000, 0};
    f->road_open[s.blockades[b].road] = 0;
  }
  f->vehicles.resize(vehicles);
  for (vehicle_view& v : f->vehicles) {
    v.kind = m.next() % 50 == 0 ? vehicle_kind::convoy : vehicle_kind::truck;
    v.state = vehicle_state::moving;
    v.carries = static_cast<commodity>(m.next() % commodity_count);
    v.cargo = 1;
    v.road = static_cast<std::uint32_t>(m.next() % s.roads.size());
    bool back = m.next() % 2;
    v.from = back ? s.roads[v.road].to : s.roads[v.road].from;
    v.to = back ? s.roads[v.road].from : s.roads[v.road].to;
    v.progress = m.unit();
  }
}

}  // namespace

bench_result run_render_bench(const bench_options& o) {
  bench_result out;
  scenario s = synthetic_scenario();
  scene sc;
  if (!sc.init(s, o.font_path.empty() ? default_font_path : o.font_path, &out.error)) return out;
  sf::RenderTexture target;
  if (!target.create(o.width, o.height)) {
    out.error = "cannot create the offscreen target";
    return out;
  }
  frame_state f;
  fill_frame(s, o.vehicles, &f);
  hud_state hud;
  hud.window = false;
  using clock = std::chrono::steady_clock;
  auto frame = [&](long i) {
    f.at_s = (i * 600) % s.duration_s;
    for (vehicle_view& v : f.vehicles) v.progress = std::fmod(v.progress + 0.004, 1.0);
    sc.draw(target, f, hud, nullptr, nullptr);
    target.display();
    glFinish();  // count the frame only once the GPU (llvmpipe under Xvfb) has drawn it
  };
  for (long i = 0; i < 20; ++i) frame(i);
  auto start = clock::now();
  double elapsed = 0;
  while (elapsed < o.seconds) {
    frame(out.frames++);
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  out.seconds = elapsed;
  out.fps = static_cast<double>(out.frames) / elapsed;
  out.ms_per_frame = 1000.0 * elapsed / static_cast<double>(out.frames);
  if (!o.save_path.empty() && !target.getTexture().copyToImage().saveToFile(o.save_path))
    out.error = "cannot write " + o.save_path;
  return out;
}

}  // namespace cerco::render
