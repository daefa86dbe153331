#pragma once
/// One client connection, on the network thread: reads request lines (bounded), writes
/// replies and pushed lines from a bounded queue, and applies the slow-client policy
/// of PROTOCOL.md (coalesce measures above the soft limit, drop event lines above the
/// hard limit and report the gap, disconnect a client that stays behind too long).
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sys/uio.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sim/serve/link.hpp"

namespace cerco::serve {

class net;

class session : public std::enable_shared_from_this<session> {
 public:
  session(boost::asio::ip::tcp::socket socket, std::uint64_t id, net& owner);
  void start();
  std::uint64_t id() const { return id_; }
  bool accepting() const { return !closed_ && !closing_; }

  void reply(sim_reply r);
  /// A pushed line: `{"sub":N,` then the shared body. Measures are coalescable.
  void push(std::uint32_t sub, bool coalescable, const std::shared_ptr<const std::string>& body);
  /// True while measures updates coalesce (the queue is above the soft limit).
  bool coalescing() const;
  /// Adds what the push rate allows since the last refill (the owner calls it once a delivery).
  void refill(std::chrono::steady_clock::time_point now);
  /// Whether a measures line of about `bytes` fits in what the push rate allows now.
  bool affords(std::size_t bytes) const;
  /// Keeps the newest update of a subscription that the push rate does not allow now;
  /// a later update counts it, or it goes before the next reply or notice, or when
  /// the rate allows (release_if_affordable).
  void hold(std::uint32_t sub, const std::shared_ptr<const std::string>& body);
  bool holds() const { return accepting() && !held_.empty(); }
  /// Queues the held updates if the rate allows; true while some stay held.
  bool release_if_affordable();
  /// A measures update this client would have coalesced: counted into the next one.
  void skip(std::uint32_t sub, std::uint32_t n) { skipped_[sub] += n; }
  /// Starts writing what was queued while the owner routed a batch (never closes, so
  /// the owner may call it while walking its sessions).
  void write_queued() {
    if (!writing_ && !queue_.empty()) write();
  }
  void notice(std::string line);
  /// Sends a last line, then closes once it is written (or after a grace period).
  void close_after(std::string line);
  /// Applies the drop policy; called periodically by the owner.
  void check_lag(std::chrono::steady_clock::time_point now);
  void close();

  std::vector<route> routes;  ///< this client's subscriptions, in the order made

 private:
  /// Buffers handed to one sendmsg at most (two per pushed line: its prefix and the
  /// shared body); the system allows 1024. Asio's own writes take 64, so a write of
  /// pushed lines carried 32 of them: a call, a segment and a reader's wake-up per 20 KB.
  static constexpr std::size_t write_iov_max = 512;
  struct entry {
    std::string head;                         ///< a whole line, or the `{"sub":N,` prefix
    std::shared_ptr<const std::string> body;  ///< shared push body, or null
    std::uint32_t sub = 0;
    std::uint32_t coalesced = 0;
    bool coalescable = false;
    std::size_t bytes() const { return head.size() + (body ? body->size() : 0); }
  };
  void read();
  void consume(const char* data, std::size_t n);
  void on_line(std::string_view line);
  struct held {
    std::uint32_t sub = 0;
    std::uint32_t coalesced = 0;  ///< updates it stands for besides itself
    std::shared_ptr<const std::string> body;
  };
  /// The updates a subscription's next line stands for: skipped ones and a held one.
  std::uint32_t take_pending(std::uint32_t sub);
  void enqueue(std::uint32_t sub, bool coalescable, const std::shared_ptr<const std::string>& body,
               std::uint32_t coalesced);
  void release_held();
  void send(entry e);
  void write();
  /// The queue's front as buffers for one sendmsg, after what was sent of it.
  std::size_t gather(std::array<iovec, write_iov_max>& iov) const;
  /// Pops what a write sent whole; remembers how much of the next line went.
  void sent(std::size_t bytes);
  void close_later();
  /// Entries at the front that a write has begun: a partly written line is neither
  /// coalesced nor dropped.
  std::size_t started() const { return front_sent_ > 0 ? 1 : 0; }
  void arm_close_timer();
  void fail(const json* id, const error_info& e);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer close_timer_;
  std::uint64_t id_;
  net& owner_;
  std::array<char, 8192> rbuf_{};
  std::string line_;
  bool discarding_ = false;  ///< inside a line over the limit
  bool reading_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool authed_ = false;
  std::size_t requests_in_flight_ = 0;
  std::deque<entry> queue_;
  std::size_t front_sent_ = 0;  ///< bytes of the front entry already written
  std::size_t queued_bytes_ = 0;
  std::map<std::uint32_t, std::uint64_t> lost_;     ///< event lines dropped, by subscription
  std::map<std::uint32_t, std::uint32_t> skipped_;  ///< measures updates skipped, by subscription
  std::chrono::steady_clock::time_point behind_since_{};
  double push_budget_bytes_;  ///< measures bytes the push rate allows now; may dip below 0
  std::vector<held> held_;    ///< at most one per subscription
  std::chrono::steady_clock::time_point refilled_at_;
  bool behind_ = false;
};

}  // namespace cerco::serve
