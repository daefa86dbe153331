// cerco-test-links: cerco_engine
#include "alloc_hook.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

#include "cerco/event_queue.hpp"
#include "cerco/phold.hpp"
#include "cerco/random.hpp"
#include "sim/engine/phold_run.hpp"

TEST_CASE("the hook counts allocations", "[alloc]") {
  alloc_hook::reset();
  auto* p = new int(3);
  std::size_t after_new = alloc_hook::count();
  delete p;
  CHECK(after_new == 1);
}

TEST_CASE("no allocation in a steady-state loop of push, pop, cancel and reschedule", "[alloc]") {
  cerco::event_queue q;
  q.init(4096);  // allocates: at load
  cerco::rng_stream s = cerco::make_stream(1, 0, cerco::purpose::test);
  cerco::event_handle handles[64];
  for (auto& h : handles) h = q.push(cerco::uniform_int(s, 0, 1000), cerco::event_payload{});

  alloc_hook::reset();
  cerco::event ev;
  std::uint64_t popped = 0, failed = 0;
  for (int i = 0; i < 200000; ++i) {
    std::uint32_t k = static_cast<std::uint32_t>(cerco::uniform_int(s, 0, 63));
    switch (cerco::uniform_int(s, 0, 3)) {
      case 0:
        if (q.pop(ev)) ++popped;
        break;
      case 1:
        q.cancel(handles[k]);
        break;
      case 2:
        q.reschedule(handles[k], ev.at_s + cerco::uniform_int(s, 0, 1000));
        break;
      default:
        handles[k] = q.push(ev.at_s + cerco::uniform_int(s, 0, 1000), cerco::event_payload{});
        failed += handles[k].valid() ? 0 : 1;
    }
  }
  std::size_t allocations = alloc_hook::count();
  CHECK(allocations == 0);
  CHECK(popped > 10000);  // the loop did real work
  CHECK(failed == 0);
}

TEST_CASE("no allocation in PHOLD's event loop", "[alloc]") {
  cerco::phold_config config;
  config.lps = 500;
  config.events_per_lp = 8;
  cerco::phold_run run;
  REQUIRE(run.init(config));  // allocates: at load
  run.step(1000);             // warm up

  alloc_hook::reset();
  run.step(200000);
  std::size_t allocations = alloc_hook::count();
  CHECK(allocations == 0);
  CHECK(run.result().events_processed == 201000);
  CHECK(run.result().final_population == 4000);
}

TEST_CASE("run_phold allocates only before its loop", "[alloc]") {
  // Allocations do not grow with the number of events: setup only.
  cerco::phold_config small;
  small.lps = 100;
  small.events = 100;
  alloc_hook::reset();
  cerco::run_phold(small);
  std::size_t few_events = alloc_hook::count();
  cerco::phold_config many = small;
  many.events = 100000;
  alloc_hook::reset();
  cerco::run_phold(many);
  std::size_t many_events = alloc_hook::count();
  CHECK(few_events == many_events);
  CHECK(few_events <= 8);
}
