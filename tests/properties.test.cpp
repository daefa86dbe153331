// cerco-test-links: cerco_model
// Properties every valid world keeps, over at least 500 generated worlds per run: the
// accounting identity (at the end, after every record and after every event), time
// never goes backwards, no stock is ever negative, equal inputs give equal hashes, and
// reading every vehicle and stock after every event (as a watcher does) changes nothing
// and the cheap stock read agrees with the full one.
// A failure names the seed and the file the generated scenario was written to.
// CERCO_PROPERTY_WORLDS=N runs N worlds; CERCO_PROPERTY_SEED=S runs only seed S.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "tests/generator.hpp"
#include "tests/model_fixture.hpp"

using namespace cerco;

namespace {

constexpr std::uint64_t worlds_default = 500;

/// What one run saw; `problem` is empty when every property held.
struct outcome {
  std::uint64_t hash = 0;
  std::uint64_t events = 0;
  world_status status = world_status::ok;
  std::string problem;
  std::string record_problem;  ///< seen by an observer in the middle of an event
};

struct record_check {
  time_s last_s = 0;
  std::uint64_t records = 0;
  std::string problem;
};

void on_record(void* self, const world& w, const record& r) {
  auto* c = static_cast<record_check*>(self);
  ++c->records;
  if (!c->problem.empty()) return;
  if (r.at_s < c->last_s)
    c->problem = test::cat("a record went back in time at record ", c->records);
  c->last_s = r.at_s;
  if (!w.accounts_balance())
    c->problem = test::cat("ledger out of balance after record ", c->records, " (",
                           record_kind_name(r.kind), " at ", r.at_s, " s)");
}

/// Reads what a watcher draws: every vehicle and every stock, at the current time.
std::string watch(const world& w) {
  const time_s now = w.now_s();
  for (std::uint32_t v = 0; v < w.vehicle_count(); ++v) {
    vehicle_view view = w.vehicle(v, now);
    if (view.cargo < 0) return test::cat("vehicle ", v, " has negative cargo");
    if (view.progress < 0 || view.progress > 1)
      return test::cat("vehicle ", v, " progress out of [0,1]");
  }
  for (std::uint32_t n = 0; n < w.spec().nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      stock_view s = w.stock(n, static_cast<commodity>(c));
      if (s.stock < 0)
        return test::cat("node ", w.spec().nodes[n].id, " has negative ", commodity_names[c],
                         " stock ", s.stock, " at ", now, " s");
      // The cheap read agrees with the full one, now and ahead.
      for (time_s at : {now, now + 4321}) {
        stock_view full = w.stock_at(n, static_cast<commodity>(c), at);
        stock_amount cheap = w.amount_at(n, static_cast<commodity>(c), at);
        if (cheap.stock != full.stock || cheap.demand_per_d != full.demand_per_d ||
            cheap.unmet != full.unmet)
          return test::cat("node ", w.spec().nodes[n].id, " ", commodity_names[c],
                           ": amount_at differs from stock_at at ", at, " s");
      }
    }
  }
  // The one-pass sum over a set of nodes agrees with the single reads, now and ahead.
  std::vector<std::uint32_t> nodes;
  for (std::uint32_t n = 0; n < w.spec().nodes.size(); n += 2) nodes.push_back(n);
  for (time_s at : {now, now + 4321}) {
    auto sums = w.sum_amounts(nodes, at);
    for (int c = 0; c < commodity_count; ++c) {
      stock_amount one;
      for (std::uint32_t n : nodes) {
        stock_amount a = w.amount_at(n, static_cast<commodity>(c), at);
        one.stock += a.stock, one.demand_per_d += a.demand_per_d, one.unmet += a.unmet;
      }
      const stock_amount& sum = sums[static_cast<std::size_t>(c)];
      if (sum.stock != one.stock || sum.demand_per_d != one.demand_per_d || sum.unmet != one.unmet)
        return test::cat(commodity_names[c], ": sum_amounts differs from amount_at at ", at, " s");
    }
  }
  return {};
}

/// A copy of every stock kept up to date from take_changed_segments, as the server's
/// network thread keeps one, taken after every third event so that changes pile up
/// between takes: its amounts must equal the world's, now and ahead.
struct segment_mirror {
  std::vector<std::uint32_t> nodes;
  std::vector<stock_segment> copy;
  std::vector<segment_change> changes;
  std::uint64_t takes = 0;

  explicit segment_mirror(const world& w) {
    for (std::uint32_t n = 0; n < w.spec().nodes.size(); ++n) nodes.push_back(n);
    copy.resize(nodes.size() * commodity_count);
    changes.resize(copy.size());
  }
  std::string take_and_check(world& w) {
    std::size_t n = w.take_changed_segments(nodes, changes);
    for (std::size_t k = 0; k < n; ++k) copy[changes[k].position] = changes[k].segment;
    if (takes++ == 0 && n != copy.size()) return "the first take did not return every stock";
    for (time_s at : {w.now_s(), w.now_s() + 4321}) {
      for (std::uint32_t p = 0; p < copy.size(); ++p) {
        auto c = static_cast<commodity>(p % commodity_count);
        stock_amount want = w.amount_at(nodes[p / commodity_count], c, at);
        stock_amount got = segment_amount(copy[p], at);
        if (got.stock != want.stock || got.demand_per_d != want.demand_per_d ||
            got.unmet != want.unmet)
          return test::cat("node ", w.spec().nodes[p / commodity_count].id, " ",
                           commodity_names[p % commodity_count],
                           ": the mirrored segment differs from amount_at at ", at, " s");
      }
    }
    return {};
  }
};

