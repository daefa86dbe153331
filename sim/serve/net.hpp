#pragma once
/// The network side of the server: accepts clients, routes the simulation's pushed items
/// to their subscriptions, and shuts everything down on a signal.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sim/serve/link.hpp"
#include "sim/serve/server.hpp"

namespace cerco::serve {

class session;
class simulation;

class net {
 public:
  net(boost::asio::io_context& ctx, boost::asio::io_context& sim_ctx, simulation& sim,
      const scenario& s, const serve_options& o);
  ~net();
  bool open(std::string* error);
  std::uint16_t port() const { return port_; }
  /// `sim_stopped` runs on the simulation thread once it has stopped (on a signal).
  void start(std::function<void()> sim_stopped);
  /// Shuts down (idempotent): tells every client, stops the simulation, closes.
  void shutdown(std::function<void()> sim_stopped);

  // From the simulation thread, posted.
  void on_reply(sim_reply r);
  void on_batch(const push_batch& b);

  // From sessions.
  void submit(sim_request r);
  void closed(std::uint64_t client);
  const serve_options& options() const { return o_; }
  /// True while a batch is being routed: sessions queue lines and write once after it.
  bool routing() const { return routing_; }
  const scenario& spec() const { return s_; }
  bool stopping() const { return stopping_; }

 private:
  void accept();
  void watch_lag();
  /// Every push_ms while a client holds updates back: sends them once the rate allows.
  void release_held_later();
  void deliver_record(const record& r);
  void deliver_sample(const push_batch& b, std::uint32_t index, bool superseded);
  std::string sample_body(const push_batch& b, const push_batch::sample& smp);

  boost::asio::io_context& sim_ctx_;
  simulation& sim_;
  const scenario& s_;
  const serve_options& o_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer lag_timer_;
  boost::asio::steady_timer hold_timer_;
  bool hold_timer_armed_ = false;
  std::uint16_t port_ = 0;
  std::uint64_t next_client_ = 1;
  bool stopping_ = false;
  bool routing_ = false;
  sample_text sample_text_;
  stock_mirror mirror_;               ///< every sampled stock, as of the last sample routed
  std::size_t changes_applied_ = 0;   ///< of the batch being routed
  std::size_t sample_bytes_ = 0;      ///< the last measures body's size: the next one's, about
  std::vector<std::int64_t> values_;  ///< one sample's values, composed for its line
  std::vector<bool> superseded_;      ///< per sample of the batch: a later one of its group follows
  std::vector<time_s> groups_seen_;
  std::function<void()> sim_stopped_;
  std::map<std::uint64_t, std::shared_ptr<session>> sessions_;
};

}  // namespace cerco::serve
