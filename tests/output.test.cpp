// cerco-test-links: cerco_output cerco_scenario
// The output room's pieces that do not need a run: dates, atomic files, the folder
// check, text tables, names and JSON text.
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/output/atomic_file.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/driver.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/run_outputs.hpp"
#include "sim/output/summary.hpp"
#include "sim/output/text_table.hpp"
#include "sim/output/worker.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"

namespace fs = std::filesystem;
using namespace cerco;

namespace {

fs::path scratch(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("cerco_output_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("dates count from the scenario's start", "[dates]") {
  date_clock clock("2019-11-12");
  REQUIRE(clock.has_start());
  CHECK(clock.date(0) == "2019-11-12");
  CHECK(clock.date(day_s - 1) == "2019-11-12");
  CHECK(clock.date(21 * day_s) == "2019-12-03");
  CHECK(clock.date(50 * day_s) == "2020-01-01");
  CHECK(clock.date_time(3 * day_s + 6 * hour_s + 30 * minute_s) == "2019-11-15 06:30");
  CHECK(date_clock::day_number(0) == 1);
  CHECK(date_clock::day_number(day_s) == 2);
  CHECK(date_clock("2020-02-28").date(day_s) == "2020-02-29");
  CHECK(date_clock("2100-02-28").date(day_s) == "2100-03-01");
  CHECK(date_clock("2000-02-28").date(day_s) == "2000-02-29");
  CHECK(clock.date_time(-1) == "2019-11-11 23:59");
  CHECK(date_clock("0005-01-01").date_time(0) == "0005-01-01 00:00");
  CHECK(date_clock("9999-12-31").date_time(day_s + 90 * minute_s) == "10000-01-01 01:30");
}

TEST_CASE("malformed dates are refused", "[dates]") {
  civil_date d;
  CHECK_FALSE(parse_civil_date("2019-02-29", &d));
  CHECK_FALSE(parse_civil_date("2019-13-01", &d));
  CHECK_FALSE(parse_civil_date("2019-11-1", &d));
  CHECK_FALSE(parse_civil_date("", &d));
  CHECK_FALSE(date_clock("soon").has_start());
  CHECK(date_clock("soon").date(0) == "1970-01-01");
  for (std::int64_t days = -800000; days < 800000; days += 997) {
    CHECK(days_from_civil(civil_from_days(days)) == days);
  }
}

TEST_CASE("an atomic file appears complete or not at all", "[atomic]") {
  fs::path dir = scratch("atomic");
  std::string path = (dir / "a.txt").string();
  atomic_file f;
  REQUIRE(f.open(path));
  f.write("hello ");
  f.write(std::string(200000, 'x'));
  CHECK_FALSE(fs::exists(path));  // nothing under the final name before commit
  CHECK(fs::exists(f.temp_path()));
  REQUIRE(f.commit());
  CHECK(fs::file_size(path) == 200006);
  CHECK(entries(dir) == 1);

  atomic_file g;
  REQUIRE(g.open(path));
  g.write("replacement");
  g.abandon();
  CHECK(slurp(path).size() == 200006);  // the old file is untouched
  CHECK(entries(dir) == 1);             // and no temporary is left
}

TEST_CASE("a failing write leaves the old file and no temporary", "[atomic]") {
  fs::path dir = scratch("failing");
  std::string path = (dir / "data.csv").string();
  std::string error;
  REQUIRE(write_file_atomic(path, "old contents\n", &error));
  // A real write failure: the file size limit makes write(2) fail with EFBIG.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 100000;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  bool ok = write_file_atomic(path, std::string(300000, 'y'), &error);
  setrlimit(RLIMIT_FSIZE, &old);
  CHECK_FALSE(ok);
  CHECK(error.find("cannot write") != std::string::npos);
  CHECK(slurp(path) == "old contents\n");
  CHECK(entries(dir) == 1);
}

TEST_CASE("an output folder that is not empty is refused without force", "[outdir]") {
  fs::path dir = scratch("outdir");
  std::string error;
  CHECK(prepare_out_dir((dir / "new" / "deep").string(), false, &error));
  CHECK(fs::is_directory(dir / "new" / "deep"));
  CHECK(prepare_out_dir((dir / "new" / "deep").string(), false, &error));  // empty: fine
  std::ofstream(dir / "new" / "deep" / "x") << "x";
  CHECK_FALSE(prepare_out_dir((dir / "new" / "deep").string(), false, &error));
  CHECK(error.find("--force") != std::string::npos);
  CHECK(prepare_out_dir((dir / "new" / "deep").string(), true, &error));
  CHECK_FALSE(prepare_out_dir((dir / "new" / "deep" / "x").string(), true, &error));
  CHECK(error.find("not a folder") != std::string::npos);
}

TEST_CASE("text tables align columns", "[text]") {
  text_table t({false, true});
  t.add({"city", "unmet"});
  t.add({"El Alto", "1,200 L"});
  t.add({"Río Abajo", "5 L"});
  CHECK(t.render(0) == "city         unmet\nEl Alto    1,200 L\nRío Abajo      5 L\n");
  CHECK(group_digits(0) == "0");
  CHECK(group_digits(999) == "999");
  CHECK(group_digits(1000) == "1,000");
  CHECK(group_digits(-1234567) == "-1,234,567");
}

TEST_CASE("names, slugs and JSON text", "[names]") {
  CHECK(slug("La Paz") == "la_paz");
  CHECK(slug("El Alto (north)") == "el_alto_north");
  CHECK(slug("***") == "city");
  std::string out;
  append_json_string(out, "a\"b\\c\n");
  CHECK(out == "\"a\\\"b\\\\c\\u000a\"");
  CHECK(hex64(0xabc) == "0000000000000abc");
  scenario s;
  s.fleets.push_back(fleet_spec{"tankers", 0, commodity::gasoline, 3, 1000, {}, hour_s});
  s.fleets.push_back(fleet_spec{"lorries", 0, commodity::food, 2, 1000, {}, hour_s});
  CHECK(entity_name(s, id_kind::truck, 0) == "tankers#0");
  CHECK(entity_name(s, id_kind::truck, 3) == "lorries#0");
  CHECK(entity_name(s, id_kind::blockade, 7) == "blockade#7");
  for (int k = 0; k < record_kind_count; ++k) {
    CHECK(layout_of(static_cast<record_kind>(k)).subject_key != nullptr);
  }
}

TEST_CASE("integers and ratios are written exactly", "[text]") {
  std::string out;
  append_int(out, -42);
  out += ' ';
  append_ratio3(out, 2, 3);
  out += ' ';
  append_ratio3(out, 1999, 1000);
  out += ' ';
  append_ratio3(out, 19999, 10000);
  out += ' ';
  append_ratio3(out, 0, 7);
  CHECK(out == "-42 0.667 1.999 2.000 0.000");
  out.clear();
  append_ratio3(out, 1, 2000);  // 0.0005: half up
  out += ' ';
  append_ratio3(out, 2999, 2000000);  // 0.0014995: down
  out += ' ';
  append_ratio3(out, INT64_MAX - 1, INT64_MAX);  // 128-bit: rounds up to a whole one
  out += ' ';
  append_ratio3(out, INT64_MAX, 3);
  CHECK(out == "0.001 0.001 1.000 3074457345618258602.333");
  for (std::int64_t v :
       {std::int64_t{0}, std::int64_t{9}, std::int64_t{10}, std::int64_t{99}, std::int64_t{100},
        std::int64_t{-1}, std::int64_t{-100}, INT64_MAX, INT64_MIN, std::int64_t{1234567890123}}) {
    out.clear();
    append_int(out, v);
    CHECK(out == std::to_string(v));
  }
}

TEST_CASE("a summary without cover tracking agrees on everything else", "[summary]") {
  for (const builtin_scenario& b : builtin_scenarios()) {
    INFO("scenario " << b.name);
    load_result lr = load_scenario_text(std::string_view(b.text, b.size), b.name);
    REQUIRE(lr.ok());
    world a, c;
    REQUIRE(a.init(*lr.value));
    REQUIRE(c.init(*lr.value));
    run_summary tracked = run_with_summary(a);
    run_summary plain = run_with_summary(c, -1, 0);
    CHECK(plain.run_hash == tracked.run_hash);
    CHECK(plain.events == tracked.events);
    CHECK(plain.casualties == tracked.casualties);
    CHECK(plain.talks_started_s == tracked.talks_started_s);
    CHECK(plain.blockade_lifted_s == tracked.blockade_lifted_s);
    CHECK(plain.timeline.size() == tracked.timeline.size());
    REQUIRE(plain.cities.size() == tracked.cities.size());
    bool some_cover = false;
    for (std::size_t i = 0; i < plain.cities.size(); ++i) {
      CHECK(plain.cities[i].first_stockout_s == tracked.cities[i].first_stockout_s);
      CHECK(plain.cities[i].unmet == tracked.cities[i].unmet);
      CHECK(plain.cities[i].short_s == tracked.cities[i].short_s);
      CHECK(plain.cities[i].worst_cover_s == time_s_max);
      some_cover = some_cover || tracked.cities[i].worst_cover_s < time_s_max;
    }
    if (!plain.cities.empty()) CHECK(some_cover);  // tracking does find a cover
  }
}

TEST_CASE("the output worker runs jobs in order and wait returns after the last", "[worker]") {
  std::vector<int> ran;
  {
    output_worker worker;
    for (int i = 0; i < 1000; ++i) worker.post([&ran, i] { ran.push_back(i); });
    worker.wait();
    REQUIRE(ran.size() == 1000);
    for (int i = 0; i < 1000; ++i) CHECK(ran[static_cast<std::size_t>(i)] == i);
    worker.post([&ran] { ran.push_back(-1); });
  }  // the destructor runs what is still posted
  CHECK(ran.back() == -1);
}

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("files formatted on the worker equal files formatted at once", "[worker]") {
  load_result lr = load_scenario_file("la_paz_2019");
  REQUIRE(lr.ok());
  const scenario& s = *lr.value;
  const fs::path dir =
      fs::temp_directory_path() / ("cerco_worker_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "async");
  fs::create_directories(dir / "sync");
  std::string error;
  {  // through output_set: its worker formats events.jsonl and timeseries.csv
    world w;
    REQUIRE(w.init(s));
    summary_observer summary(w);
    w.add_observer(summary.as_observer());
    output_set files(s, (dir / "async").string());
    REQUIRE(files.open(&error));
    files.attach(w);
    drive(w, -1, hour_s, [&](const world& now) { files.sample(now); });
    REQUIRE(files.finish(w, summary.finish(w), run_info{}, manifest_info{}, &error));
  }
  {  // the same writers without a worker
    world w;
    REQUIRE(w.init(s));
    event_log events(s);
    timeseries_writer series(s);
    REQUIRE(
        events.open((dir / "sync/events.jsonl").string(), (dir / "sync/triggers.jsonl").string()));
    REQUIRE(series.open((dir / "sync/timeseries.csv").string()));
    w.add_observer(events.as_observer());
    drive(w, -1, hour_s, [&](const world& now) { series.sample(now); });
    REQUIRE(events.commit());
    REQUIRE(series.commit());
  }
  for (const char* name : {"events.jsonl", "triggers.jsonl", "timeseries.csv"}) {
    INFO(name);
    const std::string async = read_all((dir / "async" / name).string());
    CHECK(async.size() > 1000);
    CHECK(async == read_all((dir / "sync" / name).string()));
  }
  fs::remove_all(dir);
}