/// One run. With `checked`, an observer checks every record and the state is read
/// after every event; the run's hash must not depend on it.
outcome run(const scenario& s, bool checked) {
  outcome out;
  world w;
  if (!w.init(s)) {
    out.problem = test::cat("init failed: ", w.error());
    return out;
  }
  record_check rc;
  if (checked) w.add_observer(observer{&rc, &on_record});
  time_s last_s = w.now_s();
  segment_mirror mirror(w);
  while (w.step()) {
    if (!checked) continue;
    if (out.problem.empty() && w.events_processed() % 3 == 0)
      out.problem = mirror.take_and_check(w);
    if (w.now_s() < last_s)
      out.problem = test::cat("time went backwards: ", w.now_s(), " s after ", last_s, " s");
    last_s = w.now_s();
    if (out.problem.empty() && !w.accounts_balance())
      out.problem = test::cat("ledger out of balance after event ", w.events_processed());
    if (out.problem.empty()) out.problem = watch(w);
    if (!out.problem.empty()) break;
  }
  out.record_problem = rc.problem;
  if (out.problem.empty() && w.run() != world_status::finished)
    out.problem = test::cat("run ended with status ", describe(w.status()), ": ", w.error());
  if (out.problem.empty() && !w.accounts_balance())
    out.problem = "ledger out of balance at the end";
  if (out.problem.empty() && checked) out.problem = watch(w);
  out.hash = w.run_hash();
  out.events = w.events_processed();
  out.status = w.status();
  return out;
}

std::string scenario_file(std::uint64_t seed) {
  return test::cat(CERCO_BUILD_DIR, "/generated-world-", seed, ".txt");
}

/// Runs every property on one seed; returns "" or a message naming the seed and file.
std::string report(std::uint64_t seed, const scenario& s, const std::string& problem) {
  const std::string file = scenario_file(seed);
  test::dump(s, file);
  return test::cat("seed ", seed, ": ", problem, "; scenario written to ", file,
                   " (rerun with CERCO_PROPERTY_SEED=", seed, ")");
}

std::string check_seed(std::uint64_t seed, std::uint64_t* events) {
  scenario s = test::generator(seed).make();
  outcome plain = run(s, false);
  outcome again = run(s, false);
  outcome checked = run(s, true);
  *events += checked.events;
  std::string problem = checked.problem.empty() ? plain.problem : checked.problem;
  if (problem.empty() && plain.hash != again.hash) problem = "two runs gave different hashes";
  if (problem.empty() && plain.hash != checked.hash)
    problem = "reading the state after every event changed the hash";
  if (problem.empty() && plain.events != checked.events)
    problem = "reading the state changed the number of events";
  return problem.empty() ? std::string() : report(seed, s, problem);
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

}  // namespace

TEST_CASE("generated worlds keep every property", "[properties]") {
  const std::uint64_t only = env_or("CERCO_PROPERTY_SEED", 0);
  const std::uint64_t first = only ? only : 1;
  const std::uint64_t last = only ? only : env_or("CERCO_PROPERTY_WORLDS", worlds_default);
  std::uint64_t events = 0, failures = 0;
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    std::string problem = check_seed(seed, &events);
    if (problem.empty()) continue;
    ++failures;
    FAIL_CHECK(problem);
    if (failures >= 5) break;  // enough to act on; each message names its file
  }
  INFO("worlds " << last - first + 1 << ", events in the checked runs " << events);
  CHECK(failures == 0);
  CHECK(events > 0);
}

/// Observers run inside an event; the ledger must balance whenever they look, since a
/// watcher or the server reads the world from an observer.
TEST_CASE("the ledger balances at every record an observer sees", "[properties]") {
  const std::uint64_t only = env_or("CERCO_PROPERTY_SEED", 0);
  const std::uint64_t first = only ? only : 1;
  const std::uint64_t last = only ? only : env_or("CERCO_PROPERTY_WORLDS", worlds_default);
  std::uint64_t failures = 0;
  for (std::uint64_t seed = first; seed <= last && failures < 5; ++seed) {
    scenario s = test::generator(seed).make();
    outcome o = run(s, true);
    if (o.record_problem.empty()) continue;
    ++failures;
    FAIL_CHECK(report(seed, s, o.record_problem));
  }
  CHECK(failures == 0);
}

TEST_CASE("the generator is deterministic and makes varied worlds", "[properties]") {
  scenario a = test::generator(42).make(), b = test::generator(42).make();
  CHECK(a.nodes.size() == b.nodes.size());
  CHECK(a.rules.size() == b.rules.size());
  world wa, wb;
  REQUIRE(wa.init(a));
  REQUIRE(wb.init(b));
  wa.run();
  wb.run();
  CHECK(wa.run_hash() == wb.run_hash());
  std::uint64_t with_blockades = 0, with_rules = 0, with_negotiations = 0, with_airlifts = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    scenario s = test::generator(seed).make();
    with_blockades += !s.blockades.empty();
    with_rules += !s.rules.empty();
    with_negotiations += !s.negotiations.empty();
    with_airlifts += !s.airlifts.empty();
  }
  CHECK(with_blockades > 50);
  CHECK(with_rules > 50);
  CHECK(with_negotiations > 10);
  CHECK(with_airlifts > 10);
}
