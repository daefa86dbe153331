#pragma once
/// The pending-event set, ordered by (time, sequence number): events at equal times run
/// in the order they were scheduled, and the order never depends on pointers or hashes.
///
/// Two tiers. The near future, the `wheel_size` time units from the last popped time,
/// is a timing wheel with one bucket per time unit; each bucket is a FIFO list, and
/// because a bucket holds only one time and sequence numbers only grow, appending keeps
/// it in (time, sequence) order. A two-level occupancy bitmap finds the next non-empty
/// bucket in a few word scans. Everything else (further ahead, or before the last popped
/// time) waits in an indexed binary min-heap. pop takes the earlier of the wheel's first
/// event and the heap's root, so ties between the tiers are settled by sequence number
/// and nothing needs to migrate between them. push, pop, cancel and reschedule are O(1)
/// in the wheel and O(log n) in the heap. The wheel keeps its earliest bucket, so that
/// finding the next event scans the bitmap only when that bucket empties.
///
/// Why (measured with tools/bench/queue_bench, hold model: pop the earliest, push it
/// again at + Exp(1000); CPU ns per hold, median of 5 runs of 4e6 holds; shared 2-core
/// AMD EPYC, another build running; wheel of 2^14):
///
///     pending   this queue   binary heap (the previous engine)   std::priority_queue
///       100        26.1              30.1                              35.2
///      1000        26.2              45.5                              59.3
///     10000        39.0              78.7                             100.2
///    100000        41.3              91.4                             148.6
///
/// The binary heap was itself chosen over 4-ary and 8-ary heaps, a textbook indexed heap,
/// pairing heaps (which allocate) and calendar queues (which need tuning to the time
/// distribution); the wheel needs no tuning because time is an integer: a bucket is one
/// time unit, so it is never sorted. Handles name slots; a slot's node records which
/// tier holds it, so cancel and reschedule need no tombstones.
///
/// Memory: all storage is allocated once by init() (48 bytes per slot, 24 per heap
/// entry, 4 per wheel bucket); push/pop/cancel/reschedule never allocate.
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
  /// Time units the wheel covers ahead of the last popped time: 2^14 (4.5 hours at one
  /// second per unit, 16 ms at one microsecond). 2^16 ran no faster on La Paz or PHOLD
  /// and made every snapshot of a world 192 KiB larger.
  static constexpr std::uint32_t wheel_bits = 14;
  static constexpr std::uint32_t wheel_size = 1u << wheel_bits;

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
  bool pop(event& out) { return pop_due(INT64_MAX, out); }
  /// Removes the earliest event into `out` if it is due at or before `limit_s`. Returns
  /// false, leaving the queue as it was, when it is empty or its earliest event is later:
  /// one look at the two tiers instead of next_time_s() and then pop().
  bool pop_due(time_s limit_s, event& out);
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
  /// One scheduled event, by slot. `where` is its heap position, in_wheel or unused.
  struct node {
    time_s at_s;
    std::uint64_t seq;
    event_payload payload;
    std::uint32_t next;  ///< wheel: the bucket's circular list (the head's prev is its tail)
    std::uint32_t prev;
    std::uint32_t where;
    std::uint32_t generation;
  };
  struct entry {
    time_s at_s;
    std::uint64_t seq;
    std::uint32_t slot;
  };

  void place(time_s at_s, std::uint32_t slot);
  void release(std::uint32_t slot);
  void detach(std::uint32_t slot);
  bool in_window(time_s at_s) const;
  void wheel_append(std::uint32_t slot);
  void wheel_unlink(std::uint32_t slot);
  std::uint32_t next_bucket(std::uint32_t from) const;
  void heap_push(std::uint32_t slot);
  void heap_remove_at(std::uint32_t pos);
  void sift_up(std::uint32_t pos);
  void sift_down(std::uint32_t pos);

  std::unique_ptr<node[]> nodes_;                    ///< by slot
  std::unique_ptr<entry[]> heap_;                    ///< capacity + 2 (sentinels past the end)
  std::unique_ptr<std::uint32_t[]> bucket_head_;     ///< by bucket: first slot, or none
  std::unique_ptr<std::uint64_t[]> occupied_;        ///< one bit per bucket
  std::unique_ptr<std::uint64_t[]> occupied_words_;  ///< one bit per word of occupied_
  std::unique_ptr<std::uint32_t[]> free_slots_;
  std::uint32_t free_count_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t heap_size_ = 0;
  std::uint32_t wheel_count_ = 0;
  std::uint32_t first_bucket_ = 0;  ///< the earliest occupied bucket, while wheel_count_ > 0
  std::uint32_t capacity_ = 0;
  time_s base_s_ = 0;  ///< the window's start: the last popped time; no wheel event is earlier
  std::uint64_t next_seq_ = 0;
};

}  // namespace cerco
