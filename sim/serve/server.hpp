#pragma once
/// `cerco serve`: one simulation behind a TCP server speaking JSON lines (PROTOCOL.md).
/// Two threads: the network thread owns the sockets, the simulation thread owns the
/// world; they exchange messages by posting to each other's io_context, so a client
/// that stops reading cannot slow the simulation or the other clients.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "cerco/scenario.hpp"

namespace cerco::serve {

struct serve_options {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;      ///< 0: an ephemeral port, printed when listening
  std::string token;           ///< non-empty: `hello` must carry it before any other command
  double speed = 3600;         ///< simulated seconds per wall second; 0: as fast as possible
  bool start_running = false;  ///< false: paused until a client sends `resume`
  std::size_t line_bytes_max = 64 * 1024;      ///< longer request lines are discarded
  std::size_t queue_soft_bytes = 256 * 1024;   ///< above: measure updates coalesce
  std::size_t queue_hard_bytes = 1024 * 1024;  ///< above: event lines are dropped (gap)
  int drop_after_ms = 5000;  ///< a client above the soft limit this long is dropped
  /// Measures lines to one client per second, in bytes, after a burst: beyond, an update
  /// that a later one of the same delivery replaces is counted into it, not sent. 0: no limit.
  std::size_t push_rate_bytes_per_s = 1024 * 1024;
  std::size_t push_burst_bytes = 1024 * 1024;
  std::size_t clients_max = 256;
  std::size_t subscriptions_max = 32;  ///< per client
  std::size_t snapshots_max = 16;
  std::size_t requests_in_flight_max = 64;  ///< per client; reading pauses beyond
  std::int64_t step_events_max = 10'000'000;
  int slice_events = 4096;     ///< events per simulation slice at most
  int slice_us = 500;          ///< wall time per slice at most (checked every 64 events)
  int tick_ms = 10;            ///< real-time pacing period
  int push_ms = 5;             ///< as fast as possible: pushed items go to the clients this often
  std::string audit_path;      ///< JSON lines of every control command; "" for none
  bool handle_signals = true;  ///< SIGINT/SIGTERM shut the server down cleanly
};

/// Runs a server until a signal, a stop() call, or a fatal error.
class server {
 public:
  /// `s` must outlive the server. `label` is what `hello` reports as the scenario's
  /// source (a file path or a built-in name).
  server(const scenario& s, std::string label, serve_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Builds the world and binds the port. False with a message when either fails.
  bool open(std::string* error);
  /// The bound port (after open).
  std::uint16_t port() const;
  /// Serves until stopped; returns the process exit code (0 after a clean shutdown).
  int run();
  /// Asks a running server to shut down as on SIGTERM. Safe from any thread.
  void stop();

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

/// The figures `cerco serve --bench` prints.
struct bench_options {
  int runs = 101;  ///< full runs per configuration, alternating; medians are reported
  int clients = 50;
  std::int64_t every_s = 3600;  ///< subscription interval, simulated seconds
  int rtt_requests = 2000;      ///< `state` round trips to time
};
/// Runs the benchmark against an in-process server configured as `o` says (its address,
/// speed and signal handling are the benchmark's); prints to `out`. Returns 0, or 2 when
/// the server cannot start.
int run_bench(const scenario& s, const bench_options& b, serve_options o, std::ostream& out);

}  // namespace cerco::serve
