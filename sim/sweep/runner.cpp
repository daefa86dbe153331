#include "sim/sweep/runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace cerco::sweep {
namespace fs = std::filesystem;

std::string state_text(const sweep_state& s) {
  return fmt::format(
      "cerco-sweep-state 2\nplan_hash={}\nshard={}/{}\nruns={}\nshard_runs={}\nrun_hash={}\n",
      hex64(s.plan_hash), s.shard.index, s.shard.count, s.runs, s.shard_runs, s.hash_version);
}

bool read_state(const std::string& dir, sweep_state& s, std::string* error) {
  std::ifstream in(fs::path(dir) / "sweep.state");
  std::string magic, line;
  // Format 2 adds run_hash=; an older cerco refuses it instead of mixing its rows in.
  if (!in || !std::getline(in, magic) ||
      (magic != "cerco-sweep-state 1" && magic != "cerco-sweep-state 2")) {
    *error = dir + ": no sweep here (sweep.state is missing or not a sweep state)";
    return false;
  }
  int seen = 0;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    try {
      if (k == "plan_hash") s.plan_hash = std::stoull(v, nullptr, 16), ++seen;
      if (k == "runs") s.runs = std::stoull(v), ++seen;
      if (k == "shard_runs") s.shard_runs = std::stoull(v), ++seen;
      if (k == "run_hash") s.hash_version = std::stoi(v);
      if (k == "shard") {
        auto sh = parse_shard(v, error);
        if (!sh) return false;
        s.shard = *sh, ++seen;
      }
    } catch (const std::exception&) {
      break;
    }
  }
  if (seen != 4) *error = dir + "/sweep.state is malformed";
  return seen == 4;
}

bool write_file_atomic(const std::string& path, const std::string& text, std::string* error) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      *error = "cannot write " + tmp;
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) *error = "cannot rename " + tmp + ": " + ec.message();
  return !ec;
}

namespace {

const char* const our_files[] = {"sweep.state",   "plan.toml",     "runs.csv",
                                 "runs.csv.part", "aggregate.csv", "sensitivity.csv"};

/// Makes the folder ready: a fresh sweep, a resume of the same plan and shard, or an
/// error when the folder holds another sweep and neither --resume nor --force is given.
sweep_result prepare_dir(const plan& p, const sweep_options& o, const sweep_state& want) {
  sweep_result r;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec)
    return {sweep_result::status::bad_input, "cannot create " + o.out_dir + ": " + ec.message()};
  bool exists = fs::exists(fs::path(o.out_dir) / "sweep.state");
  if (exists && o.force) {
    for (const char* f : our_files) fs::remove(fs::path(o.out_dir) / f, ec);
    fs::remove_all(fs::path(o.out_dir) / "charts", ec);
    exists = false;
  }
  if (exists && !o.resume)
    return {
        sweep_result::status::bad_input,
        o.out_dir + " already holds a sweep: add --resume to continue it or --force to start over"};
  if (exists) {
    sweep_state have;
    std::string err;
    if (!read_state(o.out_dir, have, &err)) return {sweep_result::status::bad_input, err};
    if (have.hash_version != want.hash_version)
      return {sweep_result::status::bad_input,
              fmt::format("{} holds a sweep by a cerco whose run hashes differ from this one's "
                          "(run hash version {}, this is {}): its rows cannot be continued; "
                          "use --force to start over",
                          o.out_dir, have.hash_version, want.hash_version)};
    if (have.plan_hash != want.plan_hash || have.shard.index != want.shard.index ||
        have.shard.count != want.shard.count)
      return {sweep_result::status::bad_input,
              fmt::format("{} holds a sweep of another plan, scenario or shard ({} shard {}/{}); "
                          "use --force to start over",
                          o.out_dir, hex64(have.plan_hash), have.shard.index, have.shard.count)};
    return r;
  }
  std::string err;
  if (!write_file_atomic((fs::path(o.out_dir) / "plan.toml").string(), p.text, &err) ||
      !write_file_atomic((fs::path(o.out_dir) / "sweep.state").string(), state_text(want), &err))
    return {sweep_result::status::bad_input, err};
  return r;
}

