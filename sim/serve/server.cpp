// Wires the two threads together and runs them.
#include "sim/serve/server.hpp"

#include <pthread.h>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <iostream>
#include <optional>
#include <thread>

#include "sim/serve/net.hpp"
#include "sim/serve/simulation.hpp"

namespace cerco::serve {

namespace asio = boost::asio;

struct server::impl {
  impl(const scenario& s, std::string label, serve_options o)
      : options(std::move(o)),
        sim(
            sim_ctx, s, std::move(label), options,
            [this](sim_reply r) {
              asio::post(net_ctx,
                         [this, r = std::move(r)]() mutable { network.on_reply(std::move(r)); });
            },
            [this](std::unique_ptr<push_batch> b) {
              asio::post(net_ctx, [this, b = std::move(b)]() mutable {
                network.on_batch(*b);
                pool.give(std::move(b));
              });
            },
            [this] { return pool.take(); }),
        network(net_ctx, sim_ctx, sim, s, options) {}

  serve_options options;
  batch_pool pool;  ///< before sim and network, which use it
  asio::io_context net_ctx;
  asio::io_context sim_ctx;
  simulation sim;
  net network;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> sim_work;
  std::atomic<bool> running{false};
};

server::server(const scenario& s, std::string label, serve_options options)
    : impl_(std::make_unique<impl>(s, std::move(label), std::move(options))) {}

server::~server() = default;

bool server::open(std::string* error) {
  return impl_->sim.init(error) && impl_->network.open(error);
}

std::uint16_t server::port() const {
  return impl_->network.port();
}

int server::run() {
  impl& m = *impl_;
  m.sim_work.emplace(m.sim_ctx.get_executor());
  auto sim_stopped = [&m] { m.sim_work.reset(); };
  m.network.start(sim_stopped);
  std::thread sim_thread([&m] {
    // Named so that top -H and perf tell the two threads apart.
    pthread_setname_np(pthread_self(), "cerco-sim");
    m.sim.start();
    m.sim_ctx.run();
  });
  m.running = true;
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  pthread_setname_np(pthread_self(), "cerco-net");
  m.net_ctx.run();
  pthread_setname_np(pthread_self(), name);
  // The network side is done; make sure the simulation side is too (stop() without a
  // signal reaches here through shutdown as well, so this is a no-op then).
  asio::post(m.sim_ctx, [&m] { m.sim.shutdown([&m] { m.sim_work.reset(); }); });
  sim_thread.join();
  m.running = false;
  return 0;
}

void server::stop() {
  impl& m = *impl_;
  asio::post(m.net_ctx, [&m] { m.network.shutdown([&m] { m.sim_work.reset(); }); });
}

}  // namespace cerco::serve
