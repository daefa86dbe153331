#include "sim/serve/client.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

namespace cerco::serve {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

line_client::line_client() : socket_(ctx_) {}
line_client::~line_client() {
  close();
}

bool line_client::connect(const std::string& host, std::uint16_t port, int receive_buffer) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return false;
  socket_.open(tcp::v4(), ec);
  if (ec) return false;
  if (receive_buffer > 0)
    socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer), ec);
  socket_.connect(tcp::endpoint(address, port), ec);
  if (ec) return false;
  socket_.set_option(tcp::no_delay(true), ec);
  closed_ = false;
  return true;
}

bool line_client::send_raw(std::string_view bytes) {
  boost::system::error_code ec;
  asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

bool line_client::fill(int timeout_ms) {
  if (closed_ || !socket_.is_open()) return false;
  pollfd p{socket_.native_handle(), POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char buf[65536];
  boost::system::error_code ec;
  std::size_t n = socket_.read_some(asio::buffer(buf), ec);
  if (ec) {
    closed_ = true;
    return false;
  }
  if (head_ > 0 && head_ * 2 >= buffer_.size()) {
    buffer_.erase(0, head_);
    head_ = 0;
  }
  buffer_.append(buf, n);
  return true;
}

std::optional<std::string> line_client::read_line(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto nl = buffer_.find('\n', head_);
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(head_, nl - head_);
      head_ = nl + 1;
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left < 0 || !fill(static_cast<int>(left))) {
      if (buffer_.find('\n', head_) == std::string::npos) return std::nullopt;
    }
  }
}

std::optional<json> line_client::read_json(int timeout_ms) {
  auto line = read_line(timeout_ms);
  if (!line) return std::nullopt;
  json j = json::parse(*line, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<json> line_client::request(const json& req, int timeout_ms,
                                         std::vector<json>* pushed) {
  if (!send(req)) return std::nullopt;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left < 0) return std::nullopt;
    auto line = read_line(static_cast<int>(left));
    if (!line) return std::nullopt;
    // Only replies have an "ok" key; a pushed line nobody keeps is not parsed.
    if (!pushed && line->find("\"ok\":") == std::string::npos) {
      count_pushed(*line);
      continue;
    }
    json j = json::parse(*line, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    if (j.contains("ok")) return j;
    if (pushed) pushed->push_back(std::move(j));
  }
}

/// A pushed line begins `{"sub":N,` and, when it stands for skipped updates too,
/// continues `"coalesced":K,` (PROTOCOL.md).
void line_client::count_pushed(std::string_view line) {
  constexpr std::string_view sub = "{\"sub\":", coalesced = "\"coalesced\":";
  if (line.substr(0, sub.size()) != sub) return;
  ++pushed_lines_, ++pushed_updates_;
  auto comma = line.find(',');
  if (comma == std::string_view::npos) return;
  std::string_view rest = line.substr(comma + 1);
  if (rest.substr(0, coalesced.size()) != coalesced) return;
  std::uint64_t k = 0;
  for (char ch : rest.substr(coalesced.size())) {
    if (ch < '0' || ch > '9') break;
    k = k * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  pushed_updates_ += k;
}

std::size_t line_client::take_lines() {
  std::size_t lines = 0;
  for (;;) {
    for (auto nl = buffer_.find('\n', head_); nl != std::string::npos;
         nl = buffer_.find('\n', head_)) {
      count_pushed(std::string_view(buffer_).substr(head_, nl - head_));
      head_ = nl + 1;
      ++lines;
    }
    if (!fill(0)) return lines;
  }
}

void line_client::close() {
  boost::system::error_code ec;
  if (socket_.is_open()) socket_.close(ec);
}

}  // namespace cerco::serve
