#include "sim/sweep/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::sweep {
namespace {
namespace fs = std::filesystem;

struct shard_dir {
  std::string dir;
  sweep_state st;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every folder a complete shard of the same plan, shards 1..N each exactly once.
bool check_shards(std::vector<shard_dir>& shards, std::string* error) {
  for (auto& s : shards)
    if (!read_state(s.dir, s.st, error)) return false;
  std::sort(shards.begin(), shards.end(),
            [](const auto& a, const auto& b) { return a.st.shard.index < b.st.shard.index; });
  const sweep_state& a = shards[0].st;
  for (const auto& s : shards) {
    if (s.st.hash_version != run_hash_version) {
      *error = fmt::format(
          "{} was written by a cerco whose run hashes differ from this one's (run hash version "
          "{}, this is {}): run that shard again",
          s.dir, s.st.hash_version, run_hash_version);
      return false;
    }
    if (s.st.plan_hash != a.plan_hash || s.st.shard.count != a.shard.count || s.st.runs != a.runs) {
      *error = fmt::format(
          "{} and {} are shards of different sweeps (plan, scenario or shard count differ)",
          shards[0].dir, s.dir);
      return false;
    }
  }
  std::string missing;
  for (std::uint64_t i = 1, k = 0; i <= a.shard.count; ++i) {
    if (k < shards.size() && shards[k].st.shard.index == i) {
      if (++k < shards.size() && shards[k].st.shard.index == i) {
        *error =
            fmt::format("shard {} is given twice: {} and {}", i, shards[k - 1].dir, shards[k].dir);
        return false;
      }
    } else {
      missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    }
  }
  if (!missing.empty()) {
    *error = fmt::format("missing shard(s) {} of {}", missing, a.shard.count);
    return false;
  }
  for (const auto& s : shards) {
    if (!fs::exists(fs::path(s.dir) / "runs.csv")) {
      *error = fmt::format(
          "shard {}/{} in {} is incomplete (no runs.csv); finish it with "
          "cerco sweep PLAN --shard {}/{} --out {} --resume",
          s.st.shard.index, s.st.shard.count, s.dir, s.st.shard.index, s.st.shard.count, s.dir);
      return false;
    }
  }
  return true;
}

/// The plan from the shard's copy; outcomes (expanded when the sweep ran) from the header.
bool load_copy(const std::string& dir, plan& p, std::string* error) {
  plan_result r = parse_plan(read_all(fs::path(dir) / "plan.toml"), dir + "/plan.toml", false);
  if (!r.ok()) {
    *error = r.errors.empty() ? dir + "/plan.toml does not parse" : format(r.errors[0]);
    return false;
  }
  p = std::move(*r.value);
  std::ifstream in(fs::path(dir) / "runs.csv", std::ios::binary);
  std::string header;
  std::getline(in, header);
  auto cells = csv_split(header);
  if (cells.size() < 5 + p.params.size()) {
    *error = dir + "/runs.csv: header does not match plan.toml";
    return false;
  }
  p.outcomes.assign(cells.begin() + 4 + static_cast<long>(p.params.size()), cells.end() - 1);
  return csv_header(p) == header ||
         (*error = dir + "/runs.csv: header does not match plan.toml", false);
}

/// Interleaves the shards' rows: run r is row r / N of shard r % N + 1.
bool interleave(const std::vector<shard_dir>& shards, const plan& p, const std::string& out,
                std::string* error) {
  std::vector<std::unique_ptr<std::ifstream>> in;
  const std::string header = csv_header(p);
  for (const auto& s : shards) {
    in.push_back(std::make_unique<std::ifstream>(fs::path(s.dir) / "runs.csv", std::ios::binary));
    std::string h;
    if (!std::getline(*in.back(), h) || h != header) {
      *error = s.dir + "/runs.csv: its header differs from the other shards'";
      return false;
    }
  }
  const std::string part = out + "/runs.csv.part";
  std::ofstream o(part, std::ios::binary | std::ios::trunc);
  o << header << '\n';
  const std::uint64_t n = shards.size(), runs = shards[0].st.runs;
  std::string line;
  for (std::uint64_t r = 0; r < runs; ++r) {
    if (!std::getline(*in[r % n], line) || line.substr(0, line.find(',')) != std::to_string(r)) {
      *error = fmt::format("{}/runs.csv: run {} is missing or out of order", shards[r % n].dir, r);
      return false;
    }
    o << line << '\n';
  }
  for (std::uint64_t k = 0; k < n; ++k)
    if (std::getline(*in[k], line)) {
      *error = shards[k].dir + "/runs.csv: has more rows than its shard's runs";
      return false;
    }
  o.close();
  std::error_code ec;
  fs::rename(part, out + "/runs.csv", ec);
  if (ec) *error = "cannot write " + out + "/runs.csv: " + ec.message();
  return !ec;
}

bool prepare_out(const merge_options& o, const plan& p, const sweep_state& st, std::string* error) {
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) {
    *error = "cannot create " + o.out_dir + ": " + ec.message();
    return false;
  }
  if (fs::exists(fs::path(o.out_dir) / "sweep.state") && !o.force) {
    *error = o.out_dir + " already holds a sweep; add --force to replace it";
    return false;
  }
  fs::remove_all(fs::path(o.out_dir) / "charts", ec);
  sweep_state whole = st;
  whole.shard = shard_spec{};
  whole.shard_runs = st.runs;
  return write_file_atomic(o.out_dir + "/plan.toml", p.text, error) &&
         write_file_atomic(o.out_dir + "/sweep.state", state_text(whole), error);
}

}  // namespace

int merge_dirs(const merge_options& o, std::FILE* out) {
  std::vector<shard_dir> shards;
  for (const auto& d : o.dirs) shards.push_back({d, {}});
  std::string err;
  plan p;
  if (shards.empty()) err = "merge needs at least one shard folder";
  bool ok = !shards.empty() && check_shards(shards, &err) && load_copy(shards[0].dir, p, &err) &&
            prepare_out(o, p, shards[0].st, &err) && interleave(shards, p, o.out_dir, &err);
  if (!ok) {
    fmt::print(stderr, "cerco merge: error: {}\n", err);
    return 2;
  }
  fmt::print(out, "merged {} shard(s), {} runs, into {}\n", shards.size(), shards[0].st.runs,
             o.out_dir);
  return report_dir(p, o.out_dir, o.check, out);
}

}  // namespace cerco::sweep
