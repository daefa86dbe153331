/// The naive C++ reference for the PHOLD comparison: what a competent first version looks
/// like. std::priority_queue of (double time, uint32 lp), one splitmix64 generator,
/// exponential by -log(u). Same model and flags as cerco's PHOLD.
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "phold_flags.hpp"

namespace {

struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double exponential(double mean) { return -mean * std::log(1.0 - unit()); }
};

using item = std::pair<double, std::uint32_t>;

}  // namespace

int main(int argc, char** argv) {
  bench::phold_flags f;
  if (!bench::parse_phold_flags(argc, argv, f)) return 2;
  auto start = std::chrono::steady_clock::now();
  splitmix64 rng{f.seed};
  const double delay_mean = f.mean_us - f.lookahead_us;
  std::priority_queue<item, std::vector<item>, std::greater<item>> queue;
  for (std::uint32_t lp = 0; lp < f.lps; ++lp) {
    for (std::uint32_t i = 0; i < f.events_per_lp; ++i) {
      queue.push({f.lookahead_us + rng.exponential(delay_mean), lp});
    }
  }
  double now = 0;
  std::uint64_t processed = 0;
  for (; processed < f.events && !queue.empty(); ++processed) {
    item ev = queue.top();
    queue.pop();
    now = ev.first;
    std::uint32_t dest = ev.second;
    if (rng.unit() < f.remote) dest = static_cast<std::uint32_t>(rng.next() % f.lps);
    queue.push({now + f.lookahead_us + rng.exponential(delay_mean), dest});
  }
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const std::uint64_t expected = std::uint64_t{f.lps} * f.events_per_lp;
  std::printf("phold (naive): %u LPs x %u events, remote %g, mean %g us, lookahead %g us\n", f.lps,
              f.events_per_lp, f.remote, f.mean_us, f.lookahead_us);
  std::printf("events %" PRIu64 " in %.3f s\n", processed, wall.count());
  std::printf("events/s %.0f\n", static_cast<double>(processed) / wall.count());
  std::printf("final population %zu (expected %" PRIu64 "), end time %.0f us\n", queue.size(),
              expected, now);
  return queue.size() == expected ? 0 : 1;
}
