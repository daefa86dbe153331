#pragma once
/// `cerco bench phold` and `cerco bench model` (cmd_bench.cpp). Other rooms add their
/// own benchmarks under the same `bench` subcommand.
namespace CLI {
class App;
}

namespace cerco::cli {

/// Adds the `bench` subcommand with `phold` and `model` under it.
void add_bench_commands(CLI::App& app);

}  // namespace cerco::cli
