// cerco-test-links: cerco_engine
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

#include "cerco/event_queue.hpp"

using cerco::event;
using cerco::event_handle;
using cerco::event_payload;
using cerco::event_queue;

namespace {

event_payload tag(std::uint32_t target) {
  return event_payload{1, target, target * 10ULL};
}

std::vector<std::uint32_t> drain_targets(event_queue& q) {
  std::vector<std::uint32_t> out;
  event ev;
  while (q.pop(ev)) out.push_back(ev.payload.target);
  return out;
}

}  // namespace

TEST_CASE("events come out in time order with their payloads", "[event_queue]") {
  event_queue q;
  q.init(16);
  CHECK(q.empty());
  CHECK(q.next_time_s() == cerco::time_s_max);
  q.push(30, tag(3));
  q.push(10, tag(1));
  q.push(20, tag(2));
  q.push(-5, tag(0));
  CHECK(q.size() == 4);
  CHECK(q.next_time_s() == -5);
  event ev;
  std::vector<cerco::time_s> times;
  while (q.pop(ev)) {
    times.push_back(ev.at_s);
    CHECK(ev.payload.kind == 1);
    CHECK(ev.payload.data == ev.payload.target * 10ULL);
  }
  CHECK(times == std::vector<cerco::time_s>{-5, 10, 20, 30});
  CHECK_FALSE(q.pop(ev));
}

TEST_CASE("equal times run in scheduling order", "[event_queue]") {
  event_queue q;
  q.init(64);
  for (std::uint32_t i = 0; i < 50; ++i) q.push(100, tag(i));
  q.push(50, tag(999));
  auto order = drain_targets(q);
  REQUIRE(order.size() == 51);
  CHECK(order[0] == 999);
  for (std::uint32_t i = 0; i < 50; ++i) CHECK(order[i + 1] == i);
}

TEST_CASE("equal times stay FIFO across interleaved pops and pushes", "[event_queue]") {
  event_queue q;
  q.init(8);
  event ev;
  q.push(5, tag(0));
  q.push(5, tag(1));
  REQUIRE(q.pop(ev));
  CHECK(ev.payload.target == 0);
  q.push(5, tag(2));  // scheduled after 1, so it runs after 1
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("cancel removes exactly one pending event", "[event_queue]") {
  event_queue q;
  q.init(8);
  q.push(1, tag(1));
  event_handle h = q.push(2, tag(2));
  q.push(3, tag(3));
  CHECK(q.pending(h));
  CHECK(q.cancel(h));
  CHECK_FALSE(q.pending(h));
  CHECK_FALSE(q.cancel(h));  // stale: already cancelled
  CHECK(q.size() == 2);
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{1, 3});
}

TEST_CASE("cancel right after a pop", "[event_queue]") {
  event_queue q;
  q.init(8);
  q.push(1, tag(1));
  q.push(2, tag(2));
  event_handle h3 = q.push(3, tag(3));
  q.push(4, tag(4));
  event ev;
  REQUIRE(q.pop(ev));
  CHECK(q.next_time_s() == 2);
  CHECK(q.cancel(h3));
  CHECK(q.next_time_s() == 2);
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{2, 4});
}

TEST_CASE("reschedule moves an event and gives it a new sequence number", "[event_queue]") {
  event_queue q;
  q.init(8);
  event_handle a = q.push(10, tag(1));
  q.push(20, tag(2));
  q.push(30, tag(3));
  CHECK(q.reschedule(a, 25));
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{2, 1, 3});

  // Rescheduled to a time that already has events: it runs after them.
  event_handle b = q.push(5, tag(4));
  q.push(7, tag(5));
  q.push(7, tag(6));
  CHECK(q.reschedule(b, 7));
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{5, 6, 4});

  // Earlier, too.
  q.push(50, tag(7));
  event_handle c = q.push(60, tag(8));
  CHECK(q.reschedule(c, 40));
  CHECK(q.next_time_s() == 40);
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{8, 7});
}

TEST_CASE("stale handles are rejected, also when their slot is reused", "[event_queue]") {
  event_queue q;
  q.init(2);
  event_handle a = q.push(1, tag(1));
  event ev;
  REQUIRE(q.pop(ev));
  CHECK_FALSE(q.pending(a));
  CHECK_FALSE(q.cancel(a));
  CHECK_FALSE(q.reschedule(a, 5));
  event_handle b = q.push(2, tag(2));  // takes the slot a had
  CHECK(b.slot == a.slot);
  CHECK(b.generation != a.generation);
  CHECK_FALSE(q.cancel(a));
  CHECK(q.pending(b));
  CHECK(q.size() == 1);
  CHECK_FALSE(q.pending(event_handle{}));
  CHECK_FALSE(q.cancel(event_handle{}));
  CHECK_FALSE(q.pending(event_handle{7, 0}));  // beyond capacity
}

TEST_CASE("a full queue returns an invalid handle and stays intact", "[event_queue]") {
  event_queue q;
  q.init(3);
  CHECK(q.capacity() == 3);
  CHECK(q.push(3, tag(3)).valid());
  CHECK(q.push(1, tag(1)).valid());
  CHECK(q.push(2, tag(2)).valid());
  event_handle overflow = q.push(0, tag(0));
  CHECK_FALSE(overflow.valid());
  CHECK(q.size() == 3);
  CHECK(drain_targets(q) == std::vector<std::uint32_t>{1, 2, 3});
  event_queue none;
  none.init(0);
  CHECK_FALSE(none.push(1, tag(1)).valid());
}

TEST_CASE("scheduled_count counts pushes and reschedules", "[event_queue]") {
  event_queue q;
  q.init(4);
  event_handle h = q.push(1, tag(1));
  q.push(2, tag(2));
  q.reschedule(h, 3);
  CHECK(q.scheduled_count() == 3);
}

