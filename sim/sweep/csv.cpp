// CSV rows of runs.csv, the shard syntax and the interrupt flag.
#include <fmt/format.h>

#include <csignal>

#include "sim/sweep/runner.hpp"

namespace cerco::sweep {

std::string hex64(std::uint64_t v) {
  return fmt::format("{:016x}", v);
}

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::vector<std::string> csv_split(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

std::string csv_header(const plan& p) {
  std::string h = "run,point,replication,seed";
  for (const auto& par : p.params) h.append(",").append(csv_cell(par.path));
  for (const auto& o : p.outcomes) h.append(",").append(csv_cell(o));
  h.append(",run_hash");
  return h;
}

std::string format_row(const plan& p, const run_row& r) {
  std::string s = fmt::format("{},{},{},{}", r.run, r.point, r.replication, r.seed);
  for (std::size_t i = 0; i < p.params.size(); ++i)
    s.append(",").append(csv_cell(p.value_at(r.point, i).display()));
  // Shortest round-trip text: re-reading the CSV gives back the exact doubles.
  for (double v : r.outcomes) s += fmt::format(",{}", v);
  s.append(",").append(hex64(r.run_hash));
  return s;
}

std::optional<shard_spec> parse_shard(std::string_view text, std::string* error) {
  std::size_t slash = text.find('/');
  shard_spec s;
  auto num = [](std::string_view t, std::uint64_t& out) {
    if (t.empty() || t.size() > 9) return false;
    out = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
  };
  if (slash == std::string_view::npos || !num(text.substr(0, slash), s.index) ||
      !num(text.substr(slash + 1), s.count) || s.count == 0) {
    *error = fmt::format("--shard takes i/N with 1 <= i <= N, e.g. 3/8 (got '{}')", text);
    return std::nullopt;
  }
  if (s.index < 1 || s.index > s.count) {
    *error =
        fmt::format("--shard {}: shards are numbered from 1 to N (as in sbatch --array=1-N)", text);
    return std::nullopt;
  }
  return s;
}

namespace {
std::atomic<bool> g_stop{false};
/// The first SIGINT asks for a clean stop; the default action is restored so that a
/// second one kills at once.
extern "C" void on_signal(int sig) {
  g_stop.store(true);
  if (sig == SIGINT) std::signal(SIGINT, SIG_DFL);
}
}  // namespace

const std::atomic<bool>* install_interrupt_handlers() {
  g_stop.store(false);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return &g_stop;
}

void restore_interrupt_handlers() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace cerco::sweep
