#pragma once
/// Each room registers its own subcommands on the `cerco` application; main.cpp only
/// wires them together. A registration adds the subcommand, its flags, and a callback
/// that sets the process exit code (0 ok, 1 a check failed, 2 bad input or usage).
namespace CLI {
class App;
}

namespace cerco::cli {

/// Where a subcommand callback leaves its exit code for main().
int& exit_code();

void add_run_commands(CLI::App& app);    ///< run, check, list, bench (cmd_run.cpp, cmd_bench.cpp)
void add_sweep_commands(CLI::App& app);  ///< sweep, merge (cmd_sweep.cpp)
/// watch, render, and `bench render` (added under the bench subcommand that
/// add_run_commands made; main calls add_run_commands first). cmd_watch.cpp
void add_watch_commands(CLI::App& app);
void add_serve_commands(CLI::App& app);  ///< serve (cmd_serve.cpp)

}  // namespace cerco::cli
