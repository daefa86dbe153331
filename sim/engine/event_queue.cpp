#include "cerco/event_queue.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>

/// How the heap tier is made fast (measured with tools/bench/queue_bench and a profiler;
/// each step kept only if it helped):
/// - The earliest child is chosen without branches, on 128-bit keys held in registers:
///   which child is earliest is a coin toss, so branches mispredicted.
/// - The heap array has two entries more than the capacity, and every position at or
///   past the last entry holds a sentinel that sorts after every event, so both children
///   can always be read without a bounds case.
/// - Grandchildren are prefetched one level ahead.
/// The wheel tier's buckets are circular doubly linked lists through the nodes, so that
/// append and unlink are O(1) with one head per bucket.
namespace cerco {
namespace {

constexpr std::uint32_t nowhere = UINT32_MAX;
constexpr std::uint32_t in_wheel = UINT32_MAX - 1;
constexpr std::uint32_t bucket_mask = event_queue::wheel_size - 1;
constexpr std::uint32_t occupied_count = event_queue::wheel_size / 64;
constexpr std::uint32_t occupied_words_count = occupied_count / 64;
static_assert(occupied_words_count >= 1 && occupied_count % 64 == 0);

std::uint32_t bucket_of(time_s at_s) {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(at_s) & bucket_mask);
}

std::uint32_t parent_of(std::uint32_t pos) {
  return (pos - 1) / 2;
}
std::uint32_t first_child_of(std::uint32_t pos) {
  return pos * 2 + 1;
}

__extension__ using u128 = unsigned __int128;

/// A sort key in one register pair: time (sign bit flipped, so that unsigned order is
/// signed order) high, sequence low. One 128-bit comparison is a cmp and an sbb.
[[gnu::always_inline]] inline u128 key_of(time_s at_s, std::uint64_t seq) {
  const auto t = static_cast<std::uint64_t>(at_s) ^ (std::uint64_t{1} << 63);
  return (static_cast<u128>(t) << 64) | seq;
}
template <typename T>
[[gnu::always_inline]] inline u128 key_of(const T& e) {
  return key_of(e.at_s, e.seq);
}

/// Bits of `word` at or above `bit` (0..64).
std::uint64_t bits_from(std::uint64_t word, std::uint32_t bit) {
  return bit >= 64 ? 0 : word & (~std::uint64_t{0} << bit);
}

int lowest_bit(std::uint64_t word) {
  return __builtin_ctzll(word);
}

}  // namespace

void event_queue::init(std::uint32_t capacity) {
  capacity_ = capacity;
  nodes_ = std::make_unique<node[]>(capacity);
  heap_ = std::make_unique<entry[]>(std::size_t{capacity} + 2);
  bucket_head_ = std::make_unique<std::uint32_t[]>(wheel_size);
  occupied_ = std::make_unique<std::uint64_t[]>(occupied_count);
  occupied_words_ = std::make_unique<std::uint64_t[]>(occupied_words_count);
  free_slots_ = std::make_unique<std::uint32_t[]>(capacity);
  std::fill_n(heap_.get(), std::size_t{capacity} + 2, entry{INT64_MAX, UINT64_MAX, nowhere});
  std::fill_n(bucket_head_.get(), wheel_size, nowhere);
  // The free list is a stack; slot 0 is on top so that slots are handed out in order.
  for (std::uint32_t i = 0; i < capacity; ++i) {
    nodes_[i] = node{0, 0, {}, nowhere, nowhere, nowhere, 0};
    free_slots_[i] = capacity - 1 - i;
  }
  free_count_ = capacity;
  size_ = heap_size_ = wheel_count_ = first_bucket_ = 0;
  base_s_ = 0;
  next_seq_ = 0;
}

void event_queue::copy_from(const event_queue& other) {
  if (this == &other) return;
  // Snapshots copy between queues of one capacity; a mismatch is a caller bug, and in
  // builds without asserts the queue is resized (allocating) rather than overrun.
  assert(other.capacity_ == capacity_);
  if (other.capacity_ != capacity_) init(other.capacity_);
  // Every table is copied whole (sentinels included) so that the copy is in the same
  // state and handles stay valid in it.
  std::copy_n(other.nodes_.get(), capacity_, nodes_.get());
  std::copy_n(other.heap_.get(), std::size_t{capacity_} + 2, heap_.get());
  std::copy_n(other.bucket_head_.get(), wheel_size, bucket_head_.get());
  std::copy_n(other.occupied_.get(), occupied_count, occupied_.get());
  std::copy_n(other.occupied_words_.get(), occupied_words_count, occupied_words_.get());
  std::copy_n(other.free_slots_.get(), other.free_count_, free_slots_.get());
  free_count_ = other.free_count_;
  size_ = other.size_;
  heap_size_ = other.heap_size_;
  wheel_count_ = other.wheel_count_;
  first_bucket_ = other.first_bucket_;
  base_s_ = other.base_s_;
  next_seq_ = other.next_seq_;
}

