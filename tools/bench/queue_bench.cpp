/// Hold-model benchmark for the pending-event set: with n events pending, repeatedly pop
/// the earliest and push one at its time + Exp(mean) (the classic "hold" operation, and
/// what PHOLD does per event). Compares cerco::event_queue (a timing wheel with a heap
/// for the far future) with the engine's previous heap algorithm at arity 2, 4 and 8
/// (fast_heap), a textbook indexed heap at arity 2 and 4, and std::priority_queue (no
/// cancel or reschedule) as a floor.
/// Prints ns of this thread's CPU time per hold (median of 5) for n = 10^2 .. 10^5;
/// CPU time rather than wall time so that other processes on a shared machine disturb
/// the figures less.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <queue>
#include <tuple>
#include <vector>

#include "cerco/event_queue.hpp"

namespace {

/// A textbook indexed heap with the arity as a parameter: (time, seq, slot) entries by
/// value, slot tables for payloads, heap positions and generations, a free-slot stack.
template <std::uint32_t D>
class indexed_heap {
 public:
  explicit indexed_heap(std::uint32_t capacity)
      : heap_(capacity),
        payloads_(capacity),
        position_(capacity, UINT32_MAX),
        generation_(capacity),
        free_(capacity) {
    for (std::uint32_t i = 0; i < capacity; ++i) free_[i] = capacity - 1 - i;
    free_count_ = capacity;
  }
  void push(std::int64_t at, cerco::event_payload p) {
    std::uint32_t slot = free_[--free_count_];
    payloads_[slot] = p;
    std::uint32_t pos = size_++;
    heap_[pos] = entry{at, seq_++, slot};
    sift_up(pos);
  }
  bool pop(cerco::event& out) {
    if (size_ == 0) return false;
    entry top = heap_[0];
    out = cerco::event{top.at, top.seq, payloads_[top.slot]};
    position_[top.slot] = UINT32_MAX;
    ++generation_[top.slot];
    free_[free_count_++] = top.slot;
    if (--size_ > 0) {
      heap_[0] = heap_[size_];
      sift_down(0);
    }
    return true;
  }

 private:
  struct entry {
    std::int64_t at;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  static bool before(const entry& a, const entry& b) {
    return a.at < b.at || (a.at == b.at && a.seq < b.seq);
  }
  void place(std::uint32_t pos, const entry& e) {
    heap_[pos] = e;
    position_[e.slot] = pos;
  }
  void sift_up(std::uint32_t pos) {
    entry e = heap_[pos];
    while (pos > 0) {
      std::uint32_t parent = (pos - 1) / D;
      if (!before(e, heap_[parent])) break;
      place(pos, heap_[parent]);
      pos = parent;
    }
    place(pos, e);
  }
  void sift_down(std::uint32_t pos) {
    entry e = heap_[pos];
    for (;;) {
      std::uint32_t first = pos * D + 1;
      if (first >= size_) break;
      std::uint32_t last = std::min(first + D, size_);
      std::uint32_t best = first;
      for (std::uint32_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], e)) break;
      place(pos, heap_[best]);
      pos = best;
    }
    place(pos, e);
  }
  std::vector<entry> heap_;
  std::vector<cerco::event_payload> payloads_;
  std::vector<std::uint32_t> position_, generation_, free_;
  std::uint32_t free_count_ = 0, size_ = 0;
  std::uint64_t seq_ = 0;
};

