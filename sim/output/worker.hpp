#pragma once
/// A thread that runs jobs one at a time in the order they are posted. A run's output
/// files are formatted and written on it, beside the simulation instead of inside it:
/// on two cores the files then cost little more wall time than the run itself.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cerco {

class output_worker {
 public:
  output_worker();
  /// Runs every job already posted, then stops the thread.
  ~output_worker();
  output_worker(const output_worker&) = delete;
  output_worker& operator=(const output_worker&) = delete;

  void post(std::function<void()> job);
  /// Returns when every job posted so far has run.
  void wait();

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<std::function<void()>> jobs_;
  bool running_job_ = false;
  bool stopping_ = false;
  std::thread thread_;  ///< last: started once the members above exist
};

/// Hands `pending` to `write` on the worker (or calls it at once without one) and
/// leaves `pending` empty with room for `room` items: how the streamed files pass what
/// the simulation's thread gathered to the thread that formats it.
template <typename T, typename Write>
void hand_over(output_worker* worker, std::vector<T>& pending, std::size_t room, Write write) {
  if (pending.empty()) return;
  if (worker == nullptr) {
    write(pending);
    pending.clear();
    return;
  }
  worker->post([write, items = std::move(pending)] { write(items); });
  pending = {};
  pending.reserve(room);
}

}  // namespace cerco
