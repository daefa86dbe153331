// The simulation thread: pacing, slices, samples and records.
#include "sim/serve/simulation.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cassert>
#include <cstdio>
#include <ctime>

#include <sys/resource.h>

namespace cerco::serve {

using clock_type = std::chrono::steady_clock;

/// A held batch goes out at once when it reaches this many items, whatever push_ms says.
constexpr std::size_t push_items_max = 65536;

/// CPU time of the calling thread, seconds: the simulation's own work, without the time
/// other threads and processes took the core away.
static double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The calling thread's system time and context switches so far: what the benchmark
/// needs to tell its own work from the kernel's and from preemption.
static simulation::thread_usage thread_usage_now() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return {static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) * 1e-6,
          u.ru_nvcsw, u.ru_nivcsw, u.ru_minflt};
}

simulation::simulation(boost::asio::io_context& ctx, const scenario& s, std::string label,
                       const serve_options& o, reply_fn reply, deliver_fn deliver, spare_fn spare)
    : ctx_(ctx),
      timer_(ctx),
      s_(s),
      label_(std::move(label)),
      o_(o),
      reply_(std::move(reply)),
      deliver_(std::move(deliver)),
      spare_(std::move(spare)),
      batch_(std::make_unique<push_batch>()) {}

simulation::~simulation() = default;

bool simulation::init(std::string* error) {
  if (!live_.init(s_)) {
    *error = "the world cannot be built: " + std::string(live_.error());
    return false;
  }
  attach_observer();
  layout_.cities = static_cast<std::uint32_t>(s_.cities.size());
  layout_.blockades = static_cast<std::uint32_t>(s_.blockades.size());
  stocks_ = sample_stocks_of(s_);
  changes_.resize(stocks_.nodes.size() * commodity_count);
  paused_ = !o_.start_running;
  speed_ = o_.speed;
  if (!o_.audit_path.empty()) {
    audit_.open(o_.audit_path, std::ios::out | std::ios::trunc);
    if (!audit_) {
      *error = "cannot write the audit file " + o_.audit_path;
      return false;
    }
  }
  return true;
}

void simulation::attach_observer() {
  live_.clear_observers();
  live_.add_observer(observer{this, &simulation::on_record});
}

void simulation::start() {
  reanchor();
  schedule();
}

void simulation::on_record(void* self, const world&, const record& r) {
  auto* sim = static_cast<simulation*>(self);
  bool wanted = sim->kind_refs_[static_cast<int>(r.kind)] > 0 ||
                (sim->trigger_refs_ > 0 && is_trigger_record(r));
  if (!wanted) return;
  auto& b = *sim->batch_;
  b.items.push_back({push_batch::item_kind::record, static_cast<std::uint32_t>(b.records.size())});
  b.records.push_back(r);
}

void simulation::reanchor() {
  anchor_wall_ = clock_type::now();
  anchor_sim_ = live_.now_s();
  run_wall_start_ = anchor_wall_;
  run_events_start_ = live_.events_processed();
  run_cpu_start_s_ = thread_cpu_s();
  run_usage_start_ = thread_usage_now();
  run_samples_ = 0;
}

time_s simulation::paced_target() const {
  if (speed_ <= 0) return live_.end_s();
  double elapsed = std::chrono::duration<double>(clock_type::now() - anchor_wall_).count();
  double target = static_cast<double>(anchor_sim_) + speed_ * elapsed;
  return static_cast<time_s>(std::min(target, static_cast<double>(live_.end_s())));
}

static bool simulation_at_end(const world& w) {
  return w.now_s() >= w.end_s() || w.status() != world_status::ok;
}

bool simulation::ended() const {
  return simulation_at_end(live_);
}

std::string simulation::status_name() const {
  if (live_.status() == world_status::ok && live_.now_s() >= live_.end_s()) return "finished";
  return std::string(describe(live_.status()));
}

