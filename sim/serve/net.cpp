// The network thread: accepting, routing pushed items, shutting down.
#include "sim/serve/net.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <csignal>

#include "sim/serve/session.hpp"
#include "sim/serve/simulation.hpp"

namespace cerco::serve {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

net::net(asio::io_context& ctx, asio::io_context& sim_ctx, simulation& sim, const scenario& s,
         const serve_options& o)
    : sim_ctx_(sim_ctx),
      sim_(sim),
      s_(s),
      o_(o),
      acceptor_(ctx),
      signals_(ctx),
      lag_timer_(ctx),
      hold_timer_(ctx),
      sample_text_(s, sample_layout{static_cast<std::uint32_t>(s.cities.size()),
                                    static_cast<std::uint32_t>(s.blockades.size())}),
      mirror_(s) {}

net::~net() = default;

bool net::open(std::string* error) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(o_.bind, ec);
  if (ec) {
    *error = "--bind " + o_.bind + ": not an IP address (" + ec.message() + ")";
    return false;
  }
  tcp::endpoint ep(address, o_.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    *error = "cannot listen on " + o_.bind + ":" + std::to_string(o_.port) + ": " + ec.message();
    return false;
  }
  port_ = acceptor_.local_endpoint().port();
  return true;
}

void net::start(std::function<void()> sim_stopped) {
  sim_stopped_ = std::move(sim_stopped);
  if (o_.handle_signals) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) shutdown(sim_stopped_);
    });
  }
  accept();
  watch_lag();
}

void net::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (stopping_ || ec == asio::error::operation_aborted) return;
    if (!ec) {
      auto s = std::make_shared<session>(std::move(socket), next_client_++, *this);
      if (sessions_.size() >= o_.clients_max) {
        s->start();
        s->close_after(error_line(
            nullptr,
            {"limit", "server full: at most " + std::to_string(o_.clients_max) + " clients"}));
      } else {
        sessions_.emplace(s->id(), s);
        s->start();
      }
    }
    accept();
  });
}

void net::watch_lag() {
  lag_timer_.expires_after(std::chrono::milliseconds(100));
  lag_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    auto now = std::chrono::steady_clock::now();
    auto copy = sessions_;
    for (auto& [id, s] : copy) s->check_lag(now);
    watch_lag();
  });
}

void net::submit(sim_request r) {
  asio::post(sim_ctx_, [this, r = std::move(r)]() mutable { sim_.handle(std::move(r)); });
}

void net::closed(std::uint64_t client) {
  if (sessions_.erase(client) == 0) return;
  asio::post(sim_ctx_, [this, client] { sim_.client_gone(client); });
}

void net::on_reply(sim_reply r) {
  auto it = sessions_.find(r.client);
  if (it == sessions_.end()) return;
  auto keep = it->second;
  keep->reply(std::move(r));
}

void net::deliver_record(const record& r) {
  std::shared_ptr<const std::string> body;
  for (auto& [id, s] : sessions_) {
    for (const auto& rt : s->routes) {
      if (!route_wants(rt, r)) continue;
      if (!body) body = std::make_shared<const std::string>(record_body(s_, r));
      s->push(rt.sub, false, body);
    }
  }
}

void net::deliver_sample(const push_batch& b, std::uint32_t index, bool superseded) {
  const auto& smp = b.samples[index];
  // The stocks' changes up to this sample, whether or not anyone takes its line: the
  // mirror must follow every change in order.
  mirror_.apply(b.changes.data() + changes_applied_, smp.changes_end - changes_applied_);
  changes_applied_ = smp.changes_end;
  std::shared_ptr<const std::string> body;
  for (auto& [id, s] : sessions_) {
    for (const auto& rt : s->routes) {
      if (rt.kind != stream_kind::measures || rt.every_s != smp.every_s) continue;
      // A client that is coalescing, or that the push rate holds back, would have this
      // update replaced by the batch's later one of the same group: count it as
      // coalesced without making its line.
      bool over_rate = !s->affords(sample_bytes_);
      if (superseded && (over_rate || s->coalescing())) {
        s->skip(rt.sub, 1);
        continue;
      }
      if (!body) {
        body = std::make_shared<const std::string>(sample_body(b, smp));
        sample_bytes_ = body->size();
      }
      // The batch's newest: held back while over the rate, so that how often batches
      // go (every reply sends one) does not raise a client's lines.
      if (over_rate)
        s->hold(rt.sub, body);
      else
        s->push(rt.sub, true, body);
    }
  }
}

/// The measures line's body: the cities summed from the mirror, then the tail values
/// the simulation sent.
std::string net::sample_body(const push_batch& b, const push_batch::sample& smp) {
  const sample_layout& layout = sample_text_.layout();
  values_.resize(layout.width());
  mirror_.city_values(smp.at_s, values_.data());
  std::copy_n(b.values.data() + smp.offset, layout.tail_width(),
              values_.data() + layout.city_width());
  return sample_text_.body(smp.at_s, values_.data());
}

void net::on_batch(const push_batch& b) {
  if (stopping_) return;
  changes_applied_ = 0;
  auto now = std::chrono::steady_clock::now();
  for (auto& [id, s] : sessions_) s->refill(now);
  // Which samples a later sample of the same group follows in this batch.
  superseded_.assign(b.samples.size(), false);
  groups_seen_.clear();
  for (std::size_t i = b.samples.size(); i-- > 0;) {
    time_s every = b.samples[i].every_s;
    superseded_[i] =
        std::find(groups_seen_.begin(), groups_seen_.end(), every) != groups_seen_.end();
    if (!superseded_[i]) groups_seen_.push_back(every);
  }
  routing_ = true;
  for (const auto& item : b.items) {
    switch (item.kind) {
      case push_batch::item_kind::record:
        deliver_record(b.records[item.index]);
        break;
      case push_batch::item_kind::sample:
        deliver_sample(b, item.index, superseded_[item.index]);
        break;
      case push_batch::item_kind::notice:
        for (auto& [id, s] : sessions_) s->notice(b.notices[item.index]);
        break;
    }
  }
  routing_ = false;
  for (auto& [id, s] : sessions_) s->write_queued();
  release_held_later();
}

void net::release_held_later() {
  if (hold_timer_armed_ || stopping_) return;
  if (std::none_of(sessions_.begin(), sessions_.end(),
                   [](const auto& kv) { return kv.second->holds(); }))
    return;
  hold_timer_armed_ = true;
  hold_timer_.expires_after(std::chrono::milliseconds(o_.push_ms));
  hold_timer_.async_wait([this](const boost::system::error_code& ec) {
    hold_timer_armed_ = false;
    if (ec || stopping_) return;
    auto now = std::chrono::steady_clock::now();
    bool more = false;
    auto copy = sessions_;
    for (auto& [id, s] : copy) {
      s->refill(now);
      more = s->release_if_affordable() || more;
    }
    if (more) release_held_later();
  });
}

void net::shutdown(std::function<void()> sim_stopped) {
  if (stopping_) return;
  stopping_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  signals_.cancel(ec);
  lag_timer_.cancel();
  hold_timer_.cancel();
  std::string line =
      json{{"notice", "shutdown"}, {"message", "the server is stopping"}}.dump() + "\n";
  auto copy = sessions_;
  for (auto& [id, s] : copy) s->close_after(line);
  asio::post(sim_ctx_, [this, done = std::move(sim_stopped)] { sim_.shutdown(done); });
}

}  // namespace cerco::serve
