/// Stand-alone driver for cerco's PHOLD (run_phold), for the peer comparison when the
/// `cerco` executable is not built. Prints the same figures as `cerco bench phold`.
#include <chrono>
#include <cinttypes>
#include <cstdio>

#include "cerco/phold.hpp"
#include "phold_flags.hpp"
#include "sim/engine/phold_run.hpp"

int main(int argc, char** argv) {
  bench::phold_flags f;
  if (!bench::parse_phold_flags(argc, argv, f)) return 2;
  cerco::phold_config c{f.lps,          f.events_per_lp, f.remote, f.mean_us,
                        f.lookahead_us, f.events,        f.seed};
  if (auto why = cerco::phold_config_error(c); !why.empty()) {
    std::fprintf(stderr, "phold_cerco: %.*s\n", static_cast<int>(why.size()), why.data());
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  cerco::phold_result r = cerco::run_phold(c);
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const std::uint64_t expected = std::uint64_t{f.lps} * f.events_per_lp;
  std::printf(
      "phold (cerco): %u LPs x %u events, remote %g, mean %g us, lookahead %g us, seed %" PRIu64
      "\n",
      f.lps, f.events_per_lp, f.remote, f.mean_us, f.lookahead_us, f.seed);
  std::printf("events %" PRIu64 " in %.3f s\n", r.events_processed, wall.count());
  std::printf("events/s %.0f\n", static_cast<double>(r.events_processed) / wall.count());
  std::printf("final population %" PRIu64 " (expected %" PRIu64 ")\n", r.final_population,
              expected);
  std::printf("end time %" PRId64 " us, checksum %016" PRIx64 "\n", r.end_time_us, r.checksum);
  return r.final_population == expected ? 0 : 1;
}
