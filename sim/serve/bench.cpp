// `cerco serve --bench`: the simulation's events/s with no clients, and with N subscribed
// clients in the first run after subscribing and in the steady state (medians of full
// runs at maximum speed), and `state` round trips on loopback.
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <dirent.h>
#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include "cerco/time.hpp"
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
  double events = 0;      ///< events the run processed
  double wall_s = 0;      ///< its wall time
  double per_wall_s = 0;  ///< events per second of wall time
  double per_cpu_s = 0;   ///< events per second of the simulation thread's CPU time
  double sys_ms = 0;      ///< the simulation thread's time in the kernel
  double switches = 0;    ///< its context switches, waits and preemptions
  double preempted = 0;   ///< of which preemptions
  double samples = 0;     ///< samples made
  double faults = 0;      ///< its minor page faults
  double sim_ms = 0;      ///< the simulation thread's CPU time
  double net_ms = 0;      ///< the network thread's, from resume to the finished notice
  double reader_ms = 0;   ///< the subscribers' reader thread's, over the same time
};

/// Medians of each figure over a configuration's runs, and their totals.
struct rates {
  std::vector<double> wall, cpu, sys_ms, switches, preempted, faults, samples, sim_ms, net_ms,
      reader_ms;
  double events = 0, wall_s = 0;
  void add(const run_rate& r) {
    events += r.events, wall_s += r.wall_s;
    wall.push_back(r.per_wall_s), cpu.push_back(r.per_cpu_s), sys_ms.push_back(r.sys_ms);
    switches.push_back(r.switches), preempted.push_back(r.preempted), faults.push_back(r.faults);
    samples.push_back(r.samples), sim_ms.push_back(r.sim_ms), net_ms.push_back(r.net_ms);
    reader_ms.push_back(r.reader_ms);
  }
};

/// The CPU time, in nanoseconds, this process's threads of one name have used (the
/// kernel's schedstat: run time, by thread); 0 where /proc cannot say.
std::uint64_t threads_cpu_ns(const std::string& name) {
  std::uint64_t total = 0;
  DIR* d = ::opendir("/proc/self/task");
  if (!d) return 0;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string task = std::string("/proc/self/task/") + e->d_name;
    std::string comm;
    std::ifstream(task + "/comm") >> comm;
    if (comm != name) continue;
    std::uint64_t ns = 0;
    std::ifstream(task + "/schedstat") >> ns;
    total += ns;
  }
  ::closedir(d);
  return total;
}

/// The machine's CPU time, in clock ticks summed over its CPUs (/proc/stat), and this
/// process's (/proc/self/stat), so that a benchmark can say how busy the rest was.
struct machine_ticks {
  double total = 0, idle = 0, steal = 0, self = 0;
  int cpus = 0;
};

