#pragma once
/// Drives a world for viewing: advances it event by event up to a target time within a
/// wall-clock budget per call (so a frame never waits long on the model), samples the
/// cover history, keeps snapshots at regular simulated intervals, and seeks backwards by
/// restoring the nearest earlier snapshot and re-running (the model is deterministic).
/// It only reads the world between steps, so a watched run has the headless run's hash.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cerco/world.hpp"
#include "render/history.hpp"
#include "render/ticker.hpp"

namespace cerco::render {

class player {
 public:
  /// Keeps a copy of the scenario (the worlds point into it). False with a message when
  /// the world cannot be built.
  bool init(const scenario& s, std::string* error);
  player() = default;
  player(const player&) = delete;
  player& operator=(const player&) = delete;

  /// Sets the time to reach (clamped to [0, end]). Earlier than what is shown: restores
  /// the latest snapshot at or before it, then re-runs forward in advance().
  void seek(time_s target_s);
  /// Processes events towards the target for at most budget_ms of wall time. Returns
  /// true when the target is reached.
  bool advance(double budget_ms);
  /// Processes exactly one event (if any is left) and moves the target to it.
  void step_one();
  /// Back to time 0 (the first snapshot).
  void restart();

  bool caught_up() const { return shown_s_ >= target_s_; }
  bool finished() const { return shown_s_ >= live_->end_s(); }
  time_s target_s() const { return target_s_; }
  /// The instant the world is valid for and is drawn at.
  time_s shown_s() const { return shown_s_; }
  time_s end_s() const { return live_->end_s(); }
  const world& live() const { return *live_; }
  const scenario& spec() const { return *scenario_; }
  const cover_history& history() const { return history_; }
  const render::ticker& news() const { return ticker_; }
  /// An error the world reported (queue full, ...), or empty.
  std::string error() const;
  /// Observers to attach besides the ticker (before init); re-attached after restores.
  void add_observer(const observer& o) { extra_.push_back(o); }
  std::size_t snapshot_count() const { return snapshots_.size(); }

 private:
  void attach();
  void take_snapshots_before(time_s next_event_s);
  void restore(std::size_t index);

  std::unique_ptr<scenario> scenario_;
  std::unique_ptr<world> live_;
  struct snapshot {
    time_s boundary_s;  ///< every event at or before this was processed
    std::unique_ptr<world> state;
  };
  std::vector<snapshot> snapshots_;
  time_s snapshot_interval_s_ = 6 * hour_s;
  std::size_t snapshots_max_ = 0;
  time_s target_s_ = 0, shown_s_ = 0;
  cover_history history_;
  render::ticker ticker_;
  std::vector<observer> extra_;
  bool ended_ = false;  ///< run_until(end) was called
};

}  // namespace cerco::render
