// cerco-test-links: cerco_scenario
// Golden run hashes: every shipped scenario, run to its end, must give the hash written
// in tests/approved/run_hashes.txt. A change to the model that changes a run shows up
// here; after checking that the change is intended, re-approve with CERCO_APPROVE=1.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cerco/world.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"

namespace {

const std::string approved_path = std::string(CERCO_SOURCE_DIR) + "/tests/approved/run_hashes.txt";

std::map<std::string, std::string> read_approved() {
  std::map<std::string, std::string> out;
  std::ifstream in(approved_path);
  std::string name, hash;
  while (in >> name >> hash) out[name] = hash;
  return out;
}

std::string run_hash(const cerco::scenario& s) {
  cerco::world w;
  REQUIRE(w.init(s));
  w.run();
  REQUIRE(w.status() == cerco::world_status::ok);
  REQUIRE(w.accounts_balance());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(w.run_hash()));
  return buf;
}

}  // namespace

TEST_CASE("every shipped scenario gives its approved run hash", "[golden][determinism]") {
  std::map<std::string, std::string> approved = read_approved();
  std::ostringstream now;
  bool approve = std::getenv("CERCO_APPROVE") != nullptr;
  for (const cerco::builtin_scenario& b : cerco::builtin_scenarios()) {
    cerco::load_result r = cerco::load_scenario_text(std::string_view(b.text, b.size), b.name);
    INFO("scenario " << b.name);
    REQUIRE(r.ok());
    std::string hash = run_hash(*r.value);
    CHECK(hash == run_hash(*r.value));  // the same inputs give the same hash
    now << b.name << ' ' << hash << '\n';
    if (!approve) CHECK(approved[b.name] == hash);
  }
  if (approve) std::ofstream(approved_path) << now.str();
}