machine_ticks read_machine_ticks() {
  machine_ticks m;
  std::ifstream stat("/proc/stat");
  for (std::string line; std::getline(stat, line);) {
    if (line.rfind("cpu", 0) != 0) break;
    if (line.rfind("cpu ", 0) != 0) {
      ++m.cpus;
      continue;
    }
    // user nice system idle iowait irq softirq steal (guest time is inside user)
    std::istringstream in(line.substr(4));
    double v[8] = {};
    for (double& x : v) in >> x;
    for (double x : v) m.total += x;
    m.idle = v[3] + v[4], m.steal = v[7];
  }
  std::ifstream self("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(self)), std::istreambuf_iterator<char>());
  // After the command name in parentheses: fields 3.. ; utime and stime are 14 and 15.
  std::size_t name_end = text.rfind(')');
  if (name_end == std::string::npos || name_end + 2 > text.size()) return m;
  std::istringstream in(text.substr(name_end + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::atof(field.c_str());
    if (i == 15) stime = std::atof(field.c_str());
  }
  m.self = utime + stime;
  return m;
}

/// How the machine's CPU time went between two readings, in percent of all of it.
std::string machine_use(const machine_ticks& a, const machine_ticks& b) {
  double total = b.total - a.total;
  if (total <= 0 || a.cpus == 0) return "machine: /proc/stat unreadable";
  double self = (b.self - a.self) / total * 100, steal = (b.steal - a.steal) / total * 100;
  double idle = (b.idle - a.idle) / total * 100;
  double other = std::max(0.0, 100 - idle - steal - self);
  return fmt::format(
      "machine during the runs (measured or not, and the subscribing between them): {} CPUs, used "
      "{:.0f}% by this process, {:.0f}% by "
      "other processes, {:.0f}% taken by the host (steal), {:.0f}% idle",
      a.cpus, self, other, steal, idle);
}

/// One full run at maximum speed from the start; events/s as the server measured it.
std::optional<run_rate> one_run(line_client& control) {
  if (!control.request({{"cmd", "reset"}})) return std::nullopt;
  std::uint64_t net0 = threads_cpu_ns("cerco-net"), reader0 = threads_cpu_ns("bench-clients");
  if (!control.request({{"cmd", "resume"}})) return std::nullopt;
  for (;;) {
    auto j = control.read_json(60000);
    if (!j) return std::nullopt;
    if (j->value("notice", "") != "finished") continue;
    auto num = [&](const char* key) { return (*j)[key].get<double>(); };
    run_rate r;
    r.events = num("run_events"), r.wall_s = num("run_wall_s");
    r.per_wall_s = num("events_per_s"), r.per_cpu_s = num("events_per_cpu_s");
    r.sys_ms = num("run_sys_s") * 1e3, r.switches = num("run_switches");
    r.preempted = num("run_preempted"), r.samples = num("run_samples");
    r.faults = num("run_page_faults"), r.sim_ms = num("run_cpu_s") * 1e3;
    r.net_ms = static_cast<double>(threads_cpu_ns("cerco-net") - net0) / 1e6;
    r.reader_ms = static_cast<double>(threads_cpu_ns("bench-clients") - reader0) / 1e6;
    return r;
  }
}

/// N clients on one reader thread that counts lines, as dashboards would: wait until
/// something arrives on any of them, read all that has arrived, at most once a
/// millisecond. They stay connected; between runs they subscribe and unsubscribe, so
/// that runs with and without subscribers can alternate.
struct subscribers {
  std::vector<std::unique_ptr<line_client>> clients;
  std::vector<std::int64_t> subs;  ///< per client, its subscription while subscribed
  std::atomic<bool> stop{false};
  std::mutex reading;  ///< held by the reader while it reads, by requests otherwise
  std::thread reader;

  bool open(std::uint16_t port, int n) {
    for (int i = 0; i < n; ++i) {
      auto c = std::make_unique<line_client>();
      if (!c->connect("127.0.0.1", port) || !c->request({{"cmd", "hello"}})) return false;
      clients.push_back(std::move(c));
    }
    subs.assign(clients.size(), 0);
    reader = std::thread([this] {
      pthread_setname_np(pthread_self(), "bench-clients");
      read_all();
    });
    return true;
  }
  bool subscribe(std::int64_t every_s) {
    std::lock_guard lock(reading);
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto r =
          clients[i]->request({{"cmd", "subscribe"}, {"stream", "measures"}, {"every", every_s}});
      if (!r || !r->value("ok", false)) return false;
      subs[i] = (*r)["sub"].get<std::int64_t>();
    }
    return true;
  }
  bool unsubscribe() {
    std::lock_guard lock(reading);
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto r = clients[i]->request({{"cmd", "unsubscribe"}, {"sub", subs[i]}});
      if (!r || !r->value("ok", false)) return false;
    }
    return true;
  }
  void read_all() {
    std::vector<pollfd> fds;
    for (auto& c : clients) fds.push_back({c->native_handle(), POLLIN, 0});
    while (!stop) {
      if (::poll(fds.data(), fds.size(), 10) <= 0) continue;
      {
        std::lock_guard lock(reading);
        for (std::size_t i = 0; i < fds.size(); ++i)
          if (fds[i].revents != 0) clients[i]->take_lines();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  /// Pushed lines read so far by all clients, and the updates they stood for.
  std::pair<std::uint64_t, std::uint64_t> pushed() {
    std::lock_guard lock(reading);
    std::pair<std::uint64_t, std::uint64_t> sum{0, 0};
    for (auto& c : clients) sum.first += c->pushed_lines(), sum.second += c->pushed_updates();
    return sum;
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

int run_bench(const scenario& s, const bench_options& b, serve_options o, std::ostream& out) {
  o.bind = "127.0.0.1", o.port = 0, o.audit_path.clear(), o.token.clear();
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
  rates alone, first, steady;
  /// Per pair: first / alone and steady / alone, of wall and of CPU events/s.
  std::vector<double> first_wall, first_cpu, steady_wall, steady_cpu;
  std::vector<double> rtt_paused, rtt_running;
  double due = 0;  ///< updates due to the subscribers: samples made x clients
  std::pair<std::uint64_t, std::uint64_t> pushed{0, 0};  ///< what they read of them
  machine_ticks machine_before, machine_after;
  {
    subscribers subs;
    ok = ok && subs.open(srv.port(), b.clients);
    // Without clients, a measured run follows an unmeasured one, so that it never meets
    // the subscribers' aftermath. With clients, the first run after subscribing starts
    // with no updates in flight and ends before most of its own are written (they go out
    // every push_ms): it shows what sampling costs the simulation thread. The second
    // starts while the first one's updates are still being written and read, as every
    // run does when clients stay subscribed: the steady state. The configurations
    // alternate, and so does their order in a pair (ABBA), so that slow spells and
    // drift fall on all of them.
    auto quiet = [&]() -> std::optional<run_rate> {
      return one_run(control) ? one_run(control) : std::nullopt;
    };
    auto subscribed = [&](std::optional<run_rate>& w1, std::optional<run_rate>& w2) {
      bool done = subs.subscribe(b.every_s) && (w1 = one_run(control)) && (w2 = one_run(control)) &&
                  subs.unsubscribe();
      if (done) due += (w1->samples + w2->samples) * b.clients;
      return done;
    };
    machine_before = read_machine_ticks();
    for (int i = 0; ok && i < b.runs; ++i) {
      std::optional<run_rate> a, w1, w2;
      if (i % 2 == 0)
        ok = (a = quiet()) && subscribed(w1, w2);
      else
        ok = subscribed(w1, w2) && (a = quiet());
      if (!ok) break;
      alone.add(*a), first.add(*w1), steady.add(*w2);
      first_wall.push_back(w1->per_wall_s / a->per_wall_s);
      first_cpu.push_back(w1->per_cpu_s / a->per_cpu_s);
      steady_wall.push_back(w2->per_wall_s / a->per_wall_s);
      steady_cpu.push_back(w2->per_cpu_s / a->per_cpu_s);
    }
    machine_after = read_machine_ticks();
    // Each unsubscribe reply follows the last update to that client: all are in.
    pushed = subs.pushed();
    if (ok) rtt_paused = rtts_ms(control, b.rtt_requests);
    // Round trips while the run is paced (one simulated day per second) and pushing.
    if (ok && subs.subscribe(b.every_s) && control.request({{"cmd", "reset"}}) &&
        control.request({{"cmd", "speed"}, {"factor", 86400}}) &&
        control.request({{"cmd", "resume"}}))
      rtt_running = rtts_ms(control, b.rtt_requests);
  }
  srv.stop();
  t.join();
  if (!ok) {
    out << "cerco serve --bench: a request failed or timed out\n";
    return 1;
  }
  auto pct = [](double ratio) { return (ratio - 1) * 100; };
  char days[32];
  out << fmt::format(
      "scenario {}, {} ({} runs per configuration, medians; {} clients, measures "
      "every {}s; push rate {} bytes/s per client after {} at once)\n",
      s.name, format_duration(s.duration_s, days, sizeof days), b.runs, b.clients, b.every_s,
      o.push_rate_bytes_per_s == 0 ? std::string("unlimited")
                                   : std::to_string(o.push_rate_bytes_per_s),
      o.push_burst_bytes);
  out << fmt::format("{:>30} {:>16} {:>20} {:>24}\n", "configuration", "events/s (wall)",
                     "events/s (sim CPU)", "run by run: wall, CPU");
  out << fmt::format("{:>30} {:>16.0f} {:>20.0f}\n", "no clients", median(alone.wall),
                     median(alone.cpu));
  auto row = [&](const char* name, const rates& r, const std::vector<double>& wall,
                 const std::vector<double>& cpu) {
    out << fmt::format("{:>30} {:>16.0f} {:>20.0f} {:>+11.1f}% {:>+10.1f}%\n", name, median(r.wall),
                       median(r.cpu), pct(median(wall)), pct(median(cpu)));
  };
  row("first run after subscribing", first, first_wall, first_cpu);
  row("subscribed, steady state", steady, steady_wall, steady_cpu);
  out << fmt::format(
      "middle half of the run-by-run changes (wall): first {:+.1f}% to {:+.1f}%, steady "
      "{:+.1f}% to {:+.1f}%\n",
      pct(percentile(first_wall, 0.25)), pct(percentile(first_wall, 0.75)),
      pct(percentile(steady_wall, 0.25)), pct(percentile(steady_wall, 0.75)));
  // The median run hides slow ones; events over time across all runs counts them.
  auto total = [](const rates& r) { return r.wall_s > 0 ? r.events / r.wall_s : 0.0; };
  out << fmt::format(
      "all runs together (their events / their wall time): no clients {:.0f}, first {:.0f} "
      "({:+.1f}%), steady {:.0f} ({:+.1f}%)\n",
      total(alone), total(first), pct(total(first) / total(alone)), total(steady),
      pct(total(steady) / total(alone)));
  out << machine_use(machine_before, machine_after) << "\n";
  auto thread_line = [&](const char* name, const rates& r) {
    out << fmt::format(
        "{:>30}: simulation {:.2f} ms CPU ({:.2f} in the kernel, {:.0f} context switches, "
        "{:.0f} preempted, {:.0f} page faults); network {:.2f} ms; reader {:.2f} ms\n",
        name, median(r.sim_ms), median(r.sys_ms), median(r.switches), median(r.preempted),
        median(r.faults), median(r.net_ms), median(r.reader_ms));
  };
  out << "per run (medians), from resume to the finished notice:\n";
  thread_line("no clients", alone);
  thread_line("first run after subscribing", first);
  thread_line("subscribed, steady state", steady);
  out << fmt::format("samples made per run (median): {:.0f}\n", median(steady.samples));
  out << fmt::format(
      "pushed in the runs with clients: {} lines, carrying {} of the {:.0f} updates due "
      "({} coalesced into later lines)\n",
      pushed.first, pushed.second, due, pushed.second - pushed.first);
  out << fmt::format("state round trip, paused:  median {:.3f} ms, p99 {:.3f} ms ({} requests)\n",
                     median(rtt_paused), percentile(rtt_paused, 0.99), rtt_paused.size());
  out << fmt::format(
      "state round trip, running: median {:.3f} ms, p99 {:.3f} ms ({} requests, "
      "{} subscribers, speed 86400)\n",
      median(rtt_running), percentile(rtt_running, 0.99), rtt_running.size(), b.clients);
  return 0;
}

}  // namespace cerco::serve