TEST_CASE("copy_from makes an independent queue where handles stay valid", "[event_queue]") {
  event_queue a;
  a.init(16);
  std::vector<event_handle> handles;
  for (std::uint32_t i = 0; i < 10; ++i) handles.push_back(a.push((i * 7) % 5, tag(i)));
  event ev;
  REQUIRE(a.pop(ev));  // leaves the queue mid-operation (see pop's deferred repair)
  event_queue b;
  b.init(16);
  b.copy_from(a);
  CHECK(b.size() == a.size());
  CHECK(b.next_time_s() == a.next_time_s());
  CHECK(b.scheduled_count() == a.scheduled_count());
  CHECK(b.cancel(handles[4]));
  CHECK(a.pending(handles[4]));
  auto rest_b = drain_targets(b);
  a.cancel(handles[4]);
  auto rest_a = drain_targets(a);
  CHECK(rest_a == rest_b);
  CHECK(rest_a.size() == 8);
}

namespace {

/// Runs 200,000 random operations on the queue and on a std::multiset ordered by
/// (time, sequence); every result must agree. `delay` draws how far from the current
/// time a push or reschedule goes (negative: into the past).
template <typename Delay>
void differential_test(std::uint64_t seed, Delay delay) {
  using key = std::tuple<cerco::time_s, std::uint64_t, std::uint32_t>;  // time, seq, id
  constexpr std::uint32_t capacity = 300;
  // Every 9,973 steps the state moves to the other queue by copy_from, which must carry
  // all of it.
  event_queue queues[2];
  queues[0].init(capacity);
  queues[1].init(capacity);
  event_queue* q = &queues[0];
  std::multiset<key> ref;
  std::vector<event_handle> handle_of;
  std::vector<std::uint64_t> seq_of;  // the reference's sequence per id, 0 when gone
  std::uint64_t seq = 0;
  std::uint64_t x = seed;
  auto next = [&x](std::uint64_t n) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (x >> 33) % n;
  };
  auto time_of_id = [&](std::uint32_t id) {
    for (const key& k : ref) {
      if (std::get<2>(k) == id) return k;
    }
    FAIL("id not in reference");
    return key{};
  };
  cerco::time_s now = 0;
  for (int step = 0; step < 200000; ++step) {
    if (step % 9973 == 9972) {
      event_queue* other = q == &queues[0] ? &queues[1] : &queues[0];
      other->copy_from(*q);
      q = other;
    }
    std::uint64_t op = next(100);
    if (op < 45) {
      auto id = static_cast<std::uint32_t>(handle_of.size());
      cerco::time_s at = now + delay(next);
      event_handle h = q->push(at, tag(id));
      if (ref.size() == capacity) {
        CHECK_FALSE(h.valid());
        continue;
      }
      REQUIRE(h.valid());
      ref.insert(key{at, ++seq, id});
      handle_of.push_back(h);
      seq_of.push_back(seq);
    } else if (op < 80) {
      // Half the pops are pop_due with a limit somewhere around the earliest event: it
      // pops exactly when the earliest is due, and otherwise changes nothing.
      event ev;
      bool limited = next(2) == 0;
      cerco::time_s limit = now + delay(next);
      bool got = limited ? q->pop_due(limit, ev) : q->pop(ev);
      bool due = !ref.empty() && (!limited || std::get<0>(*ref.begin()) <= limit);
      REQUIRE(got == due);
      if (!got) continue;
      key k = *ref.begin();
      ref.erase(ref.begin());
      REQUIRE(ev.at_s == std::get<0>(k));
      REQUIRE(ev.payload.target == std::get<2>(k));
      seq_of[std::get<2>(k)] = 0;
      now = ev.at_s;
    } else if (!handle_of.empty()) {
      auto id = static_cast<std::uint32_t>(next(handle_of.size()));
      bool live = seq_of[id] != 0;
      if (op < 90) {
        REQUIRE(q->cancel(handle_of[id]) == live);
        if (live) ref.erase(time_of_id(id));
        seq_of[id] = 0;
      } else {
        cerco::time_s at = now + delay(next);
        REQUIRE(q->reschedule(handle_of[id], at) == live);
        if (live) {
          ref.erase(time_of_id(id));
          ref.insert(key{at, ++seq, id});
          seq_of[id] = seq;
        }
      }
    }
    REQUIRE(q->size() == ref.size());
    REQUIRE(q->next_time_s() == (ref.empty() ? cerco::time_s_max : std::get<0>(*ref.begin())));
  }
}

constexpr auto wheel = static_cast<cerco::time_s>(event_queue::wheel_size);

}  // namespace

TEST_CASE("randomized differential test against std::multiset", "[event_queue]") {
  SECTION("near times with many ties (the wheel)") {
    differential_test(42, [](auto& next) { return static_cast<cerco::time_s>(next(50)); });
  }
  SECTION("times on both sides of the wheel's window, and at its edges") {
    differential_test(7, [](auto& next) {
      switch (next(4)) {
        case 0:
          return static_cast<cerco::time_s>(next(50));
        case 1:
          return wheel - 3 + static_cast<cerco::time_s>(next(6));
        case 2:
          return static_cast<cerco::time_s>(next(4 * wheel));
        default:
          return 5 * wheel + static_cast<cerco::time_s>(next(50));
      }
    });
  }
  SECTION("times in the past as well as ahead (the heap tier)") {
    differential_test(9, [](auto& next) {
      if (next(2) == 0) return static_cast<cerco::time_s>(next(7)) - 3;
      return static_cast<cerco::time_s>(next(3 * wheel)) - wheel;
    });
  }
}