/// The engine's previous queue (a heap alone) with the arity as a parameter: deferred
/// root hole, branch-free tournament on 128-bit keys, sentinels past the last entry,
/// grandchildren prefetched. This is the fair binary-versus-4-ary comparison.
template <std::uint32_t D>
class fast_heap {
 public:
  explicit fast_heap(std::uint32_t capacity)
      : capacity_(capacity),
        heap_(capacity + D, sentinel()),
        payloads_(capacity),
        position_(capacity, UINT32_MAX),
        generation_(capacity),
        free_(capacity) {
    for (std::uint32_t i = 0; i < capacity; ++i) free_[i] = capacity - 1 - i;
    free_count_ = capacity;
  }
  void push(std::int64_t at, cerco::event_payload p) {
    std::uint32_t slot = free_[--free_count_];
    payloads_[slot] = p;
    entry e{at, seq_++, slot};
    if (size_ > 0 && heap_[0].slot == UINT32_MAX) {
      ++size_;
      heap_[0] = e;
      sift_down(0);
    } else {
      std::uint32_t pos = size_++;
      heap_[pos] = e;
      sift_up(pos);
    }
  }
  bool pop(cerco::event& out) {
    if (size_ == 0) return false;
    if (heap_[0].slot == UINT32_MAX) {  // settle the hole: move the last entry in
      heap_[0] = heap_[size_];
      heap_[size_] = sentinel();
      sift_down(0);
    }
    entry& top = heap_[0];
    out = cerco::event{top.at, top.seq, payloads_[top.slot]};
    position_[top.slot] = UINT32_MAX;
    ++generation_[top.slot];
    free_[free_count_++] = top.slot;
    top = sentinel();
    --size_;
    u128 unused;
    const entry& next = heap_[1 + earliest<D>(&heap_[1], unused)];
    if (next.slot != UINT32_MAX) __builtin_prefetch(&payloads_[next.slot]);
    return true;
  }

 private:
  __extension__ using u128 = unsigned __int128;
  struct entry {
    std::int64_t at;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  static entry sentinel() { return entry{INT64_MAX, UINT64_MAX, UINT32_MAX}; }
  static u128 key(const entry& e) {
    return (static_cast<u128>(static_cast<std::uint64_t>(e.at) ^ (1ULL << 63)) << 64) | e.seq;
  }
  template <std::uint32_t N>
  static std::uint32_t earliest(const entry* h, u128& k) {
    if constexpr (N == 1) {
      k = key(h[0]);
      return 0;
    } else {
      u128 ka, kb;
      const std::uint32_t a = earliest<N / 2>(h, ka);
      const std::uint32_t b = N / 2 + earliest<N / 2>(h + N / 2, kb);
      const bool right = kb < ka;
      k = right ? kb : ka;
      return right ? b : a;
    }
  }
  void sift_up(std::uint32_t pos) {
    entry e = heap_[pos];
    while (pos > 0) {
      std::uint32_t parent = (pos - 1) / D;
      if (!(key(e) < key(heap_[parent]))) break;
      heap_[pos] = heap_[parent];
      position_[heap_[pos].slot] = pos;
      pos = parent;
    }
    heap_[pos] = e;
    position_[e.slot] = pos;
  }
  void sift_down(std::uint32_t pos) {
    entry* heap = heap_.data();
    std::uint32_t* position = position_.data();
    const std::uint32_t n = size_;
    const entry e = heap[pos];
    const u128 ek = key(e);
    for (;;) {
      const std::uint32_t first = pos * D + 1;
      if (first >= n) break;
      const auto grand =
          reinterpret_cast<std::uintptr_t>(heap) + std::uintptr_t{first * D + 1} * sizeof(entry);
      for (std::size_t off = 0; off < D * D * sizeof(entry); off += 64) {
        __builtin_prefetch(reinterpret_cast<const void*>(grand + off));
      }
      u128 bk;
      const std::uint32_t best = first + earliest<D>(heap + first, bk);
      if (!(bk < ek)) break;
      heap[pos] = heap[best];
      position[heap[pos].slot] = pos;
      pos = best;
    }
    heap[pos] = e;
    position[e.slot] = pos;
  }
  std::uint32_t capacity_;
  std::vector<entry> heap_;
  std::vector<cerco::event_payload> payloads_;
  std::vector<std::uint32_t> position_, generation_, free_;
  std::uint32_t free_count_ = 0, size_ = 0;
  std::uint64_t seq_ = 0;
};

/// std::priority_queue of (time, seq, payload): no cancel or reschedule, a lower bound.
class plain_binary {
 public:
  explicit plain_binary(std::uint32_t) {}
  void push(std::int64_t at, cerco::event_payload p) { q_.push(item{at, seq_++, p.target}); }
  bool pop(cerco::event& out) {
    if (q_.empty()) return false;
    item top = q_.top();
    q_.pop();
    out = cerco::event{std::get<0>(top), std::get<1>(top),
                       cerco::event_payload{0, std::get<2>(top), 0}};
    return true;
  }

