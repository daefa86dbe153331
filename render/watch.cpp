#include "render/watch.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "render/player.hpp"

namespace cerco::render {

namespace {

constexpr std::array<time_s, 12> speeds = {minute_s,   5 * minute_s, 15 * minute_s, hour_s,
                                           2 * hour_s, 3 * hour_s,   6 * hour_s,    12 * hour_s,
                                           day_s,      2 * day_s,    4 * day_s,     8 * day_s};

class watch_app {
 public:
  watch_app(const watch_options& o) : o_(o), speed_(o.speed_s_per_s), paused_(o.start_paused) {}
  int run(const scenario& s);

 private:
  void handle(const sf::Event& e);
  void handle_key(sf::Keyboard::Key k);
  void handle_mouse(const sf::Event& e);
  void change_speed(int dir);
  void step_script();
  void tick(double dt_s);
  void draw_frame();
  bool screenshot(const std::string& path);
  void select(std::uint32_t node) { hud_.selected_node = node; }

  const watch_options& o_;
  sf::RenderWindow window_;
  scene scene_;
  player player_;
  frame_state frame_;
  hud_state hud_;
  time_s speed_;
  bool paused_;
  commodity selected_ = commodity::gasoline;
  bool quit_ = false;
  int exit_code_ = 0;
  std::size_t script_pos_ = 0;
  double script_wait_s_ = 0;
  long script_frames_ = 0;
  std::string pending_shot_;
  bool shot_due_ = false;
  bool dragging_timeline_ = false, panning_ = false, pressed_ = false;
  sf::Vector2f press_px_, last_px_;
  double message_s_ = 0;
};

void watch_app::change_speed(int dir) {
  auto it = std::lower_bound(speeds.begin(), speeds.end(), speed_);
  std::ptrdiff_t i = it - speeds.begin();
  i = std::clamp<std::ptrdiff_t>(i + dir, 0, static_cast<std::ptrdiff_t>(speeds.size()) - 1);
  speed_ = speeds[static_cast<std::size_t>(i)];
}

void watch_app::handle_key(sf::Keyboard::Key k) {
  using K = sf::Keyboard;
  if (k == K::Escape) quit_ = true;
  if (k == K::Space) paused_ = !paused_;
  if (k == K::Add || k == K::Equal) change_speed(+1);
  if (k == K::Subtract || k == K::Hyphen) change_speed(-1);
  if (k == K::Right) paused_ = true, player_.step_one();
  if (k >= K::Num1 && k <= K::Num5) selected_ = static_cast<commodity>(k - K::Num1);
  if (k >= K::Numpad1 && k <= K::Numpad5) selected_ = static_cast<commodity>(k - K::Numpad1);
  if (k == K::S) pending_shot_ = screenshot_name(player_.shown_s()), shot_due_ = true;
  if (k == K::R) player_.restart();
  if (k == K::Home) scene_.map().reset_view();
}

void watch_app::handle_mouse(const sf::Event& e) {
  if (e.type == sf::Event::MouseWheelScrolled) {
    sf::Vector2f at(static_cast<float>(e.mouseWheelScroll.x),
                    static_cast<float>(e.mouseWheelScroll.y));
    if (scene_.on_map(at)) scene_.map().zoom_at(at, std::pow(1.2, e.mouseWheelScroll.delta));
    return;
  }
  if (e.type == sf::Event::MouseButtonPressed && e.mouseButton.button == sf::Mouse::Left) {
    sf::Vector2f at(static_cast<float>(e.mouseButton.x), static_cast<float>(e.mouseButton.y));
    press_px_ = last_px_ = at;
    dragging_timeline_ = scene_.on_timeline(at);
    pressed_ = !dragging_timeline_ && scene_.on_map(at);
    if (dragging_timeline_) player_.seek(scene_.timeline_time(at, player_.end_s()));
    return;
  }
  if (e.type == sf::Event::MouseMoved) {
    sf::Vector2f at(static_cast<float>(e.mouseMove.x), static_cast<float>(e.mouseMove.y));
    if (dragging_timeline_) player_.seek(scene_.timeline_time(at, player_.end_s()));
    if (pressed_ && std::hypot(at.x - press_px_.x, at.y - press_px_.y) > 4) panning_ = true;
    if (panning_) scene_.map().pan_pixels(at - last_px_);
    last_px_ = at;
    return;
  }
  if (e.type == sf::Event::MouseButtonReleased && e.mouseButton.button == sf::Mouse::Left) {
    if (pressed_ && !panning_) select(scene_.node_at(press_px_));
    dragging_timeline_ = panning_ = pressed_ = false;
  }
}

void watch_app::handle(const sf::Event& e) {
  switch (e.type) {
    case sf::Event::Closed:
      quit_ = true;
      break;
    case sf::Event::KeyPressed:
      handle_key(e.key.code);
      break;
    case sf::Event::Resized:
      scene_.layout({e.size.width, e.size.height});
      window_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(e.size.width),
                                             static_cast<float>(e.size.height))));
      break;
    default:
      handle_mouse(e);
      break;
  }
}

