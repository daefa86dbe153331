#include "sim/scenario/load.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/builtin.hpp"
#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco {
namespace ld = load_detail;

namespace {

/// Runs every pass; the order lets later passes resolve ids and read what earlier ones set.
void validate(ld::state& s) {
  ld::collect(s);
  ld::load_header(s);
  ld::load_nodes(s);
  ld::load_roads(s);
  ld::load_fleets(s);
  ld::load_supply(s);
  ld::load_blockades(s);
  ld::load_airlifts(s);
  ld::load_convoys(s);
  ld::load_rationings(s);
  ld::load_protest(s);
  ld::load_rules(s);
}

void load_document(ld::context& cx, toml::table& root, const std::vector<override_kv>& overrides,
                   load_result& out) {
  ld::apply_overrides(cx, root, overrides);
  if (!ld::check_text_sizes(cx, root)) return;
  ld::state s(cx, root);
  validate(s);
  if (cx.error_count() == 0) out.value = std::move(s.sc);
}

/// In file order (flags and file-wide limits first), so a reader can fix them top down;
/// "too many errors" stays last.
void sort_by_position(std::vector<diagnostic>& errors) {
  auto end = errors.end();
  if (!errors.empty() && errors.back().message.rfind("too many errors", 0) == 0) --end;
  std::stable_sort(errors.begin(), end, [](const diagnostic& a, const diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
}

/// The result with the context's errors, in order; no value when there are any.
load_result finish(ld::context& cx, load_result out) {
  out.errors = cx.take();
  sort_by_position(out.errors);
  if (!out.errors.empty()) out.value.reset();
  return out;
}

std::string builtin_names() {
  std::string list;
  for (const builtin_scenario& b : builtin_scenarios()) {
    list += (list.empty() ? "" : ", ") + std::string(b.name);
  }
  return list.empty() ? "none" : list;
}

load_result unknown_scenario(const std::string& path) {
  std::vector<std::string> names;
  for (const builtin_scenario& b : builtin_scenarios()) names.emplace_back(b.name);
  load_result out;
  out.errors.push_back({path, 0, 0,
                        "no such file, and no built-in scenario named `" + path + "`" +
                            scenario_text::did_you_mean(scenario_text::nearest(path, names)) +
                            " (built-in scenarios: " + builtin_names() + ")"});
  return out;
}

const builtin_scenario* find_builtin(std::string_view name) {
  if (name.size() > 5 && name.substr(name.size() - 5) == ".toml") {
    name.remove_suffix(5);
  }
  for (const builtin_scenario& b : builtin_scenarios()) {
    if (name == b.name) return &b;
  }
  return nullptr;
}

}  // namespace

load_result load_scenario_text(std::string_view text, const std::string& name,
                               const std::vector<override_kv>& overrides,
                               const load_limits& limits) {
  load_result out;
  out.source_hash = scenario_text::fnv1a64(text);
  ld::context cx(name, limits);
  try {
    if (text.size() > limits.file_bytes_max) {
      cx.error("file is too large: " + std::to_string(text.size()) + " bytes (limit " +
               std::to_string(limits.file_bytes_max) + ")");
    } else {
      toml::table root = toml::parse(text, std::string_view(name));
      load_document(cx, root, overrides, out);
    }
  } catch (const toml::parse_error& e) {
    try {
      cx.error_at(e.source(), std::string(e.description()));
    } catch (const ld::too_many_errors&) {
    }
  } catch (const ld::too_many_errors&) {
  }
  return finish(cx, std::move(out));
}

struct scenario_source::parsed {
  std::string name;
  load_limits limits;
  std::uint64_t source_hash = 0;
  std::optional<toml::table> root;  ///< empty when the text does not parse
  load_result failure;              ///< what loading gives when it does not
};

scenario_source::scenario_source(std::string_view text, std::string name,
                                 const load_limits& limits) {
  auto p = std::make_shared<parsed>();
  p->name = std::move(name);
  p->limits = limits;
  p->source_hash = scenario_text::fnv1a64(text);
  if (text.size() > limits.file_bytes_max) {
    p->failure = load_scenario_text(text, p->name, {}, limits);
  } else {
    try {
      p->root = toml::parse(text, std::string_view(p->name));
    } catch (const toml::parse_error&) {
      p->failure = load_scenario_text(text, p->name, {}, limits);
    }
  }
  parsed_ = std::move(p);
}

load_result scenario_source::load(const std::vector<override_kv>& overrides) const {
  const parsed& p = *parsed_;
  if (!p.root) return p.failure;
  load_result out;
  out.source_hash = p.source_hash;
  ld::context cx(p.name, p.limits);
  try {
    toml::table root = *p.root;  // overrides edit the table
    load_document(cx, root, overrides, out);
  } catch (const ld::too_many_errors&) {
  }
  return finish(cx, std::move(out));
}

load_result load_scenario_file(const std::string& path, const std::vector<override_kv>& overrides,
                               const load_limits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (const builtin_scenario* b = find_builtin(path)) {
      return load_scenario_text(std::string_view(b->text, b->size), b->name, overrides, limits);
    }
    if (std::filesystem::exists(path, ec)) {
      load_result out;
      out.errors.push_back({path, 0, 0, "not a regular file"});
      return out;
    }
    return unknown_scenario(path);
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.file_bytes_max) {
    load_result out;
    out.errors.push_back({path, 0, 0,
                          "file is too large: " + std::to_string(size) + " bytes (limit " +
                              std::to_string(limits.file_bytes_max) + ")"});
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    load_result out;
    out.errors.push_back({path, 0, 0, "cannot read the file"});
    return out;
  }
  return load_scenario_text(bytes.str(), path, overrides, limits);
}

}  // namespace cerco