/// Reads the journal's complete lines, checks that they are the shard's first runs in
/// order, and truncates a torn last line. Returns how many runs are done.
std::optional<std::uint64_t> scan_journal(const std::string& path, const plan& p,
                                          const shard_spec& sh, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::uint64_t done = 0, good_bytes = 0;
  if (!std::getline(in, line) || in.eof() || line != csv_header(p)) {
    *error = path + ": the journal's header does not match the plan";
    return std::nullopt;
  }
  good_bytes = line.size() + 1;
  const std::size_t columns = 5 + p.params.size() + p.outcomes.size();
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: a torn write, dropped
    auto cells = csv_split(line);
    if (cells.size() != columns || cells[0] != std::to_string(sh.run_of(done))) {
      *error = fmt::format("{}: row {} is not run {} of this shard; use --force to start over",
                           path, done + 1, sh.run_of(done));
      return std::nullopt;
    }
    ++done;
    good_bytes += line.size() + 1;
  }
  in.close();
  fs::resize_file(path, good_bytes);
  return done;
}

/// What the workers and the writer share; guarded by `mu`.
struct shared_state {
  std::mutex mu;
  std::condition_variable landed, space;
  std::map<std::uint64_t, std::string> pending;  ///< finished rows not yet written, by m
  std::uint64_t written = 0;                     ///< rows of the shard written so far
  std::uint64_t next = 0;                        ///< next row a worker takes
  std::uint64_t end = 0;
  std::uint64_t window = 0;  ///< how far ahead of `written` a worker may run
  unsigned active = 0;
  bool stop = false, failed = false;
  std::string error;
};

void fail(shared_state& sh, const plan& p, const run_row& row, const std::string& err) {
  if (sh.failed) return;
  sh.failed = true;
  std::string sets;
  for (const auto& o : p.overrides_at(row.point)) sets += " --set '" + o.path + "=" + o.value + "'";
  sh.error =
      fmt::format("run {} (point {}, seed {}) failed: {}\nreproduce with: cerco run {} --seed {}{}",
                  row.run, row.point, row.seed, err, p.scenario_name, row.seed, sets);
}

void worker(shared_state& sh, const plan& p, const shard_spec& shard, run_context& ctx) {
  for (;;) {
    std::uint64_t m = 0;
    {
      std::unique_lock lk(sh.mu);
      if (sh.stop || sh.next >= sh.end) break;
      m = sh.next++;
      sh.space.wait(lk, [&] { return sh.stop || m < sh.written + sh.window; });
      if (sh.stop) break;
    }
    run_row row;
    row.run = shard.run_of(m);
    row.point = row.run / p.replications;
    row.replication = row.run % p.replications;
    row.seed = p.seed_base + row.replication;  // common random numbers across points
    std::string err;
    bool ok = ctx.run(row.point, row.seed, row, &err);
    if (ok && row.outcomes.size() != p.outcomes.size()) ok = false, err = "wrong outcome count";
    std::string text = ok ? format_row(p, row) : std::string();
    std::lock_guard lk(sh.mu);
    if (!ok) {
      fail(sh, p, row, err);
      sh.stop = true;
      sh.space.notify_all();
      break;
    }
    sh.pending.emplace(m, std::move(text));
    sh.landed.notify_one();
  }
  std::lock_guard lk(sh.mu);
  --sh.active;
  sh.landed.notify_all();
}

std::string clock_text(double s) {
  auto t = static_cast<long long>(s + 0.5);
  return fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
}

void draw_progress(std::uint64_t done, std::uint64_t total, std::uint64_t ran, double secs) {
  double rate = secs > 0 ? static_cast<double>(ran) / secs : 0;
  double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  int width = 30;
  int fill = total ? static_cast<int>(width * done / total) : width;
  std::string bar(static_cast<std::size_t>(fill), '#');
  bar.resize(static_cast<std::size_t>(width), '.');
  std::fprintf(stderr, "\r[%s] %llu/%llu runs  %.0f runs/s  %s left ", bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate,
               clock_text(left).c_str());
  std::fflush(stderr);
}

