#pragma once
/// The simulation side of the server: owns the world, its snapshots, the pacing and the
/// registry of subscriptions, and runs on its own thread's io_context. Every member is
/// touched only from that thread; results leave through the two callbacks.
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "cerco/world.hpp"
#include "sim/serve/link.hpp"
#include "sim/serve/server.hpp"

namespace cerco::serve {

class simulation {
 public:
  using reply_fn = std::function<void(sim_reply)>;
  using deliver_fn = std::function<void(std::unique_ptr<push_batch>)>;
  /// An emptied batch to fill next, or null (then a new one is made).
  using spare_fn = std::function<std::unique_ptr<push_batch>()>;

  simulation(boost::asio::io_context& ctx, const scenario& s, std::string label,
             const serve_options& o, reply_fn reply, deliver_fn deliver, spare_fn spare = {});
  ~simulation();

  /// Before the thread starts: builds the world, opens the audit file.
  bool init(std::string* error);
  /// On the simulation thread from here on.
  void start();
  void handle(sim_request r);
  void client_gone(std::uint64_t client);
  /// Stops pacing, flushes the audit file; calls `done` when nothing is left to run.
  void shutdown(std::function<void()> done);

  const sample_layout& layout() const { return layout_; }

  struct thread_usage {
    double sys_s = 0;       ///< time in the kernel
    long voluntary = 0;     ///< context switches: waits
    long involuntary = 0;   ///< context switches: preemptions
    long minor_faults = 0;  ///< pages the kernel had to map or zero for it
  };

 private:
  struct goal {
    std::uint64_t client = 0;
    json id;
    bool has_id = false;
    std::string cmd;
    time_s until_s = 0;
    std::int64_t steps_left = -1;  ///< step: events still to process; -1 for run_until
    std::int64_t steps_done = 0;
  };
  struct group {
    std::uint32_t refs = 0;
    time_s next_due_s = 0;
  };
  struct sub_entry {
    std::uint32_t id = 0;
    route rt;
  };
  struct client_entry {
    std::uint32_t next_sub = 1;
    std::vector<sub_entry> subs;
  };
  struct snapshot_entry {
    std::uint32_t id = 0;
    time_s at_s = 0;
    std::unique_ptr<world> w;
  };

  using handler = void (simulation::*)(const sim_request&);
  static const std::map<std::string, handler, std::less<>>& handlers();

  // commands (simulation_commands.cpp)
  void cmd_hello(const sim_request& r);
  void cmd_state(const sim_request& r);
  void cmd_step(const sim_request& r);
  void cmd_run_until(const sim_request& r);
  void cmd_pause(const sim_request& r);
  void cmd_resume(const sim_request& r);
  void cmd_speed(const sim_request& r);
  void cmd_subscribe(const sim_request& r);
  void cmd_unsubscribe(const sim_request& r);
  void cmd_act(const sim_request& r);
  void cmd_snapshot(const sim_request& r);
  void cmd_snapshots(const sim_request& r);
  void cmd_fork(const sim_request& r);
  void cmd_reset(const sim_request& r);
  void cmd_bye(const sim_request& r);

  // replies
  void ok(const sim_request& r, json body, std::optional<route> add = {},
          std::optional<std::uint32_t> remove = {}, bool close_after = false);
  void fail(const sim_request& r, const error_info& e);
  void notice(json body);
  void audit(const sim_request& r);

  // running (simulation.cpp)
  void schedule();
  void slice();
  bool advance(time_s target_s, std::chrono::steady_clock::time_point deadline);
  void emit_samples(time_s at_s);
  void compute_values(time_s at_s, std::vector<std::int64_t>& out) const;
  void compute_tail(std::vector<std::int64_t>& out) const;
  void recompute_due();
  time_s paced_target() const;
  void reanchor();
  void finish_goal(bool interrupted);
  void check_finished();
  void flush();
  void flush_between_slices();
  void attach_observer();
  void release(const route& rt);
  bool ended() const;
  /// "finished" at the end of a healthy run, else the world's status.
  std::string status_name() const;
  void after_jump(const char* what, json extra);
  static void on_record(void* self, const world& w, const record& r);
  json state_json(bool with_nodes) const;

  boost::asio::io_context& ctx_;
  boost::asio::steady_timer timer_;
  const scenario& s_;
  std::string label_;
  const serve_options& o_;
  reply_fn reply_;
  deliver_fn deliver_;
  spare_fn spare_;

  world live_;
  sample_layout layout_;
  sample_stocks stocks_;                 ///< what a sample sums, city by city
  std::vector<segment_change> changes_;  ///< room for a take of every sampled stock
  std::vector<snapshot_entry> snapshots_;
  std::uint32_t next_snapshot_ = 1;

  bool paused_ = true;
  double speed_ = 0;  ///< simulated seconds per wall second; 0: as fast as possible
  std::chrono::steady_clock::time_point anchor_wall_;
  time_s anchor_sim_ = 0;
  bool slice_pending_ = false;
  bool timer_armed_ = false;
  bool stopped_ = false;
  bool finished_told_ = false;
  std::optional<goal> goal_;
  std::chrono::steady_clock::time_point run_wall_start_;
  std::uint64_t run_events_start_ = 0;
  double run_cpu_start_s_ = 0;  ///< the simulation thread's CPU time at the anchor
  thread_usage run_usage_start_;
  std::uint64_t run_samples_ = 0;  ///< samples made since the anchor

  std::map<time_s, group> groups_;  ///< measure subscriptions by interval
  time_s next_due_s_ = time_s_max;
  std::array<std::uint32_t, record_kind_count> kind_refs_{};
  std::uint32_t trigger_refs_ = 0;
  std::map<std::uint64_t, client_entry> clients_;

  std::unique_ptr<push_batch> batch_;
  std::chrono::steady_clock::time_point last_flush_;  ///< when a batch last went out
  std::ofstream audit_;
};

}  // namespace cerco::serve
