#pragma once
/// The pending-event set: a fixed-capacity indexed binary min-heap ordered by
/// (time, sequence number), so events at equal times run in the order they were
/// scheduled and the order never depends on pointers or hashes.
///
/// Why a binary heap (the first plan was 4-ary): measured with tools/bench/queue_bench
/// (hold model: pop the earliest, push it again at + Exp(1000); CPU ns per hold, median
/// of 5 runs of 4e6 holds, on a shared 2-core AMD EPYC under load), with the engine's
/// algorithm (deferred root hole, branch-free child choice, sentinels, prefetch) at
/// arities 2, 4 and 8, and a textbook indexed heap at 2 and 4:
///
///     pending   d=2    d=4    d=8   textbook d=2  textbook d=4  std::priority_queue
///       100    36.6   47.3   82.4      52.3          55.4            41.6
///      1000    47.4   61.7  112.4      73.2          74.7            49.9
///     10000    73.3   81.8  136.5     115.6         128.3           102.4
///    100000   121.9  141.0  253.7     210.4         236.7           286.9
///
/// The binary heap wins at every size cerco sees (10^2 to 10^5 pending events); PHOLD at
/// 1000 x 10 agreed (binary about 10% faster than 4-ary). Once the child choice is
/// branch-free, each level costs a chain of dependent loads and compares, and a wider
/// node lengthens that chain more than it saves levels. Calendar queues need tuning to
/// the time distribution and pairing heaps allocate nodes. The heap stores
/// (time, seq, slot) by value; a slot table maps handles to heap positions so that
/// cancel and reschedule are O(log n) without tombstones.
///
/// Memory: all storage is allocated once by init(); push/pop/cancel never allocate.
#include <cstdint>
#include <memory>

#include "cerco/time.hpp"

namespace cerco {

/// What an event carries besides its time: a kind and two integers the model interprets.
struct event_payload {
  std::uint32_t kind = 0;
  std::uint32_t target = 0;
  std::uint64_t data = 0;
};

struct event {
  time_s at_s = 0;
  std::uint64_t seq = 0;
  event_payload payload;
};

/// Names a scheduled event for cancel/reschedule. The generation makes a stale handle
/// (its event already ran or was cancelled) detectable instead of hitting another event.
struct event_handle {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class event_queue {
 public:
  event_queue() = default;
  event_queue(const event_queue&) = delete;
  event_queue& operator=(const event_queue&) = delete;

  /// Allocates room for `capacity` pending events. Call once, at load.
  void init(std::uint32_t capacity);
  /// Copies another queue's contents (same capacity required): for snapshots.
  void copy_from(const event_queue& other);

  /// Schedules an event. Returns an invalid handle when the queue is full: the caller
  /// reports capacity exceeded (never undefined behaviour).
  event_handle push(time_s at_s, event_payload payload);
  /// Removes the earliest event into `out`. Returns false when empty.
  bool pop(event& out);
  /// Cancels a pending event; false when the handle is stale.
  bool cancel(event_handle handle);
  /// Moves a pending event to a new time with a new sequence number (it then runs after
  /// events already scheduled at that time); false when the handle is stale.
  bool reschedule(event_handle handle, time_s at_s);
  bool pending(event_handle handle) const;

  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  std::uint32_t capacity() const { return capacity_; }
  /// Time of the earliest event; time_s_max when empty.
  time_s next_time_s() const;
  std::uint64_t scheduled_count() const { return next_seq_; }

 private:
  struct entry {
    time_s at_s;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  static bool before(const entry& a, const entry& b) {
    return a.at_s < b.at_s || (a.at_s == b.at_s && a.seq < b.seq);
  }
  void sift_up(std::uint32_t pos);
  void sift_down(std::uint32_t pos);
  void place(std::uint32_t pos, const entry& e);
  void remove_at(std::uint32_t pos);

  std::unique_ptr<entry[]> heap_;
  std::unique_ptr<event_payload[]> payloads_;  ///< by slot
  std::unique_ptr<std::uint32_t[]> position_;  ///< slot -> heap position, or UINT32_MAX
  std::unique_ptr<std::uint32_t[]> generation_;
  std::unique_ptr<std::uint32_t[]> free_slots_;
  std::uint32_t free_count_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace cerco