/// The writer: appends rows in order as they land, watches the stop flag, draws progress.
void write_loop(shared_state& sh, std::FILE* f, const sweep_options& o, std::uint64_t skipped,
                std::chrono::steady_clock::time_point t0) {
  auto last_draw = t0;
  for (;;) {
    std::string batch;
    std::unique_lock lk(sh.mu);
    sh.landed.wait_for(lk, std::chrono::milliseconds(200),
                       [&] { return sh.active == 0 || sh.pending.count(sh.written) > 0; });
    for (auto it = sh.pending.find(sh.written); it != sh.pending.end();
         it = sh.pending.find(sh.written)) {
      batch += it->second + '\n';
      sh.pending.erase(it);
      ++sh.written;
    }
    if (o.stop != nullptr && o.stop->load() && !sh.stop) sh.stop = true;
    if (!batch.empty() || sh.stop) sh.space.notify_all();
    const bool done = sh.active == 0;
    const std::uint64_t written = sh.written;
    lk.unlock();
    if (!batch.empty()) {
      std::fwrite(batch.data(), 1, batch.size(), f);
      std::fflush(f);  // handed to the OS: survives a killed process
    }
    auto now = std::chrono::steady_clock::now();
    if (o.progress && (done || now - last_draw > std::chrono::milliseconds(200))) {
      std::chrono::duration<double> secs = now - t0;
      draw_progress(written, sh.end, written - skipped, secs.count());
      last_draw = now;
    }
    if (done) break;
  }
  if (o.progress) std::fputc('\n', stderr);
}

/// User and system CPU time of the process so far, every thread included.
double cpu_now() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

sweep_result run_pool(const plan& p, const sweep_options& o, const context_factory& make,
                      std::FILE* f, std::uint64_t done, std::uint64_t total) {
  shared_state sh;
  sh.written = sh.next = done;
  sh.end = total;
  unsigned jobs = o.jobs == 0 ? 1 : o.jobs;
  sh.window = 16ULL * jobs;
  sh.active = jobs;
  auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_now();
  boost::asio::thread_pool pool(jobs);
  for (unsigned j = 0; j < jobs; ++j)
    boost::asio::post(pool, [&] {
      std::unique_ptr<run_context> ctx = make();
      worker(sh, p, o.shard, *ctx);
    });
  write_loop(sh, f, o, done, t0);
  pool.join();
  std::chrono::duration<double> secs = std::chrono::steady_clock::now() - t0;
  sweep_result r;
  r.total = total, r.skipped = done, r.ran = sh.written - done, r.seconds = secs.count();
  r.cpu_seconds = cpu_now() - cpu0;
  if (sh.failed)
    r.st = sweep_result::status::failed, r.message = sh.error;
  else if (sh.written < total)
    r.st = sweep_result::status::interrupted;
  return r;
}

}  // namespace

sweep_result execute(const plan& p, const sweep_options& o, const context_factory& make) {
  sweep_state want{p.hash(), o.shard, p.runs(), o.shard.runs_in(p.runs()), run_hash_version};
  sweep_result r = prepare_dir(p, o, want);
  if (r.st != sweep_result::status::complete) return r;
  const fs::path dir(o.out_dir);
  const std::string part = (dir / "runs.csv.part").string(), final = (dir / "runs.csv").string();
  r.total = want.shard_runs;
  if (fs::exists(final)) {  // finished earlier: nothing to run
    r.skipped = r.total;
    return r;
  }
  std::uint64_t done = 0;
  if (fs::exists(part)) {
    auto d = scan_journal(part, p, o.shard, &r.message);
    if (!d) return {sweep_result::status::bad_input, r.message};
    done = *d;
  } else {
    std::ofstream(part, std::ios::binary) << csv_header(p) << '\n';
  }
  std::FILE* f = std::fopen(part.c_str(), "ab");
  if (f == nullptr) return {sweep_result::status::bad_input, "cannot append to " + part};
  r = run_pool(p, o, make, f, done, want.shard_runs);
  ::fsync(::fileno(f));
  std::fclose(f);
  if (r.st == sweep_result::status::complete) {
    std::error_code ec;
    fs::rename(part, final, ec);
    if (ec) return {sweep_result::status::failed, "cannot rename " + part + ": " + ec.message()};
  }
  return r;
}

}  // namespace cerco::sweep
