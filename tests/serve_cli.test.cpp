// cerco-test-links: cerco_serve cli
// `cerco serve` as a process: --port 0 prints the port; SIGTERM and SIGINT shut it down
// cleanly (clients told, audit file flushed, exit 0); bad flags exit 2; the benchmark
// runs and reports.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/serve/client.hpp"

using namespace cerco::serve;

namespace {

struct child {
  pid_t pid = -1;
  FILE* out = nullptr;
};

/// Runs cerco with `args`; its standard output (and error, if asked) is `out`.
child spawn(std::vector<std::string> args, bool with_stderr = false) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    if (with_stderr) dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    args.insert(args.begin(), CERCO_BINARY);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(CERCO_BINARY, argv.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fdopen(fds[0], "r")};
}

int wait_exit(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

std::uint16_t read_port(FILE* out) {
  char line[256] = {};
  REQUIRE(fgets(line, sizeof line, out) != nullptr);
  std::string s(line);
  INFO(s);
  REQUIRE(s.rfind("listening on 127.0.0.1:", 0) == 0);
  return static_cast<std::uint16_t>(std::stoi(s.substr(s.rfind(':') + 1)));
}

}  // namespace

TEST_CASE("a signal shuts the server down cleanly with exit 0", "[serve][cli]") {
  int sig = GENERATE(SIGTERM, SIGINT);
  auto audit = std::filesystem::temp_directory_path() /
               ("cerco_serve_audit_" + std::to_string(getpid()) + ".jsonl");
  child c = spawn({"serve", "--port", "0", "--audit", audit.string()});
  std::uint16_t port = read_port(c.out);
  line_client client;
  REQUIRE(client.connect("127.0.0.1", port));
  auto r =
      client.request({{"cmd", "act"}, {"action", "blockade_lift"}, {"blockade", "senkata_gate"}});
  REQUIRE(r.has_value());
  CHECK((*r)["ok"] == true);
  REQUIRE(kill(c.pid, sig) == 0);
  bool told = false;
  while (auto j = client.read_json(10000))
    if (j->value("notice", "") == "shutdown") told = true;
  CHECK(told);
  CHECK(client.closed());
  CHECK(wait_exit(c.pid) == 0);
  fclose(c.out);
  std::ifstream in(audit);
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK(line.find("blockade_lift") != std::string::npos);
  std::filesystem::remove(audit);
}

TEST_CASE("bad serve flags exit 2", "[serve][cli]") {
  child c = spawn({"serve", "--speed", "fast", "--port", "0"});
  CHECK(wait_exit(c.pid) == 2);
  fclose(c.out);
  child d = spawn({"serve", "no_such_scenario", "--port", "0"});
  CHECK(wait_exit(d.pid) == 2);
  fclose(d.out);
  child e = spawn({"serve", "--bind", "not-an-address", "--port", "0"});
  CHECK(wait_exit(e.pid) == 2);
  fclose(e.out);
  child f = spawn({"serve", "--bench", "--bench-every", "0"});
  CHECK(wait_exit(f.pid) == 2);
  fclose(f.out);
  // Sizes are unsigned: a negative one must not wrap to a huge limit and start a server
  // (a short benchmark, so that a regression ends instead of serving forever).
  for (const char* flag : {"--queue-max", "--queue-hard", "--push-rate", "--push-burst",
                           "--line-max", "--clients-max", "--drop-after"}) {
    child g =
        spawn({"serve", "--bench", "--bench-runs", "1", "--bench-clients", "1", flag, "-5"}, true);
    std::string text;
    char buf[512];
    while (fgets(buf, sizeof buf, g.out)) text += buf;
    INFO(flag << ": " << text);
    CHECK(wait_exit(g.pid) == 2);
    CHECK(text.find(flag) != std::string::npos);
    fclose(g.out);
  }
  child h = spawn({"serve", "--bench", "--bench-runs", "0"});
  CHECK(wait_exit(h.pid) == 2);
  fclose(h.out);
}

TEST_CASE("the serve benchmark alternates its runs and prints every figure", "[serve][cli]") {
  child c = spawn(
      {"serve", "--bench", "--bench-runs", "2", "--bench-clients", "3", "--bench-every", "2h"});
  std::string text;
  char buf[512];
  while (fgets(buf, sizeof buf, c.out)) text += buf;
  CHECK(wait_exit(c.pid) == 0);
  fclose(c.out);
  INFO(text);
  CHECK(text.find("2 runs per configuration") != std::string::npos);
  CHECK(text.find("3 clients, measures every 7200s") != std::string::npos);
  CHECK(text.find("first run after subscribing ") != std::string::npos);
  CHECK(text.find("subscribed, steady state ") != std::string::npos);
  CHECK(text.find("middle half of the run-by-run changes") != std::string::npos);
  CHECK(text.find("push rate 1048576 bytes/s per client after 1048576 at once") !=
        std::string::npos);
  CHECK(text.find("all runs together (their events / their wall time)") != std::string::npos);
  CHECK(text.find("machine during the runs (measured or not") != std::string::npos);
  CHECK(text.find("context switches") != std::string::npos);
  CHECK(text.find("page faults); network ") != std::string::npos);
  // La Paz runs 21 days: one sample every two hours, made once for all subscribers.
  CHECK(text.find("samples made per run (median): 252\n") != std::string::npos);
  // Every update due (2 pairs, 2 subscribed runs each, 3 clients) reached every
  // subscriber, on its own line or coalesced into one.
  CHECK(text.find("carrying 3024 of the 3024 updates due") != std::string::npos);
  CHECK(text.find("state round trip, running: median") != std::string::npos);
}
