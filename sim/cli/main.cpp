// The `cerco` command: each room registers its subcommands (commands.hpp); this file
// wires them together, turns parse errors into exit code 2, and returns the code the
// chosen subcommand left.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "sim/cli/commands.hpp"

int& cerco::cli::exit_code() {
  static int code = 0;
  return code;
}

namespace {

constexpr const char* examples = R"(
Examples:
  cerco run                          run the built-in La Paz 2019 scenario, print a summary
  cerco run --out results/ --json    also write files and charts; summary as JSON
  cerco check scenarios/*.toml       validate scenario files
  cerco list                         the built-in scenarios
  cerco bench model --repeat 20      time the default scenario
  cerco <subcommand> --help          flags and examples of one subcommand
Exit codes: 0 ok, 1 a check failed, 2 bad input or usage.)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cerco: a deterministic discrete-event simulator of road blockades and city supply",
               "cerco"};
  app.set_version_flag("--version", "cerco " CERCO_VERSION);
  app.require_subcommand(1);
  app.footer(examples);
  cerco::cli::add_run_commands(app);
  cerco::cli::add_sweep_commands(app);
#ifdef CERCO_HAVE_RENDER
  cerco::cli::add_watch_commands(app);
#endif
  cerco::cli::add_serve_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, with code 0.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "cerco: {}\n", e.what());
    return 1;
  }
  return cerco::cli::exit_code();
}
