// cerco-test-links: cerco_scenario
// Every file in scenarios/invalid/ must fail to load with the message its first line
// names ("# expect: ...") and, when given, at the position its second line names
// ("# at: line:col"). A "# limits: key=value" line lowers a limit for that file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"

namespace {

struct expectation {
  std::string expect;
  int line = 0, column = 0;
  cerco::load_limits limits;
};

std::string header_value(const std::string& line, const std::string& tag) {
  return line.rfind(tag, 0) == 0 ? line.substr(tag.size()) : std::string();
}

void apply_limit(cerco::load_limits& l, const std::string& kv) {
  const auto eq = kv.find('=');
  REQUIRE(eq != std::string::npos);
  const std::string key = kv.substr(0, eq);
  const std::size_t v = std::stoul(kv.substr(eq + 1));
  if (key == "nodes_max")
    l.nodes_max = v;
  else if (key == "roads_max")
    l.roads_max = v;
  else if (key == "rules_max")
    l.rules_max = v;
  else if (key == "file_bytes_max")
    l.file_bytes_max = v;
  else if (key == "id_bytes_max")
    l.id_bytes_max = v;
  else if (key == "text_bytes_max")
    l.text_bytes_max = v;
  else
    FAIL("unknown limit in a # limits: line: " << key);
}

expectation read_header(const std::filesystem::path& p) {
  std::ifstream in(p);
  expectation e;
  std::string line;
  for (int i = 0; i < 4 && std::getline(in, line); ++i) {
    if (auto v = header_value(line, "# expect: "); !v.empty()) e.expect = v;
    if (auto v = header_value(line, "# at: "); !v.empty()) {
      REQUIRE(std::sscanf(v.c_str(), "%d:%d", &e.line, &e.column) == 2);
    }
    if (auto v = header_value(line, "# limits: "); !v.empty()) apply_limit(e.limits, v);
  }
  return e;
}

std::vector<std::filesystem::path> invalid_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(CERCO_SOURCE_DIR "/scenarios/invalid")) {
    if (e.path().extension() == ".toml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the invalid corpus is large and every file says what it expects") {
  const auto files = invalid_files();
  CHECK(files.size() >= 35);
  for (const auto& f : files) {
    INFO(f.filename().string());
    CHECK_FALSE(read_header(f).expect.empty());
  }
}

TEST_CASE("every invalid scenario fails with its message at its position") {
  for (const auto& f : invalid_files()) {
    const expectation e = read_header(f);
    const cerco::load_result r = cerco::load_scenario_file(f.string(), {}, e.limits);
    std::string all;
    for (const auto& d : r.errors) all += cerco::format(d) + "\n";
    INFO(f.filename().string() << " expects: " << e.expect << "\ngot:\n" << all);
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.value.has_value());
    const auto hit = std::find_if(r.errors.begin(), r.errors.end(), [&](const auto& d) {
      return d.message.find(e.expect) != std::string::npos;
    });
    REQUIRE(hit != r.errors.end());
    CHECK(hit->file == f.string());
    if (e.line > 0) {
      CHECK(hit->line == e.line);
      CHECK(hit->column == e.column);
    }
  }
}