void watch_app::step_script() {
  if (script_wait_s_ > 0 || script_frames_ > 0 || !player_.caught_up() || shot_due_) return;
  if (script_pos_ >= o_.script.size()) return;
  const script_command& c = o_.script[script_pos_++];
  switch (c.op) {
    case script_op::pause:
      paused_ = true;
      break;
    case script_op::play:
      paused_ = false;
      break;
    case script_op::faster:
      change_speed(+1);
      break;
    case script_op::slower:
      change_speed(-1);
      break;
    case script_op::speed:
      speed_ = std::max<time_s>(1, c.time_s_value);
      break;
    case script_op::step:
      paused_ = true, player_.step_one();
      break;
    case script_op::seek:
      player_.seek(c.time_s_value);
      break;
    case script_op::commodity:
      selected_ = static_cast<commodity>(c.number);
      break;
    case script_op::zoom: {
      const sf::FloatRect& a = scene_.map().area();
      scene_.map().zoom_at({a.left + a.width / 2, a.top + a.height / 2}, c.number);
      break;
    }
    case script_op::wait:
      script_wait_s_ = c.number;
      break;
    case script_op::frames:
      script_frames_ = static_cast<long>(c.number);
      break;
    case script_op::screenshot:
      pending_shot_ = c.text.empty() ? screenshot_name(player_.shown_s()) : c.text;
      shot_due_ = true;
      break;
    case script_op::restart:
      player_.restart();
      break;
    case script_op::quit:
      quit_ = true;
      break;
    case script_op::select: {
      std::uint32_t node = no_index;
      for (std::uint32_t n = 0; n < player_.spec().nodes.size(); ++n)
        if (player_.spec().nodes[n].id == c.text) node = n;
      if (node == no_index) std::cerr << "watch: script: no node `" << c.text << "`\n";
      select(node);
      break;
    }
  }
}

void watch_app::tick(double dt_s) {
  script_wait_s_ = std::max(0.0, script_wait_s_ - dt_s);
  if (script_frames_ > 0) --script_frames_;
  message_s_ = std::max(0.0, message_s_ - dt_s);
  if (message_s_ <= 0) hud_.message.clear();
  if (!paused_ && !player_.finished()) {
    time_s from = player_.caught_up() ? player_.target_s() : player_.shown_s();
    time_s advance = static_cast<time_s>(std::llround(static_cast<double>(speed_) * dt_s));
    player_.seek(std::min(player_.end_s(), from + std::max<time_s>(1, advance)));
  }
  player_.advance(o_.budget_ms);
}

void watch_app::draw_frame() {
  time_s at = player_.shown_s();
  capture(player_.live(), at, selected_, &frame_);
  hud_.paused = paused_;
  hud_.speed_s_per_s = speed_;
  hud_.behind = !player_.caught_up();
  hud_.target_s = player_.target_s();
  if (hud_.selected_node != no_index)
    for (int c = 0; c < commodity_count; ++c)
      hud_.selected[c] = player_.live().stock_at(hud_.selected_node, static_cast<commodity>(c), at);
  scene_.draw(window_, frame_, hud_, &player_.history(), &player_.news());
  if (shot_due_) {
    shot_due_ = false;
    bool ok = screenshot(pending_shot_);
    hud_.message = ok ? "saved " + pending_shot_ : "could not write " + pending_shot_;
    message_s_ = 3;
    if (!ok) exit_code_ = 1;
  }
}

bool watch_app::screenshot(const std::string& path) {
  sf::Vector2u size = window_.getSize();
  sf::Texture tex;
  if (!tex.create(size.x, size.y)) return false;
  tex.update(window_);
  bool ok = tex.copyToImage().saveToFile(path);
  if (ok)
    std::cout << "screenshot " << path << "\n";
  else
    std::cerr << "watch: could not write the screenshot " << path << "\n";
  return ok;
}

int watch_app::run(const scenario& s) {
  std::string error;
  if (!player_.init(s, &error)) {
    std::cerr << "watch: " << error << "\n";
    return 2;
  }
  if (!scene_.init(player_.spec(), o_.font_path, &error)) {
    std::cerr << "watch: " << error << "\n";
    return 2;
  }
  selected_ = o_.selected;
  hud_.window = true;
  window_.create(sf::VideoMode(o_.width, o_.height), "cerco watch: " + s.name);
  window_.setFramerateLimit(60);
  scene_.layout(window_.getSize());
  o_.view.apply(scene_);
  sf::Clock clock;
  while (window_.isOpen() && !quit_) {
    sf::Event e;
    while (window_.pollEvent(e)) handle(e);
    step_script();
    tick(clock.restart().asSeconds());
    draw_frame();
    window_.display();
  }
  window_.close();
  std::string model_error = player_.error();
  if (!model_error.empty()) {
    std::cerr << "watch: the model stopped: " << model_error << "\n";
    return 1;
  }
  return exit_code_;
}

}  // namespace

void view_options::apply(scene& sc) const {
  const sf::FloatRect& a = sc.map().area();
  if (has_centre) {
    sc.set_view(lat, lon, zoom);
    return;
  }
  sc.map().zoom_at({a.left + a.width / 2, a.top + a.height / 2}, zoom);
}

int run_watch(const scenario& s, const watch_options& o) {
  watch_app app(o);
  return app.run(s);
}

std::string screenshot_name(time_s at_s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "cerco-day%02lld-%02lld%02lld.png",
                static_cast<long long>(at_s / day_s + 1),
                static_cast<long long>(at_s % day_s / hour_s),
                static_cast<long long>(at_s % hour_s / minute_s));
  return buf;
}

}  // namespace cerco::render