void simulation::schedule() {
  if (stopped_ || slice_pending_ || timer_armed_) return;
  bool running = goal_.has_value() || (!paused_ && !simulation_at_end(live_));
  if (!running) return;
  if (goal_ || speed_ <= 0 || paced_target() > live_.now_s()) {
    slice_pending_ = true;
    boost::asio::post(ctx_, [this] {
      slice_pending_ = false;
      slice();
    });
    return;
  }
  timer_armed_ = true;
  timer_.expires_after(std::chrono::milliseconds(o_.tick_ms));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    timer_armed_ = false;
    if (!ec) slice();
  });
}

void simulation::slice() {
  if (stopped_) return;
  auto deadline = clock_type::now() + std::chrono::microseconds(o_.slice_us);
  time_s target = goal_ ? goal_->until_s : paced_target();
  if (goal_ || !paused_) {
    bool reached = advance(target, deadline);
    if (goal_ && (reached || live_.status() != world_status::ok)) finish_goal(false);
  }
  check_finished();
  schedule();
  flush_between_slices();
}

/// Processes events up to target_s, emitting samples at their due times, until the
/// target is reached (true) or the slice's budget is spent (false).
bool simulation::advance(time_s target_s, clock_type::time_point deadline) {
  target_s = std::min(target_s, live_.end_s());
  for (int n = 0;; ++n) {
    time_s next = live_.next_event_s();
    if (next_due_s_ <= target_s && next > next_due_s_) {
      emit_samples(next_due_s_);
      continue;
    }
    if (next > target_s) {
      if (target_s > live_.now_s()) live_.run_until(target_s);
      return true;
    }
    if (goal_ && goal_->steps_left == 0) return true;
    if (n >= o_.slice_events || ((n & 63) == 63 && clock_type::now() > deadline)) return false;
    if (!live_.step()) return true;
    if (goal_ && goal_->steps_left > 0) --goal_->steps_left, ++goal_->steps_done;
  }
}

/// A whole sample, summed here: what `state` reports.
void simulation::compute_values(time_s at_s, std::vector<std::int64_t>& out) const {
  std::size_t at = out.size();
  out.resize(at + layout_.city_width());
  std::int64_t* v = out.data() + at;
  for (std::size_t city = 0; city + 1 < stocks_.city_first.size(); ++city) {
    std::span<const std::uint32_t> districts(
        stocks_.nodes.data() + stocks_.city_first[city],
        stocks_.city_first[city + 1] - stocks_.city_first[city]);
    for (const stock_amount& a : live_.sum_amounts(districts, at_s))
      *v++ = a.stock, *v++ = a.demand_per_d, *v++ = a.unmet;
  }
  compute_tail(out);
}

/// The values after the cities': per blockade (state, participants), then casualties.
void simulation::compute_tail(std::vector<std::int64_t>& out) const {
  std::size_t at = out.size();
  out.resize(at + layout_.tail_width());
  std::int64_t* v = out.data() + at;
  for (std::uint32_t b = 0; b < layout_.blockades; ++b) {
    auto bv = live_.blockade(b);
    *v++ = static_cast<std::int64_t>(bv.state), *v++ = bv.participants;
  }
  *v++ = live_.casualties();
  assert(v == out.data() + out.size());
}

/// A pushed sample carries the stocks that changed since the previous one (the network
/// thread keeps the rest and sums the cities) and the tail values.
void simulation::emit_samples(time_s at_s) {
  auto& b = *batch_;
  std::size_t n = live_.take_changed_segments(stocks_.nodes, changes_);
  b.changes.insert(b.changes.end(), changes_.begin(),
                   changes_.begin() + static_cast<std::ptrdiff_t>(n));
  auto offset = static_cast<std::uint32_t>(b.values.size());
  compute_tail(b.values);
  ++run_samples_;
  for (auto& [every, g] : groups_) {
    if (g.next_due_s != at_s) continue;
    b.items.push_back(
        {push_batch::item_kind::sample, static_cast<std::uint32_t>(b.samples.size())});
    b.samples.push_back({at_s, every, offset, static_cast<std::uint32_t>(b.changes.size())});
    g.next_due_s += every;
  }
  recompute_due();
}