 private:
  using item = std::tuple<std::int64_t, std::uint64_t, std::uint32_t>;
  std::priority_queue<item, std::vector<item>, std::greater<item>> q_;
  std::uint64_t seq_ = 0;
};

/// Exponential increments (mean 1000, integer), precomputed so every variant sees the
/// same sequence and the generator's cost is not measured.
std::vector<std::int64_t> make_increments() {
  std::vector<std::int64_t> inc(1 << 16);
  std::uint64_t x = 12345;
  for (auto& v : inc) {
    x += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    double u = (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53;
    v = static_cast<std::int64_t>(-1000.0 * std::log(u));
  }
  return inc;
}

template <typename Queue>
std::uint64_t hold(Queue& q, std::uint32_t n, std::uint64_t holds,
                   const std::vector<std::int64_t>& inc) {
  const std::size_t mask = inc.size() - 1;
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < n; ++i)
    q.push(inc[k++ & mask] * (n / 16 + 1), cerco::event_payload{0, i, 0});
  cerco::event ev;
  std::uint64_t sum = 0;
  for (std::uint64_t h = 0; h < holds; ++h) {
    q.pop(ev);
    sum += ev.payload.target;
    q.push(ev.at_s + inc[k++ & mask], ev.payload);
  }
  return sum;
}

struct engine_queue {
  cerco::event_queue q;
  explicit engine_queue(std::uint32_t capacity) { q.init(capacity); }
  void push(std::int64_t at, cerco::event_payload p) { q.push(at, p); }
  bool pop(cerco::event& out) { return q.pop(out); }
};

double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

template <typename Queue>
double ns_per_hold(std::uint32_t n, const std::vector<std::int64_t>& inc, std::uint64_t& sink) {
  const std::uint64_t holds = 4000000;
  std::vector<double> runs;
  for (int r = 0; r < 5; ++r) {
    Queue q(n);
    const double start = thread_cpu_ns();
    sink += hold(q, n, holds, inc);
    runs.push_back((thread_cpu_ns() - start) / static_cast<double>(holds));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

}  // namespace

int main() {
  const auto inc = make_increments();
  std::uint64_t sink = 0;
  std::printf("hold model, 4e6 holds per run, CPU ns per hold (median of 5)\n");
  std::printf("fast = the previous engine's heap at arity d; plain = textbook indexed heap\n");
  std::printf("%8s %12s %10s %10s %10s %10s %10s %10s\n", "pending", "event_queue", "fast d=2",
              "fast d=4", "fast d=8", "plain d=2", "plain d=4", "std::pq");
  for (std::uint32_t n : {100u, 1000u, 10000u, 100000u}) {
    double engine = ns_per_hold<engine_queue>(n, inc, sink);
    double f2 = ns_per_hold<fast_heap<2>>(n, inc, sink);
    double f4 = ns_per_hold<fast_heap<4>>(n, inc, sink);
    double f8 = ns_per_hold<fast_heap<8>>(n, inc, sink);
    double d2 = ns_per_hold<indexed_heap<2>>(n, inc, sink);
    double d4 = ns_per_hold<indexed_heap<4>>(n, inc, sink);
    double pq = ns_per_hold<plain_binary>(n, inc, sink);
    std::printf("%8u %12.1f %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f\n", n, engine, f2, f4, f8, d2,
                d4, pq);
  }
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(sink % 1000));
  return 0;
}
