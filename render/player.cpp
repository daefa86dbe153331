#include "render/player.hpp"

#include <algorithm>
#include <chrono>

namespace cerco::render {

namespace {
constexpr std::size_t snapshots_cap = 96;
constexpr int events_per_clock_check = 32;
}  // namespace

bool player::init(const scenario& s, std::string* error) {
  scenario_ = std::make_unique<scenario>(s);
  live_ = std::make_unique<world>();
  if (!live_->init(*scenario_)) {
    *error = std::string(live_->error());
    return false;
  }
  time_s d = scenario_->duration_s;
  snapshot_interval_s_ = std::max<time_s>(6 * hour_s, d / (snapshots_cap - 2));
  snapshots_max_ = static_cast<std::size_t>(d / snapshot_interval_s_ + 2);
  snapshots_.clear();
  snapshots_.reserve(snapshots_max_);
  history_.reset(*scenario_);
  ticker_.clear();
  attach();
  target_s_ = shown_s_ = 0;
  ended_ = false;
  snapshots_.push_back({-1, std::make_unique<world>()});
  if (!snapshots_.back().state->init(*scenario_)) {
    *error = std::string(snapshots_.back().state->error());
    return false;
  }
  snapshots_.back().state->copy_from(*live_);
  snapshots_.back().state->clear_observers();
  return true;
}

void player::attach() {
  live_->clear_observers();
  live_->add_observer(ticker_.as_observer());
  for (const observer& o : extra_) live_->add_observer(o);
}

std::string player::error() const {
  world_status st = live_->status();
  if (st == world_status::ok || st == world_status::finished) return {};
  return std::string(live_->error());
}

void player::take_snapshots_before(time_s next_event_s) {
  for (;;) {
    time_s boundary = static_cast<time_s>(snapshots_.size() - 1) * snapshot_interval_s_;
    if (snapshots_.size() >= snapshots_max_ || boundary >= next_event_s) return;
    if (boundary > target_s_) return;
    auto copy = std::make_unique<world>();
    if (!copy->init(*scenario_)) return;  // out of memory for views: seek re-runs further
    copy->copy_from(*live_);
    copy->clear_observers();
    snapshots_.push_back({boundary, std::move(copy)});
  }
}

bool player::advance(double budget_ms) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double, std::milli>(budget_ms);
  for (int n = 0;; ++n) {
    time_s next = live_->next_event_s();
    time_s valid_to = std::min(next, target_s_);
    while (!history_.full() && history_.next_sample_s() <= valid_to) history_.sample(*live_);
    take_snapshots_before(next);
    if (next > target_s_ || next > live_->end_s()) break;
    if (n % events_per_clock_check == 0 && n > 0 && clock::now() >= deadline) {
      shown_s_ = std::max(shown_s_, std::min(live_->now_s(), target_s_));
      return false;
    }
    if (!live_->step()) break;
  }
  shown_s_ = target_s_;
  if (shown_s_ >= live_->end_s() && !ended_) {
    live_->run_until(live_->end_s());  // whatever the headless run does at its end
    ended_ = true;
  }
  return true;
}

void player::step_one() {
  if (!caught_up()) return;
  time_s next = live_->next_event_s();
  if (next > live_->end_s()) {
    seek(live_->end_s());
    return;
  }
  target_s_ = std::max(next, shown_s_);
  advance(1e9);  // catch up to the event's time (samples and snapshots on the way)
  if (live_->next_event_s() == target_s_) live_->step();
}

void player::restore(std::size_t index) {
  live_->copy_from(*snapshots_[index].state);
  attach();
  time_s t = snapshots_[index].boundary_s;
  ticker_.truncate(t);
  history_.truncate(t);
  // Sample times above t are due again; the history restarts its count there.
  shown_s_ = std::max<time_s>(0, t);
  ended_ = false;
}

void player::seek(time_s target_s) {
  target_s = std::clamp<time_s>(target_s, 0, live_->end_s());
  if (target_s < shown_s_) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < snapshots_.size(); ++i)
      if (snapshots_[i].boundary_s <= target_s) k = i;
    restore(k);
  }
  target_s_ = target_s;
}

void player::restart() {
  restore(0);
  target_s_ = 0;
}

}  // namespace cerco::render
