// One client connection: bounded reading, bounded writing, the slow-client policy.
#include "sim/serve/session.hpp"

#include <algorithm>
#include <boost/asio/write.hpp>
#include <cstring>

#include "sim/serve/net.hpp"

namespace cerco::serve {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

session::session(asio::ip::tcp::socket socket, std::uint64_t id, net& owner)
    : socket_(std::move(socket)),
      close_timer_(socket_.get_executor()),
      id_(id),
      owner_(owner),
      push_budget_bytes_(static_cast<double>(owner.options().push_burst_bytes)),
      refilled_at_(clock_type::now()) {}

void session::start() {
  boost::system::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  read();
}

void session::read() {
  const auto& o = owner_.options();
  if (reading_ || closed_ || closing_) return;
  // Backpressure: a client that does not read its replies is not read from either.
  if (queued_bytes_ > o.queue_hard_bytes || requests_in_flight_ >= o.requests_in_flight_max) return;
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(rbuf_),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        self->reading_ = false;
        if (ec) return self->close();  // EOF or reset; a half line is simply forgotten
        self->consume(self->rbuf_.data(), n);
        self->read();
      });
}

void session::consume(const char* data, std::size_t n) {
  const std::size_t limit = owner_.options().line_bytes_max;
  while (n > 0 && !closed_ && !closing_) {
    const char* nl = static_cast<const char*>(std::memchr(data, '\n', n));
    std::size_t take = nl ? static_cast<std::size_t>(nl - data) : n;
    if (!discarding_) {
      if (line_.size() + take > limit) {
        discarding_ = true;
        line_.clear();
      } else {
        line_.append(data, take);
      }
    }
    data += take, n -= take;
    if (!nl) break;
    ++data, --n;  // the newline
    if (discarding_) {
      discarding_ = false;
      fail(nullptr, {"line_too_long", "request line longer than " + std::to_string(limit) +
                                          " bytes was discarded; the limit is " +
                                          std::to_string(limit) + " bytes per line"});
      continue;
    }
    std::string line = std::move(line_);
    line_.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) on_line(line);
  }
}

void session::fail(const json* id, const error_info& e) {
  entry x;
  x.head = error_line(id, e);
  send(std::move(x));
}

void session::on_line(std::string_view line) {
  json request;
  try {
    request = json::parse(line);
  } catch (const json::parse_error& e) {
    return fail(nullptr, {"bad_json", std::string("malformed JSON: ") + e.what()});
  }
  if (!request.is_object())
    return fail(nullptr, {"bad_type", "a request is a JSON object such as {\"cmd\":\"state\"}"});
  auto id_it = request.find("id");
  const json* id = id_it == request.end() ? nullptr : &*id_it;
  auto cmd_it = request.find("cmd");
  if (cmd_it == request.end() || !cmd_it->is_string())
    return fail(id, {"bad_type", "`cmd` must be a string naming a command, such as \"state\""});
  std::string cmd = cmd_it->get<std::string>();
  auto names = command_names();
  if (std::find(names.begin(), names.end(), cmd) == names.end()) {
    std::string n = nearest(cmd, names);
    return fail(id, {"unknown_command", "unknown command `" + cmd + "`" +
                                            (n.empty() ? "" : "; did you mean `" + n + "`?")});
  }
  const std::string& token = owner_.options().token;
  if (!token.empty() && !authed_) {
    if (cmd != "hello")
      return fail(id, {"unauthorized", "send {\"cmd\":\"hello\",\"token\":\"...\"} first"});
    auto t = request.find("token");
    if (t == request.end() || !t->is_string() || t->get_ref<const std::string&>() != token)
      return fail(id, {"unauthorized", "missing or wrong `token` in hello"});
    authed_ = true;
  }
  ++requests_in_flight_;
  owner_.submit({id_, std::move(cmd), std::move(request)});
}

void session::reply(sim_reply r) {
  if (requests_in_flight_ > 0) --requests_in_flight_;
  if (closed_) return;
  release_held();  // a reply follows every update made before it
  if (r.add_route) routes.push_back(*r.add_route);
  if (r.remove_route) {
    std::erase_if(routes, [&](const route& rt) { return rt.sub == *r.remove_route; });
    lost_.erase(*r.remove_route);
    skipped_.erase(*r.remove_route);
  }
  if (r.close_after) return close_after(std::move(r.line));
  entry x;
  x.head = std::move(r.line);
  send(std::move(x));
  read();
}

void session::notice(std::string line) {
  if (!accepting()) return;
  release_held();  // before a notice: the run's last state before "finished", "reset"...
  entry x;
  x.head = std::move(line);
  send(std::move(x));
}

void session::close_after(std::string line) {
  if (closed_) return;
  held_.clear();  // nothing pushed follows a connection's last line
  entry x;
  x.head = std::move(line);
  send(std::move(x));
  closing_ = true;
  arm_close_timer();
  if (!writing_) write();
}

}  // namespace cerco::serve
