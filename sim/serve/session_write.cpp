// One client connection: the outgoing queue, the drop policy, closing.
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include <boost/asio/post.hpp>

#include "sim/serve/net.hpp"
#include "sim/serve/session.hpp"

namespace cerco::serve {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

void session::send(entry e) {
  if (closed_) return;
  queued_bytes_ += e.bytes();
  queue_.push_back(std::move(e));
  if (!writing_ && !owner_.routing()) write();
}

std::size_t session::gather(std::array<iovec, write_iov_max>& iov) const {
  std::size_t n = 0, skip = front_sent_;
  auto add = [&](const std::string& text) {
    if (skip >= text.size()) {
      skip -= text.size();
      return;
    }
    iov[n++] = {const_cast<char*>(text.data() + skip), text.size() - skip};
    skip = 0;
  };
  for (const entry& e : queue_) {
    if (n + 2 > iov.size()) break;
    add(e.head);
    if (e.body) add(*e.body);
  }
  return n;
}

void session::sent(std::size_t bytes) {
  bytes += front_sent_;
  while (!queue_.empty() && bytes >= queue_.front().bytes()) {
    bytes -= queue_.front().bytes();
    queued_bytes_ -= queue_.front().bytes();
    queue_.pop_front();
  }
  front_sent_ = bytes;
}

void session::write() {
  if (closed_ || writing_) return;
  // Write what the socket takes now, straight from the queue; wait for room otherwise.
  std::array<iovec, write_iov_max> iov;
  while (!queue_.empty()) {
    msghdr m{};
    m.msg_iov = iov.data();
    m.msg_iovlen = gather(iov);
    ssize_t n = ::sendmsg(socket_.native_handle(), &m, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      sent(static_cast<std::size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      break;
    } else if (errno != EINTR) {
      return close_later();
    }
  }
  if (queue_.empty()) {
    if (closing_) close_later();
    return;
  }
  writing_ = true;
  socket_.async_wait(asio::ip::tcp::socket::wait_write, [self = shared_from_this()](
                                                            const boost::system::error_code& ec) {
    self->writing_ = false;
    if (ec) return self->close();
    self->write();
    self->read();  // reading may have paused while the queue was over the hard limit
  });
}

void session::close_later() {
  // Not at once: the owner may be walking its sessions when a write finds the peer gone.
  writing_ = true;
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
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
  while (queue_.size() > started()) {
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
