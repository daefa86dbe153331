// cerco-test-links: cerco_sweep
// Sweep plans: expansion of ranges and grids, Latin hypercubes, shards, statistics and
// CSV cells. End-to-end behaviour (pool, resume, merge, Slurm) is in sweep.test.sh.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <set>

#include "sim/sweep/plan.hpp"
#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

using namespace cerco::sweep;

namespace {
plan parse_ok(const std::string& text) {
  plan_result r = parse_plan(text, "test.toml", false);
  INFO((r.errors.empty() ? std::string() : cerco::format(r.errors[0])));
  REQUIRE(r.ok());
  return *r.value;
}
std::string first_error(const std::string& text) {
  plan_result r = parse_plan(text, "test.toml", false);
  REQUIRE_FALSE(r.ok());
  return cerco::format(r.errors.at(0));
}
const char* head =
    "[plan]\nscenario = \"tutorial/airlift\"\nreplications = 3\nseed = 10\n"
    "[[outcome]]\nname = \"events\"\n";
}  // namespace

TEST_CASE("a real range expands to its steps without rounding noise") {
  plan p = parse_ok(std::string(head) +
                    "[[param]]\npath = \"a.b\"\nrange = { from = 0.1, to = 0.5, step = 0.1 }\n");
  REQUIRE(p.params[0].levels.size() == 5);
  std::vector<std::string> got;
  for (const auto& v : p.params[0].levels) got.push_back(v.display());
  CHECK(got == std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"});
  CHECK(p.points() == 5);
  CHECK(p.runs() == 15);
}

TEST_CASE("an integer range keeps integers and stops at or below `to`") {
  plan p = parse_ok(
      std::string(head) +
      "[[param]]\npath = \"a.b\"\nrange = { from = 2, to = 9, step = 3 }\nunit = \" /d\"\n");
  REQUIRE(p.params[0].levels.size() == 3);
  CHECK(p.params[0].levels[2].display() == "8");
  CHECK(p.overrides_at(1)[0].value == "'5 /d'");  // a TOML literal string
}

TEST_CASE("grid points are listed with the first parameter slowest") {
  plan p = parse_ok(std::string(head) + "[[param]]\npath = \"a\"\nvalues = [1, 2]\n" +
                    "[[param]]\npath = \"b\"\nvalues = [\"x\", \"y\", \"z\"]\n");
  REQUIRE(p.points() == 6);
  CHECK(p.value_at(0, 0).display() == "1");
  CHECK(p.value_at(2, 1).display() == "z");
  CHECK(p.value_at(3, 0).display() == "2");
  CHECK(p.value_at(3, 1).display() == "x");
  CHECK(p.overrides_at(5)[1].value == "'z'");
}

TEST_CASE("a Latin hypercube puts one sample in each stratum of each parameter") {
  plan p = parse_ok(std::string(head) +
                    "[lhs]\nsamples = 20\nseed = 3\n"
                    "[[param]]\npath = \"a\"\nrange = { from = 0.0, to = 1.0 }\n"
                    "[[param]]\npath = \"b\"\nrange = { from = 1, to = 20 }\n");
  REQUIRE(p.points() == 20);
  std::set<int> strata_a, values_b;
  for (std::uint64_t i = 0; i < 20; ++i) {
    strata_a.insert(static_cast<int>(p.value_at(i, 0).number() * 20));
    values_b.insert(static_cast<int>(p.value_at(i, 1).i));
  }
  CHECK(strata_a.size() == 20);
  CHECK(values_b.size() == 20);  // 20 integers in 20 strata: each exactly once
  plan q = parse_ok(std::string(head) +
                    "[lhs]\nsamples = 20\nseed = 3\n"
                    "[[param]]\npath = \"a\"\nrange = { from = 0.0, to = 1.0 }\n"
                    "[[param]]\npath = \"b\"\nrange = { from = 1, to = 20 }\n");
  CHECK(q.value_at(7, 0).display() == p.value_at(7, 0).display());
}

TEST_CASE("bad plans name the place and the problem") {
  CHECK(first_error(std::string(head) +
                    "[[param]]\npath = \"a\"\nrange = { from = 1, to = 0, step = 1 }\n") ==
        "test.toml:9:9: error: empty range for 'a': needs from <= to and step > 0");
  CHECK(first_error(std::string(head) +
                    "[[param]]\npath = \"a\"\nrange = { from = 0, to = 1, step = 0 }\n")
            .find("empty range") != std::string::npos);
  CHECK(first_error(std::string(head) + "[[param]]\npath = \"a\"\nvalues = []\n")
            .find("test.toml:9:10: error: values must be a non-empty array") == 0);
  CHECK(first_error("[plan]\nscenario = \"x\"\nreplications = 0\n[[outcome]]\nname = \"events\"\n")
            .find("test.toml:3:16: error: [plan] replications must be an integer >= 1") == 0);
  CHECK(
      first_error(std::string(head) + "[[expect]]\noutcome = \"events\"\nstat = \"p99\"\nmax = 1\n")
          .find("unknown stat 'p99'") != std::string::npos);
  CHECK(first_error(std::string(head) + "[[parm]]\npath = \"a\"\n").find("did you mean 'param'") !=
        std::string::npos);
}

TEST_CASE("range bounds beyond 2^53, infinite or not a number are errors, never a crash") {
  const std::string bound =
      "range from, to and step must be finite and at most 9007199254740992 (2^53) in size";
  for (const char* range : {"{ from = 7777777777777777771, to = 91564, step = 3 }",
                            "{ from = 0, to = 9007199254740993, step = 1 }",
                            "{ from = 0, to = 10, step = -9223372036854775808 }",
                            "{ from = inf, to = inf, step = 1.0 }",
                            "{ from = 0.0, to = nan, step = 1.0 }", "{ from = -inf, to = 0 }"}) {
    INFO(range);
    const bool lhs = std::string(range).find("step") == std::string::npos;
    CHECK(first_error(std::string(head) + (lhs ? "[lhs]\nsamples = 4\n" : "") +
                      "[[param]]\npath = \"a\"\nrange = " + range + "\n")
              .find(bound) != std::string::npos);
  }
  plan p = parse_ok(std::string(head) + "[[param]]\npath = \"a\"\nrange = { from = " +
                    "-9007199254740992, to = 9007199254740992, step = 4503599627370496 }\n");
  REQUIRE(p.params[0].levels.size() == 5);
  CHECK(p.params[0].levels[4].i == 9007199254740992);
  plan q = parse_ok(std::string(head) +
                    "[lhs]\nsamples = 4\n[[param]]\npath = \"a\"\nrange = { from = "
                    "-9007199254740992, to = 9007199254740992 }\n"
                    "[[param]]\npath = \"b\"\nrange = { from = 0.0, to = 1e-310 }\n");
  for (std::uint64_t i = 0; i < 4; ++i) {
    CHECK(q.value_at(i, 0).i >= -9007199254740992);
    CHECK(q.value_at(i, 0).i <= 9007199254740992);
    CHECK(q.value_at(i, 1).number() >= 0);  // a subnormal sample, not an exception
    CHECK(q.value_at(i, 1).number() <= 1e-310);
  }
}

TEST_CASE("shards are 1-based and cover every run exactly once") {
  std::string err;
  CHECK_FALSE(parse_shard("0/4", &err).has_value());
  CHECK_FALSE(parse_shard("5/4", &err).has_value());
  CHECK_FALSE(parse_shard("1-4", &err).has_value());
  std::uint64_t total = 0;
  std::set<std::uint64_t> seen;
  for (std::uint64_t i = 1; i <= 4; ++i) {
    shard_spec s = *parse_shard(std::to_string(i) + "/4", &err);
    for (std::uint64_t m = 0; m < s.runs_in(10); ++m) seen.insert(s.run_of(m));
    total += s.runs_in(10);
  }
  CHECK(total == 10);
  CHECK(seen.size() == 10);
  CHECK(*seen.rbegin() == 9);
}

TEST_CASE("summary statistics: quantiles, sd and the t interval") {
  std::vector<double> v = {5, 1, 4, 2, 3};
  stats s = summarize(v);
  CHECK(s.mean == Approx(3));
  CHECK(s.sd == Approx(std::sqrt(2.5)));
  CHECK(s.p50 == Approx(3));
  CHECK(s.p5 == Approx(1.2));
  CHECK(s.p95 == Approx(4.8));
  CHECK(s.ci_hi - s.mean == Approx(2.776445 * std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-5));
  CHECK(t975(1) == Approx(12.7062));
  CHECK(t975(60) == Approx(2.000298).epsilon(1e-5));
  CHECK(t975(1000) == Approx(1.962339).epsilon(1e-5));
  std::vector<double> one = {7};
  stats o = summarize(one);
  CHECK(o.sd == 0);
  CHECK(o.ci_lo == 7);
}

TEST_CASE("CSV cells round-trip through quoting") {
  std::string line = csv_cell("a,b") + "," + csv_cell("say \"hi\"") + "," + csv_cell("La Paz");
  CHECK(line == "\"a,b\",\"say \"\"hi\"\"\",La Paz");
  CHECK(csv_split(line) == std::vector<std::string>{"a,b", "say \"hi\"", "La Paz"});
  CHECK(format_real(1.0) == "1.0");
  CHECK(format_real(0.1) == "0.1");
}

TEST_CASE("a plan file over its size limit is refused before it is read") {
  std::string path = std::string(CERCO_BUILD_DIR) + "/oversized_plan.toml";
  {
    std::ofstream out(path, std::ios::binary);
    out << head << std::string(2 << 20, '#') << '\n';
  }
  plan_result r = load_plan(path, false);
  std::remove(path.c_str());
  REQUIRE_FALSE(r.ok());
  CHECK(cerco::format(r.errors.at(0)).find("larger than 1 MiB") != std::string::npos);
}
