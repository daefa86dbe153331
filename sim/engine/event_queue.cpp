#include "cerco/event_queue.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>

/// How the heap is made fast (measured with tools/bench/phold_cerco, queue_bench and a
/// profiler; each step kept only if it helped):
/// - pop leaves a hole at the root that the next push fills, so an event that schedules
///   another costs one sift-down instead of a sift-down and a sift-up (see pop).
/// - The earliest child is chosen without branches, by a tournament on 128-bit keys held
///   in registers: which child is earliest is a coin toss, so branches mispredicted,
///   and each level of a sift is a chain of dependent steps that reloads would lengthen.
/// - The heap array has `arity` entries more than the capacity, and every position at or
///   past the last entry holds a sentinel that sorts after every event, so all of a
///   node's children can always be read without a bounds case.
/// - Grandchildren are prefetched one level ahead, and the next root's payload at pop.
/// Tried and dropped: a branch-free sift-down with a fixed number of levels (slower: the
/// comparison with the moving entry then sits on every level's critical path).
namespace cerco {
namespace {

/// Binary: at cerco's sizes it beat 4-ary and 8-ary with this same algorithm (see the
/// header and tools/bench/queue_bench.cpp).
constexpr std::uint32_t arity = 2;
constexpr std::uint32_t nowhere = UINT32_MAX;

std::uint32_t parent_of(std::uint32_t pos) {
  return (pos - 1) / arity;
}
std::uint32_t first_child_of(std::uint32_t pos) {
  return pos * arity + 1;
}

template <typename Entry>
constexpr Entry sentinel() {
  return Entry{INT64_MAX, UINT64_MAX, nowhere};
}

__extension__ using u128 = unsigned __int128;

/// A position's sort key in one register pair: time (sign bit flipped, so that unsigned
/// order is signed order) high, sequence low. One 128-bit comparison is a cmp and an
/// sbb, two dependent instructions, where (time, seq) compared field by field is four
/// or five.
template <typename Entry>
[[gnu::always_inline]] inline u128 key_of(const Entry& e) {
  const auto t = static_cast<std::uint64_t>(e.at_s) ^ (std::uint64_t{1} << 63);
  return (static_cast<u128>(t) << 64) | e.seq;
}

/// The order of the header's before(), on keys.
template <typename Entry>
[[gnu::always_inline]] inline bool earlier(const Entry& a, const Entry& b) {
  return key_of(a) < key_of(b);
}

/// Which of the n entries at h is earliest (offset 0..n-1), and its key. A tournament
/// on values: the winners' keys move by conditional moves, so nothing is reloaded from
/// memory between the rounds (each level of a sift is a chain of dependent steps).
template <std::uint32_t n, typename Entry>
[[gnu::always_inline]] inline std::uint32_t earliest_of(const Entry* h, u128& winner) {
  if constexpr (n == 1) {
    winner = key_of(h[0]);
    return 0;
  } else {
    u128 left, right;
    const std::uint32_t a = earliest_of<n / 2>(h, left);
    const std::uint32_t b = n / 2 + earliest_of<n / 2>(h + n / 2, right);
    const bool take_right = right < left;
    winner = take_right ? right : left;
    return take_right ? b : a;
  }
}

/// Position of the earliest child of the children starting at `first`.
template <typename Entry>
[[gnu::always_inline]] inline std::uint32_t earliest_child(const Entry* heap, std::uint32_t first,
                                                           u128& winner) {
  return first + earliest_of<arity>(heap + first, winner);
}

/// The children of the `arity` siblings at `first` are one run of arity^2 entries;
/// fetching it while this level is compared overlaps the next level's misses with this
/// one's work. Addresses past the array are only prefetched, never read.
template <typename Entry>
[[gnu::always_inline]] inline void prefetch_grandchildren(const Entry* heap, std::uint32_t first) {
  const auto base = reinterpret_cast<std::uintptr_t>(heap + 0) +
                    std::uintptr_t{first_child_of(first)} * sizeof(Entry);
  for (std::size_t offset = 0; offset < arity * arity * sizeof(Entry); offset += 64) {
    __builtin_prefetch(reinterpret_cast<const void*>(base + offset));
  }
}

/// Whether pop left a hole at the root (see event_queue::pop).
template <typename Entry>
bool has_hole(const Entry* heap, std::uint32_t size) {
  return size > 0 && heap[0].slot == nowhere;
}

}  // namespace

void event_queue::init(std::uint32_t capacity) {
  capacity_ = capacity;
  heap_ = std::make_unique<entry[]>(std::size_t{capacity} + arity);
  payloads_ = std::make_unique<event_payload[]>(capacity);
  position_ = std::make_unique<std::uint32_t[]>(capacity);
  generation_ = std::make_unique<std::uint32_t[]>(capacity);
  free_slots_ = std::make_unique<std::uint32_t[]>(capacity);
  std::fill_n(heap_.get(), std::size_t{capacity} + arity, sentinel<entry>());
  // The free list is a stack; slot 0 is on top so that slots are handed out in order.
  for (std::uint32_t i = 0; i < capacity; ++i) {
    position_[i] = nowhere;
    free_slots_[i] = capacity - 1 - i;
  }
  free_count_ = capacity;
  size_ = 0;
  next_seq_ = 0;
}

void event_queue::copy_from(const event_queue& other) {
  if (this == &other) return;
  // Snapshots copy between queues of one capacity; a mismatch is a caller bug, and in
  // builds without asserts the queue is resized (allocating) rather than overrun.
  assert(other.capacity_ == capacity_);
  if (other.capacity_ != capacity_) init(other.capacity_);
  // Every table is copied whole (sentinels and a deferred hole included) so that the
  // copy is in the same state and handles stay valid in it.
  std::copy_n(other.heap_.get(), std::size_t{capacity_} + arity, heap_.get());
  std::copy_n(other.payloads_.get(), capacity_, payloads_.get());
  std::copy_n(other.position_.get(), capacity_, position_.get());
  std::copy_n(other.generation_.get(), capacity_, generation_.get());
  std::copy_n(other.free_slots_.get(), other.free_count_, free_slots_.get());
  free_count_ = other.free_count_;
  size_ = other.size_;
  next_seq_ = other.next_seq_;
}

event_handle event_queue::push(time_s at_s, event_payload payload) {
  if (size_ == capacity_) return event_handle{};
  const std::uint32_t slot = free_slots_[--free_count_];
  payloads_[slot] = payload;
  const entry e{at_s, next_seq_++, slot};
  if (has_hole(heap_.get(), size_)) {
    // Fill the root hole that pop left and sift down: one pass instead of two.
    ++size_;
    heap_[0] = e;
    sift_down(0);
  } else {
    const std::uint32_t pos = size_++;
    heap_[pos] = e;
    sift_up(pos);
  }
  return event_handle{slot, generation_[slot]};
}

/// pop defers the repair of the heap: it leaves a hole at the root (a sentinel entry;
/// the size_ events then sit at positions 1..size_). A push that follows, the usual
/// pattern of an event that schedules another, drops its entry into the hole and sifts
/// it down once, instead of pop moving the last entry down and push moving the new one
/// up. Every other operation first settles the hole as an ordinary removal.
bool event_queue::pop(event& out) {
  if (size_ == 0) return false;
  if (has_hole(heap_.get(), size_)) {
    ++size_;  // count the hole as a position, then remove it like any vacated entry
    remove_at(0);
  }
  entry& top = heap_[0];
  out.at_s = top.at_s;
  out.seq = top.seq;
  out.payload = payloads_[top.slot];
  position_[top.slot] = nowhere;
  ++generation_[top.slot];
  free_slots_[free_count_++] = top.slot;
  top = sentinel<entry>();  // the hole, while events remain
  --size_;
  // Unless a push brings an earlier event, the next pop returns the earliest child of
  // the root: start fetching its payload now, off the caller's critical path.
  u128 unused;
  const entry& next = heap_[earliest_child(heap_.get(), 1, unused)];
  if (next.slot != nowhere) __builtin_prefetch(&payloads_[next.slot]);
  return true;
}

bool event_queue::cancel(event_handle handle) {
  if (!pending(handle)) return false;
  if (has_hole(heap_.get(), size_)) {
    ++size_;
    remove_at(0);
  }
  const std::uint32_t pos = position_[handle.slot];
  position_[handle.slot] = nowhere;
  ++generation_[handle.slot];
  free_slots_[free_count_++] = handle.slot;
  remove_at(pos);
  return true;
}

bool event_queue::reschedule(event_handle handle, time_s at_s) {
  if (!pending(handle)) return false;
  if (has_hole(heap_.get(), size_)) {
    ++size_;
    remove_at(0);
  }
  const std::uint32_t pos = position_[handle.slot];
  heap_[pos].at_s = at_s;
  heap_[pos].seq = next_seq_++;
  if (pos > 0 && earlier(heap_[pos], heap_[parent_of(pos)])) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
  return true;
}

bool event_queue::pending(event_handle handle) const {
  return handle.slot < capacity_ && generation_[handle.slot] == handle.generation &&
         position_[handle.slot] != nowhere;
}

time_s event_queue::next_time_s() const {
  if (size_ == 0) return time_s_max;
  if (!has_hole(heap_.get(), size_)) return heap_[0].at_s;
  // With the root a hole the earliest event is one of its children.
  u128 unused;
  return heap_[earliest_child(heap_.get(), 1, unused)].at_s;
}

void event_queue::place(std::uint32_t pos, const entry& e) {
  heap_[pos] = e;
  position_[e.slot] = pos;
}

void event_queue::sift_up(std::uint32_t pos) {
  entry* heap = heap_.get();
  std::uint32_t* position = position_.get();
  const entry e = heap[pos];
  while (pos > 0) {
    const std::uint32_t parent = parent_of(pos);
    if (!earlier(e, heap[parent])) break;
    heap[pos] = heap[parent];
    position[heap[pos].slot] = pos;
    pos = parent;
  }
  place(pos, e);
}

void event_queue::sift_down(std::uint32_t pos) {
  // Locals: a store through position (uint32_t*) could alias size_, and the compiler
  // would reload it on every level.
  entry* heap = heap_.get();
  std::uint32_t* position = position_.get();
  const std::uint32_t n = size_;
  const entry e = heap[pos];
  const u128 e_key = key_of(e);
  for (;;) {
    const std::uint32_t first = first_child_of(pos);
    if (first >= n) break;
    prefetch_grandchildren(heap, first);
    // Positions past the last entry hold sentinels, so all children can be read.
    u128 best_key;
    const std::uint32_t best = earliest_child(heap, first, best_key);
    if (!(best_key < e_key)) break;
    heap[pos] = heap[best];
    position[heap[pos].slot] = pos;
    pos = best;
  }
  heap[pos] = e;
  position[e.slot] = pos;
}

/// Fills the hole at pos with the last entry and restores the order around it; the
/// caller has already released the slot of the entry that was there.
void event_queue::remove_at(std::uint32_t pos) {
  const std::uint32_t n = --size_;
  entry* heap = heap_.get();
  heap[pos] = heap[n];
  heap[n] = sentinel<entry>();
  if (pos == n) return;
  if (pos > 0 && earlier(heap[pos], heap[parent_of(pos)])) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
}

}  // namespace cerco
