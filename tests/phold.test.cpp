// cerco-test-links: cerco_engine
#include <catch2/catch.hpp>

#include "cerco/phold.hpp"
#include "sim/engine/phold_run.hpp"

namespace {

cerco::phold_config config(std::uint32_t lps, std::uint32_t m, std::uint64_t events,
                           std::uint64_t seed) {
  cerco::phold_config c;
  c.lps = lps;
  c.events_per_lp = m;
  c.events = events;
  c.seed = seed;
  return c;
}

}  // namespace

TEST_CASE("PHOLD conserves the population N x M", "[phold]") {
  for (auto [lps, m] : {std::pair{1u, 1u}, {10u, 3u}, {1000u, 10u}, {64u, 100u}}) {
    cerco::phold_result r = cerco::run_phold(config(lps, m, 50000, 3));
    INFO(lps << " x " << m);
    CHECK(r.events_processed == 50000);
    CHECK(r.final_population == std::uint64_t{lps} * m);
    CHECK(r.end_time_us > 0);
  }
}

TEST_CASE("PHOLD is reproducible from its seed", "[phold]") {
  cerco::phold_result a = cerco::run_phold(config(1000, 10, 100000, 7));
  cerco::phold_result b = cerco::run_phold(config(1000, 10, 100000, 7));
  cerco::phold_result c = cerco::run_phold(config(1000, 10, 100000, 8));
  CHECK(a.checksum == b.checksum);
  CHECK(a.end_time_us == b.end_time_us);
  CHECK(a.checksum != c.checksum);
}

TEST_CASE("PHOLD in steps equals PHOLD in one run", "[phold]") {
  cerco::phold_config c = config(200, 5, 30000, 11);
  cerco::phold_run run;
  REQUIRE(run.init(c));
  for (int i = 0; i < 30; ++i) run.step(1000);
  CHECK(run.result().checksum == cerco::run_phold(c).checksum);
}

TEST_CASE("PHOLD's clock advances at the configured mean delay", "[phold]") {
  // Each LP's events form a renewal process with mean delay mean_us (ROSS's definition:
  // lookahead + Exp(mean - lookahead)), so N x M events per mean_us on average. Delays
  // are truncated to whole microseconds, which lowers the mean by about 0.5 us.
  cerco::phold_config c = config(100, 10, 1000000, 5);
  cerco::phold_result r = cerco::run_phold(c);
  const double expected_us = 1e6 / 1000.0 * (c.mean_us - 0.5);
  CHECK(std::abs(r.end_time_us - expected_us) < 0.01 * expected_us);
}

TEST_CASE("remote 0 keeps every event on its LP", "[phold]") {
  cerco::phold_config c = config(50, 2, 20000, 1);
  c.remote = 0;
  cerco::phold_run run;
  REQUIRE(run.init(c));
  run.step(20000);
  // Each LP still holds exactly its initial 2 events.
  std::uint32_t per_lp[50] = {};
  cerco::event_queue q;
  q.init(run.queue().capacity());
  q.copy_from(run.queue());
  cerco::event ev;
  while (q.pop(ev)) ++per_lp[ev.payload.target];
  for (std::uint32_t n : per_lp) CHECK(n == 2);
}

TEST_CASE("bad PHOLD configurations are named, and run_phold does nothing", "[phold]") {
  cerco::phold_config c = config(0, 10, 100, 1);
  CHECK_FALSE(cerco::phold_config_error(c).empty());
  CHECK(cerco::run_phold(c).events_processed == 0);
  c = config(10, 10, 100, 1);
  c.remote = 1.5;
  CHECK_FALSE(cerco::phold_config_error(c).empty());
  c.remote = 0.5;
  c.mean_us = 50;  // below the lookahead
  CHECK_FALSE(cerco::phold_config_error(c).empty());
  c.mean_us = 1000;
  CHECK(cerco::phold_config_error(c).empty());
  CHECK(cerco::phold_config_error(config(1u << 16, 1u << 15, 1, 1)) != "");
}
