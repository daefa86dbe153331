// One client connection: the outgoing queue, the drop policy, closing.
#include <boost/asio/write.hpp>

#include "sim/serve/net.hpp"
#include "sim/serve/session.hpp"

namespace cerco::serve {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

/// Lines gathered into one write at most; bounds the buffer list, not the bytes.
constexpr std::size_t write_batch_max = 64;

void session::send(entry e) {
  if (closed_) return;
  queued_bytes_ += e.bytes();
  queue_.push_back(std::move(e));
  if (!writing_ && !owner_.routing()) write();
}

void session::write() {
  if (closed_ || writing_) return;
  if (queue_.empty()) {
    if (closing_) close();
    return;
  }
  buffers_.clear();
  writing_count_ = std::min(queue_.size(), write_batch_max);
  for (std::size_t i = 0; i < writing_count_; ++i) {
    buffers_.push_back(asio::buffer(queue_[i].head));
    if (queue_[i].body) buffers_.push_back(asio::buffer(*queue_[i].body));
  }
  writing_ = true;
  asio::async_write(socket_, buffers_,
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->on_written(ec);
                    });
}

void session::on_written(const boost::system::error_code& ec) {
  writing_ = false;
  if (ec) return close();
  for (std::size_t i = 0; i < writing_count_; ++i) {
    queued_bytes_ -= queue_.front().bytes();
    queue_.pop_front();
  }
  writing_count_ = 0;
  write();
  read();  // reading may have paused while the queue was over the hard limit
}

void session::check_lag(clock_type::time_point now) {
  const auto& o = owner_.options();
  if (closed_ || closing_) return;
  if (queued_bytes_ <= o.queue_soft_bytes) {
    behind_ = false;
    return;
  }
  if (!behind_) {
    behind_ = true;
    behind_since_ = now;
    return;
  }
  if (now - behind_since_ < std::chrono::milliseconds(o.drop_after_ms)) return;
  // Dropped: forget what it has not been sent and say why, if it ever reads again.
  while (queue_.size() > writing_count_) {
    queued_bytes_ -= queue_.back().bytes();
    queue_.pop_back();
  }
  json n = {{"notice", "dropped"},
            {"reason", "slow_consumer"},
            {"message", "outgoing queue above " + std::to_string(o.queue_soft_bytes) +
                            " bytes for more than " + std::to_string(o.drop_after_ms) + " ms"}};
  close_after(n.dump() + "\n");
}

void session::arm_close_timer() {
  // A client that does not read can keep a write pending forever: give it a second.
  close_timer_.expires_after(std::chrono::seconds(1));
  close_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->close();
  });
}

void session::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  close_timer_.cancel();
  owner_.closed(id_);
}

}  // namespace cerco::serve
