#pragma once
/// A blocking JSON-lines client with timeouts, for tests, the benchmark and embedding
/// programs: connect, send requests, read replies and pushed lines in arrival order.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "sim/serve/protocol.hpp"

namespace cerco::serve {

class line_client {
 public:
  line_client();
  ~line_client();
  line_client(const line_client&) = delete;
  line_client& operator=(const line_client&) = delete;

  /// `receive_buffer`: SO_RCVBUF before connecting (0 keeps the default); small values
  /// make a client that stops reading fill the server's queue quickly.
  bool connect(const std::string& host, std::uint16_t port, int receive_buffer = 0);
  bool send_raw(std::string_view bytes);
  bool send(const json& request) { return send_raw(request.dump() + "\n"); }
  /// The next complete line, waiting at most timeout_ms; nullopt on timeout or close.
  std::optional<std::string> read_line(int timeout_ms);
  /// The next line parsed; nullopt on timeout, close or a line that is not JSON.
  std::optional<json> read_json(int timeout_ms);
  /// Sends `request` and returns the next reply (a line with "ok"), keeping every pushed
  /// line or notice that arrives before it in `pushed` (when given).
  std::optional<json> request(const json& request, int timeout_ms = 10000,
                              std::vector<json>* pushed = nullptr);
  /// Reads what has arrived without waiting and discards its complete lines; returns
  /// how many there were.
  std::size_t take_lines();
  /// Pushed lines (`{"sub":...`) discarded so far by take_lines and request, and the
  /// updates they stood for: one each, plus what a line says it coalesced.
  std::uint64_t pushed_lines() const { return pushed_lines_; }
  std::uint64_t pushed_updates() const { return pushed_updates_; }
  /// The socket, for waiting on many clients at once with poll().
  int native_handle() { return socket_.native_handle(); }
  /// True once the server closed the connection (EOF or reset was read).
  bool closed() const { return closed_; }
  void close();

 private:
  bool fill(int timeout_ms);
  void count_pushed(std::string_view line);
  boost::asio::io_context ctx_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
  std::size_t head_ = 0;  ///< where the unread part of buffer_ begins
  bool closed_ = false;
  std::uint64_t pushed_lines_ = 0;
  std::uint64_t pushed_updates_ = 0;
};

}  // namespace cerco::serve