event_handle event_queue::push(time_s at_s, event_payload payload) {
  if (size_ == capacity_) return event_handle{};
  const std::uint32_t slot = free_slots_[--free_count_];
  nodes_[slot].payload = payload;
  place(at_s, slot);
  ++size_;
  return event_handle{slot, nodes_[slot].generation};
}

bool event_queue::pop_due(time_s limit_s, event& out) {
  if (size_ == 0) return false;
  std::uint32_t slot = wheel_count_ > 0 ? bucket_head_[first_bucket_] : nowhere;
  if (slot != nowhere && (heap_size_ == 0 || key_of(nodes_[slot]) < key_of(heap_[0]))) {
    if (nodes_[slot].at_s > limit_s) return false;
    wheel_unlink(slot);
  } else {
    if (heap_[0].at_s > limit_s) return false;
    slot = heap_[0].slot;
    heap_remove_at(0);
  }
  const node& n = nodes_[slot];
  out.at_s = n.at_s;
  out.seq = n.seq;
  out.payload = n.payload;
  // The popped event is the earliest, so every wheel event is at or after it.
  base_s_ = std::max(base_s_, n.at_s);
  release(slot);
  --size_;
  return true;
}

bool event_queue::cancel(event_handle handle) {
  if (!pending(handle)) return false;
  detach(handle.slot);
  release(handle.slot);
  --size_;
  return true;
}

bool event_queue::reschedule(event_handle handle, time_s at_s) {
  if (!pending(handle)) return false;
  const std::uint32_t where = nodes_[handle.slot].where;
  if (where != in_wheel && !in_window(at_s)) {
    // From the heap to the heap: change the key where it stands and sift once, instead
    // of removing and pushing (two sifts). The keys are the same either way, so is the
    // order of pops.
    node& n = nodes_[handle.slot];
    const u128 old_key = key_of(heap_[where]);
    n.at_s = at_s;
    n.seq = next_seq_++;
    heap_[where] = entry{at_s, n.seq, handle.slot};
    if (key_of(heap_[where]) < old_key) {
      sift_up(where);
    } else {
      sift_down(where);
    }
    return true;
  }
  detach(handle.slot);
  place(at_s, handle.slot);
  return true;
}

bool event_queue::pending(event_handle handle) const {
  return handle.slot < capacity_ && nodes_[handle.slot].generation == handle.generation &&
         nodes_[handle.slot].where != nowhere;
}

time_s event_queue::next_time_s() const {
  if (size_ == 0) return time_s_max;
  const time_s heap_s = heap_size_ > 0 ? heap_[0].at_s : INT64_MAX;
  if (wheel_count_ == 0) return heap_s;
  return std::min(heap_s, nodes_[bucket_head_[first_bucket_]].at_s);
}

/// Gives the slot a new sequence number and puts it in the tier its time belongs to.
void event_queue::place(time_s at_s, std::uint32_t slot) {
  node& n = nodes_[slot];
  n.at_s = at_s;
  n.seq = next_seq_++;
  if (in_window(at_s)) {
    wheel_append(slot);
  } else {
    heap_push(slot);
  }
}

void event_queue::release(std::uint32_t slot) {
  nodes_[slot].where = nowhere;
  ++nodes_[slot].generation;
  free_slots_[free_count_++] = slot;
}

/// Takes a pending slot out of whichever tier holds it.
void event_queue::detach(std::uint32_t slot) {
  const std::uint32_t where = nodes_[slot].where;
  if (where == in_wheel) {
    wheel_unlink(slot);
  } else {
    heap_remove_at(where);
  }
}

/// Whether a time falls in the wheel's window [base, base + wheel_size).
bool event_queue::in_window(time_s at_s) const {
  return at_s >= base_s_ &&
         static_cast<std::uint64_t>(at_s) - static_cast<std::uint64_t>(base_s_) < wheel_size;
}

void event_queue::wheel_append(std::uint32_t slot) {
  node& n = nodes_[slot];
  n.where = in_wheel;
  const std::uint32_t b = bucket_of(n.at_s);
  const std::uint32_t head = bucket_head_[b];
  if (head == nowhere) {
    bucket_head_[b] = slot;
    n.next = n.prev = slot;
    occupied_[b / 64] |= std::uint64_t{1} << (b % 64);
    occupied_words_[b / 4096] |= std::uint64_t{1} << (b / 64 % 64);
    // Buckets compare by their distance from the window's start (circular order).
    const std::uint32_t start = bucket_of(base_s_);
    if (wheel_count_ == 0 ||
        ((b - start) & bucket_mask) < ((first_bucket_ - start) & bucket_mask)) {
      first_bucket_ = b;
    }
  } else {
    const std::uint32_t tail = nodes_[head].prev;
    n.prev = tail;
    n.next = head;
    nodes_[tail].next = slot;
    nodes_[head].prev = slot;
  }
  ++wheel_count_;
}

