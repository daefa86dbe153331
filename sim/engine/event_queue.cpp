#include "cerco/event_queue.hpp"

#include <algorithm>
#include <cassert>

namespace cerco {
namespace {

constexpr std::uint32_t arity = 4;
constexpr std::uint32_t nowhere = UINT32_MAX;

std::uint32_t parent_of(std::uint32_t pos) {
  return (pos - 1) / arity;
}
std::uint32_t first_child_of(std::uint32_t pos) {
  return pos * arity + 1;
}

/// The order of the header's before(), written with bitwise operators so that the
/// compiler emits flag arithmetic instead of branches: which child is earliest is a coin
/// toss, and mispredicted branches dominated the heap's cost.
template <typename Entry>
[[gnu::always_inline]] inline bool earlier(const Entry& a, const Entry& b) {
  return (a.at_s < b.at_s) | ((a.at_s == b.at_s) & (a.seq < b.seq));
}

/// pick ? b : a without a branch.
std::uint32_t select(bool pick, std::uint32_t a, std::uint32_t b) {
  return a ^ ((a ^ b) & (0u - static_cast<std::uint32_t>(pick)));
}

/// Index of the earliest of the children [first, last); last - first is 1 to 4.
template <typename Entry>
[[gnu::always_inline]] inline std::uint32_t earliest_child(const Entry* heap, std::uint32_t first,
                                                           std::uint32_t last) {
  if (last - first == arity) {
    const Entry* h = heap + first;
    const std::uint32_t a = select(earlier(h[1], h[0]), 0, 1);
    const std::uint32_t b = select(earlier(h[3], h[2]), 2, 3);
    return first + select(earlier(h[b], h[a]), a, b);
  }
  std::uint32_t best = first;
  for (std::uint32_t c = first + 1; c < last; ++c)
    best = select(earlier(heap[c], heap[best]), best, c);
  return best;
}

/// The children of the four siblings at first.. are one contiguous run of 16 entries;
/// fetching it while this level is compared overlaps the next level's cache misses with
/// this one's work (the descent is otherwise a chain of dependent loads).
template <typename Entry>
[[gnu::always_inline]] inline void prefetch_grandchildren(const Entry* heap, std::uint32_t first,
                                                          std::uint32_t n) {
  const std::uint32_t grand = first_child_of(first);
  if (grand >= n) return;
  const char* p = reinterpret_cast<const char*>(heap + grand);
  for (std::size_t offset = 0; offset < arity * arity * sizeof(Entry); offset += 64) {
    __builtin_prefetch(p + offset);
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
  heap_ = std::make_unique<entry[]>(capacity);
  payloads_ = std::make_unique<event_payload[]>(capacity);
  position_ = std::make_unique<std::uint32_t[]>(capacity);
  generation_ = std::make_unique<std::uint32_t[]>(capacity);
  free_slots_ = std::make_unique<std::uint32_t[]>(capacity);
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
  // Every table is copied whole so that handles stay valid in the copy; a deferred
  // hole (see pop) is copied as it is.
  const std::uint32_t used = other.size_ + (has_hole(other.heap_.get(), other.size_) ? 1 : 0);
  std::copy_n(other.heap_.get(), used, heap_.get());
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

/// pop defers the repair of the heap: it leaves a hole at the root (marked by the
/// nowhere slot; the size_ entries then sit at positions 1..size_). A push that follows,
/// the usual pattern of an event that schedules another, drops its entry into the hole
/// and sifts it down once, instead of pop moving the last entry down and push moving the
/// new one up. Every other operation first settles the hole as an ordinary removal.
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
  top.slot = nowhere;  // the hole, when entries remain
  --size_;
  return true;
}

bool event_queue::cancel(event_handle handle) {
  if (!pending(handle)) return false;
  if (has_hole(heap_.get(), size_)) {
    ++size_;  // count the hole as a position, then remove it like any vacated entry
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
    ++size_;  // count the hole as a position, then remove it like any vacated entry
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
  // With the root a hole the earliest entry is one of its children (positions 1..4).
  return heap_[earliest_child(heap_.get(), 1, std::min(1 + arity, size_ + 1))].at_s;
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
  entry* heap = heap_.get();
  std::uint32_t* position = position_.get();
  const entry e = heap[pos];
  for (;;) {
    const std::uint32_t first = first_child_of(pos);
    if (first >= size_) break;
    prefetch_grandchildren(heap, first, size_);
    const std::uint32_t best = earliest_child(heap, first, std::min(first + arity, size_));
    if (!earlier(heap[best], e)) break;
    heap[pos] = heap[best];
    position[heap[pos].slot] = pos;
    pos = best;
  }
  place(pos, e);
}

/// Fills the hole at pos with the last entry; the caller has already released the slot
/// of the entry that was there. Bottom-up (Wegener): the hole first sinks to a leaf along
/// the earliest children, then the last entry rises from there. The last entry nearly
/// always belongs near the bottom, so this saves one comparison per level over sifting
/// it down from pos, and the descent's loop exit depends only on the size (predictable).
void event_queue::remove_at(std::uint32_t pos) {
  const std::uint32_t n = --size_;
  if (pos == n) return;
  entry* heap = heap_.get();
  std::uint32_t* position = position_.get();
  const entry last = heap[n];
  for (;;) {
    const std::uint32_t first = first_child_of(pos);
    if (first >= n) break;
    prefetch_grandchildren(heap, first, n);
    const std::uint32_t best = earliest_child(heap, first, std::min(first + arity, n));
    heap[pos] = heap[best];
    position[heap[pos].slot] = pos;
    pos = best;
  }
  heap[pos] = last;
  sift_up(pos);
}

}  // namespace cerco
