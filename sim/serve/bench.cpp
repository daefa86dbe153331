// `cerco serve --bench`: the simulation's events/s with no clients and with N subscribed
// clients (medians of full runs at maximum speed), and `state` round trips on loopback.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <ostream>
#include <thread>

#include "sim/serve/client.hpp"
#include "sim/serve/server.hpp"

namespace cerco::serve {
namespace {

using clock_type = std::chrono::steady_clock;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct run_rate {
  double per_wall_s = 0;  ///< events per second of wall time
  double per_cpu_s = 0;   ///< events per second of the simulation thread's CPU time
};

/// One full run at maximum speed from the start; events/s as the server measured it.
std::optional<run_rate> one_run(line_client& control) {
  if (!control.request({{"cmd", "reset"}})) return std::nullopt;
  if (!control.request({{"cmd", "resume"}})) return std::nullopt;
  for (;;) {
    auto j = control.read_json(60000);
    if (!j) return std::nullopt;
    if (j->value("notice", "") == "finished")
      return run_rate{(*j)["events_per_s"].get<double>(), (*j)["events_per_cpu_s"].get<double>()};
  }
}

/// N subscribers read on their own thread and count lines, as a dashboard would.
struct subscribers {
  std::vector<std::unique_ptr<line_client>> clients;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> lines{0};
  std::thread reader;

  bool open(std::uint16_t port, int n, std::int64_t every_s) {
    for (int i = 0; i < n; ++i) {
      auto c = std::make_unique<line_client>();
      if (!c->connect("127.0.0.1", port)) return false;
      auto r = c->request({{"cmd", "subscribe"}, {"stream", "measures"}, {"every", every_s}});
      if (!r || !(*r)["ok"].get<bool>()) return false;
      clients.push_back(std::move(c));
    }
    reader = std::thread([this] { read_all(); });
    return true;
  }
  void read_all() {
    while (!stop) {
      for (auto& c : clients)
        while (auto line = c->read_line(0)) lines += 1;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  ~subscribers() {
    stop = true;
    if (reader.joinable()) reader.join();
  }
};

std::vector<double> rtts_ms(line_client& c, int n) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto t0 = clock_type::now();
    auto r = c.request({{"cmd", "state"}}, 10000);
    if (!r) break;
    out.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
  }
  return out;
}

}  // namespace

int run_bench(const scenario& s, const bench_options& b, std::ostream& out) {
  serve_options o;
  o.speed = 0;
  o.handle_signals = false;
  o.clients_max = static_cast<std::size_t>(b.clients) + 8;
  server srv(s, "bench", o);
  std::string error;
  if (!srv.open(&error)) {
    out << "cerco serve --bench: " << error << "\n";
    return 2;
  }
  std::thread t([&] { srv.run(); });
  line_client control;
  bool ok = control.connect("127.0.0.1", srv.port()) && control.request({{"cmd", "hello"}});
  std::vector<double> alone, with, alone_cpu, with_cpu;
  for (int i = 0; ok && i < b.runs; ++i) {
    auto v = one_run(control);
    ok = v.has_value();
    if (ok) alone.push_back(v->per_wall_s), alone_cpu.push_back(v->per_cpu_s);
  }
  std::vector<double> rtt_paused = ok ? rtts_ms(control, b.rtt_requests) : std::vector<double>{};
  std::uint64_t lines = 0;
  std::vector<double> rtt_running;
  {
    subscribers subs;
    ok = ok && subs.open(srv.port(), b.clients, b.every_s);
    for (int i = 0; ok && i < b.runs; ++i) {
      auto v = one_run(control);
      ok = v.has_value();
      if (ok) with.push_back(v->per_wall_s), with_cpu.push_back(v->per_cpu_s);
    }
    // Round trips while the run is paced (one simulated day per second) and pushing.
    if (ok && control.request({{"cmd", "reset"}}) &&
        control.request({{"cmd", "speed"}, {"factor", 86400}}) &&
        control.request({{"cmd", "resume"}}))
      rtt_running = rtts_ms(control, b.rtt_requests);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    lines = subs.lines;
  }
  srv.stop();
  t.join();
  if (!ok) {
    out << "cerco serve --bench: a request failed or timed out\n";
    return 1;
  }
  double a = median(alone), w = median(with), ac = median(alone_cpu), wc = median(with_cpu);
  auto change = [](double x, double y) { return x > 0 ? (y - x) / x * 100 : 0.0; };
  out << fmt::format("scenario {} ({} runs per configuration, medians)\n", s.name, b.runs);
  out << fmt::format("{:>34} {:>16} {:>20}\n", "configuration", "events/s (wall)",
                     "events/s (sim CPU)");
  out << fmt::format("{:>34} {:>16.0f} {:>20.0f}\n", "no clients", a, ac);
  out << fmt::format("{:>34} {:>16.0f} {:>20.0f}\n",
                     fmt::format("{} clients, measures every {}s", b.clients, b.every_s), w, wc);
  out << fmt::format("{:>34} {:>+15.1f}% {:>+19.1f}%\n", "change", change(a, w), change(ac, wc));
  out << fmt::format("pushed lines received by the subscribers: {}\n", lines);
  out << fmt::format("state round trip, paused:  median {:.3f} ms, p99 {:.3f} ms ({} requests)\n",
                     median(rtt_paused), percentile(rtt_paused, 0.99), rtt_paused.size());
  out << fmt::format(
      "state round trip, running: median {:.3f} ms, p99 {:.3f} ms ({} requests, "
      "{} subscribers, speed 86400)\n",
      median(rtt_running), percentile(rtt_running, 0.99), rtt_running.size(), b.clients);
  return 0;
}

}  // namespace cerco::serve