void event_queue::wheel_unlink(std::uint32_t slot) {
  node& n = nodes_[slot];
  const std::uint32_t b = bucket_of(n.at_s);
  if (n.next == slot) {
    bucket_head_[b] = nowhere;
    std::uint64_t& word = occupied_[b / 64];
    word &= ~(std::uint64_t{1} << (b % 64));
    if (word == 0) occupied_words_[b / 4096] &= ~(std::uint64_t{1} << (b / 64 % 64));
    // Nothing in the wheel is earlier than the first bucket, so the next one is after it.
    if (b == first_bucket_ && wheel_count_ > 1) first_bucket_ = next_bucket(b);
  } else {
    nodes_[n.prev].next = n.next;
    nodes_[n.next].prev = n.prev;
    if (bucket_head_[b] == slot) bucket_head_[b] = n.next;
  }
  --wheel_count_;
}

/// The first occupied bucket at or after `from` in circular order (one must exist).
/// Every wheel event lies in [base, base + wheel_size), so circular order from base's
/// bucket is time order; callers start from a bucket that no wheel event precedes.
std::uint32_t event_queue::next_bucket(std::uint32_t from) const {
  const std::uint32_t from_word = from / 64;
  const std::uint64_t here = bits_from(occupied_[from_word], from % 64);
  if (here != 0) return from_word * 64 + static_cast<std::uint32_t>(lowest_bit(here));
  // Words after from_word in its summary word, then the other summary words in circular
  // order, then from_word's summary word again whole (the wrapped-around part; its
  // lowest set word is earliest there, from_word's own low bits last).
  std::uint32_t s = from_word / 64;
  std::uint64_t words = bits_from(occupied_words_[s], from_word % 64 + 1);
  for (std::uint32_t k = 0; words == 0 && k < occupied_words_count; ++k) {
    s = (s + 1) % occupied_words_count;
    words = occupied_words_[s];
  }
  assert(words != 0);
  const std::uint32_t w = s * 64 + static_cast<std::uint32_t>(lowest_bit(words));
  return w * 64 + static_cast<std::uint32_t>(lowest_bit(occupied_[w]));
}

void event_queue::heap_push(std::uint32_t slot) {
  const node& n = nodes_[slot];
  const std::uint32_t pos = heap_size_++;
  heap_[pos] = entry{n.at_s, n.seq, slot};
  nodes_[slot].where = pos;
  sift_up(pos);
}

/// Fills position pos with the last entry and restores the order around it; the caller
/// deals with the slot of the entry that was there.
void event_queue::heap_remove_at(std::uint32_t pos) {
  const std::uint32_t last = --heap_size_;
  entry* heap = heap_.get();
  heap[pos] = heap[last];
  heap[last] = entry{INT64_MAX, UINT64_MAX, nowhere};
  if (pos == last) return;
  nodes_[heap[pos].slot].where = pos;
  if (pos > 0 && key_of(heap[pos]) < key_of(heap[parent_of(pos)])) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
}

void event_queue::sift_up(std::uint32_t pos) {
  entry* heap = heap_.get();
  node* nodes = nodes_.get();
  const entry e = heap[pos];
  const u128 e_key = key_of(e);
  while (pos > 0) {
    const std::uint32_t parent = parent_of(pos);
    if (!(e_key < key_of(heap[parent]))) break;
    heap[pos] = heap[parent];
    nodes[heap[pos].slot].where = pos;
    pos = parent;
  }
  heap[pos] = e;
  nodes[e.slot].where = pos;
}

void event_queue::sift_down(std::uint32_t pos) {
  // Locals: a store through nodes could alias the members, and the compiler would
  // reload them on every level.
  entry* heap = heap_.get();
  node* nodes = nodes_.get();
  const std::uint32_t n = heap_size_;
  const entry e = heap[pos];
  const u128 e_key = key_of(e);
  for (;;) {
    const std::uint32_t first = first_child_of(pos);
    if (first >= n) break;
    // The grandchildren are one run of four entries: fetch them while this level runs.
    __builtin_prefetch(heap + first_child_of(first));
    __builtin_prefetch(heap + first_child_of(first) + 3);
    // Positions past the last entry hold sentinels, so both children can be read.
    const u128 left = key_of(heap[first]);
    const u128 right = key_of(heap[first + 1]);
    const bool take_right = right < left;
    const u128 best_key = take_right ? right : left;
    const std::uint32_t best = first + (take_right ? 1 : 0);
    if (!(best_key < e_key)) break;
    heap[pos] = heap[best];
    nodes[heap[pos].slot].where = pos;
    pos = best;
  }
  heap[pos] = e;
  nodes[e.slot].where = pos;
}

}  // namespace cerco