void simulation::recompute_due() {
  next_due_s_ = time_s_max;
  for (const auto& [every, g] : groups_) next_due_s_ = std::min(next_due_s_, g.next_due_s);
}

void simulation::check_finished() {
  if (finished_told_ || !simulation_at_end(live_)) return;
  finished_told_ = true;
  double wall = std::chrono::duration<double>(clock_type::now() - run_wall_start_).count();
  auto events = live_.events_processed() - run_events_start_;
  double cpu = thread_cpu_s() - run_cpu_start_s_;
  thread_usage u = thread_usage_now();
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(live_.run_hash()));
  notice({{"notice", "finished"},
          {"t", live_.now_s()},
          {"status", status_name()},
          {"events", live_.events_processed()},
          {"run_hash", hash},
          {"run_events", events},
          {"run_wall_s", wall},
          {"events_per_s", wall > 0 ? static_cast<double>(events) / wall : 0.0},
          {"run_cpu_s", cpu},
          {"events_per_cpu_s", cpu > 0 ? static_cast<double>(events) / cpu : 0.0},
          {"run_sys_s", u.sys_s - run_usage_start_.sys_s},
          {"run_switches",
           u.voluntary + u.involuntary - run_usage_start_.voluntary - run_usage_start_.involuntary},
          {"run_preempted", u.involuntary - run_usage_start_.involuntary},
          {"run_page_faults", u.minor_faults - run_usage_start_.minor_faults},
          {"run_samples", run_samples_}});
}

/// Hands the batch over. The next one is a routed batch back from the network thread,
/// with the room it had; failing that, a new one with the room this one needed, so that
/// a busy run grows its vectors once, not a few times per batch.
void simulation::flush() {
  if (batch_->empty()) return;
  last_flush_ = clock_type::now();
  std::unique_ptr<push_batch> next = spare_ ? spare_() : nullptr;
  if (!next) {
    const push_batch& was = *batch_;
    next = std::make_unique<push_batch>();
    next->items.reserve(was.items.size());
    next->records.reserve(was.records.size());
    next->samples.reserve(was.samples.size());
    next->values.reserve(was.values.size());
    next->changes.reserve(was.changes.size());
  }
  assert(next->empty() && next->changes.empty() && next->values.empty());
  deliver_(std::move(batch_));
  batch_ = std::move(next);
}

/// Between two slices that follow each other at once (as fast as possible), the batch is
/// handed over at most every push_ms: each hand-over costs the network thread a write
/// per subscribed client, and at full speed slices come every half millisecond. When the
/// simulation stops or waits (paused, paced, finished), and before every reply, the
/// batch goes at once, so nothing is held back and order with replies is kept.
void simulation::flush_between_slices() {
  bool continuing = slice_pending_ && !timer_armed_;
  if (continuing && batch_->items.size() < push_items_max &&
      clock_type::now() - last_flush_ < std::chrono::milliseconds(o_.push_ms))
    return;
  flush();
}

void simulation::notice(json body) {
  auto& b = *batch_;
  b.items.push_back({push_batch::item_kind::notice, static_cast<std::uint32_t>(b.notices.size())});
  b.notices.push_back(body.dump() + "\n");
}

void simulation::finish_goal(bool interrupted) {
  goal g = std::move(*goal_);
  goal_.reset();
  json body = {{"cmd", g.cmd},
               {"now", live_.now_s()},
               {"events", live_.events_processed()},
               {"status", status_name()}};
  if (g.steps_left >= 0) body["processed"] = g.steps_done;
  if (interrupted) body["interrupted"] = true;
  body["ok"] = true;
  if (g.has_id) body["id"] = g.id;
  flush();
  reply_({g.client, body.dump() + "\n", {}, {}, false});
  reanchor();
}

void simulation::shutdown(std::function<void()> done) {
  stopped_ = true;
  timer_.cancel();
  if (audit_.is_open()) audit_.flush(), audit_.close();
  done();
}

}  // namespace cerco::serve
