// cerco-test-links: cerco_model
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/model_fixture.hpp"

using namespace cerco;

namespace {

/// Erlang C: the mean wait in queue of an M/M/c queue, in the unit of 1 / mu.
double erlang_c_wait(double lambda, double mu, int c) {
  double a = lambda / mu, term = 1, sum = 0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  double tail = term * c / (c - a);  // a^c / c! * c / (c - a)
  double p_wait = tail / (sum + tail);
  return p_wait / (c * mu - lambda);
}

}  // namespace

TEST_CASE("the loading-bay queue matches Erlang C's mean wait", "[model][queueing]") {
  // Import trucks arrive at a border crossing as a Poisson process (200 a day) and are
  // cleared at 2 bays with exponential service (mean 12 min): rho = 0.83.
  const double lambda_per_d = 200, service_mean_s = 720;
  test::builder b(2000 * day_s, 11);
  std::uint32_t border = b.node("border", node_kind::border);
  node_spec& n = b.s.nodes[border];
  n.bays = 2;
  n.bay_time_s.kind = dist_kind::exponential;
  n.bay_time_s.a = service_mean_s;
  arrival_process& ap = n.arrivals[static_cast<int>(commodity::diesel)];
  ap.enabled = true;
  ap.rate_per_d = static_cast<std::int64_t>(lambda_per_d);
  ap.load = 30000;
  ap.to = border;
  world w;
  REQUIRE(w.init(b.s));
  w.run();
  REQUIRE(w.accounts_balance());
  double served = static_cast<double>(w.bay_served(border));
  double mean_wait_s = static_cast<double>(w.bay_wait_milli_s_total(border)) / 1000.0 / served;
  double mu_per_s = 1.0 / service_mean_s, lambda_per_s = lambda_per_d / day_s;
  double theory_s = erlang_c_wait(lambda_per_s, mu_per_s, 2);
  INFO("served " << served << ", mean wait " << mean_wait_s << " s, Erlang C " << theory_s << " s");
  CHECK(served > 0.99 * lambda_per_d * 2000);
  CHECK(std::fabs(mean_wait_s - theory_s) / theory_s < 0.05);
}
