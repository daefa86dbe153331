// cerco-test-links: cerco_sweep cerco_serve
// Replays every input the fuzzers ever found (tests/regressions/<target>-<hash>) and
// every seed they start from, through the same entry points the fuzz targets call
// (tests/fuzz/entry.hpp). An input that crashes, hangs or breaks a property there fails
// here, in every build (the asan build turns memory errors into failures too).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "tests/fuzz/entry.hpp"

namespace fs = std::filesystem;

namespace {

using entry_fn = void (*)(const std::uint8_t*, std::size_t);

const std::map<std::string, entry_fn>& entries() {
  static const std::map<std::string, entry_fn> table = {{"scenario", &cerco::fuzz::scenario_text},
                                                        {"plan", &cerco::fuzz::sweep_plan},
                                                        {"override", &cerco::fuzz::override_flags},
                                                        {"units", &cerco::fuzz::unit_text},
                                                        {"request", &cerco::fuzz::serve_requests}};
  return table;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replay(const std::string& target, const fs::path& file) {
  INFO("replaying " << file.string() << " through the " << target << " entry point");
  auto it = entries().find(target);
  REQUIRE(it != entries().end());
  std::string bytes = read_bytes(file);
  it->second(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  SUCCEED();
}

std::vector<fs::path> files_under(const fs::path& dir, bool recursive) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path());
  } else {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every saved fuzz finding replays cleanly", "[regressions]") {
  const fs::path dir = fs::path(CERCO_SOURCE_DIR) / "tests" / "regressions";
  for (const fs::path& f : files_under(dir, false)) {
    std::string name = f.filename().string();
    if (name == "README.md") continue;
    std::string target = name.substr(0, name.find('-'));
    // A file whose name names no entry point is a mistake, not something to skip.
    REQUIRE(entries().count(target) == 1);
    replay(target, f);
  }
}

TEST_CASE("every fuzz seed replays cleanly", "[regressions]") {
  const fs::path src(CERCO_SOURCE_DIR);
  std::size_t replayed = 0;
  for (const fs::path& f : files_under(src / "scenarios", true)) {
    if (f.extension() != ".toml") continue;
    bool plan = f.parent_path().filename() == "sweeps";
    replay(plan ? "plan" : "scenario", f);
    ++replayed;
  }
  for (const char* target : {"override", "units", "request"}) {
    for (const fs::path& f : files_under(src / "tests" / "fuzz" / "seeds" / target, false)) {
      replay(target, f);
      ++replayed;
    }
  }
  CHECK(replayed > 50);
}

TEST_CASE("the entry points accept what they should", "[regressions]") {
  // The seeds must reach past the parsers, or the fuzzers would only test rejections.
  cerco::load_result r = cerco::load_scenario_text(cerco::fuzz::small_scenario(), "airlift.toml");
  REQUIRE(r.ok());
  std::string error;
  auto kv = cerco::parse_override("blockade.farm_road_blockade.strength=0.5", &error);
  REQUIRE(kv);
  CHECK(cerco::load_scenario_text(cerco::fuzz::small_scenario(), "airlift.toml", {*kv}).ok());
  cerco::duration_parse d = cerco::parse_duration("1d 6h");
  REQUIRE(d.ok());
  CHECK(d.value_s == 30 * cerco::hour_s);
}
