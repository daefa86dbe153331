#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco {

std::optional<override_kv> parse_override(std::string_view flag, std::string* error) {
  const std::size_t eq = flag.find('=');
  const std::string_view path = scenario_text::trim(flag.substr(0, eq));
  auto fail = [&](const std::string& why) -> std::optional<override_kv> {
    if (error != nullptr) *error = "--set " + std::string(flag) + ": " + why;
    return std::nullopt;
  };
  if (eq == std::string_view::npos) {
    return fail("expected path=value, like blockade.senkata_gate.strength=0.5");
  }
  if (path.empty()) return fail("the path before `=` is empty");
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t dot = path.find('.', start);
    const std::size_t end = dot == std::string_view::npos ? path.size() : dot;
    if (end == start) return fail("the path has an empty part (two dots, or a dot at an end)");
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  const std::string_view value = scenario_text::trim(flag.substr(eq + 1));
  if (value.empty()) return fail("the value after `=` is empty");
  return override_kv{std::string(path), std::string(value)};
}

}  // namespace cerco

namespace cerco::load_detail {
namespace {

/// The value of a flag as a TOML value; a bare word (or a date) is taken as a string.
toml::table parse_value(const std::string& text) {
  try {
    toml::table t = toml::parse("v = " + text);
    const toml::node* v = t.get("v");
    if (t.size() == 1 && v != nullptr && !v->is_date() && !v->is_time() && !v->is_date_time()) {
      return t;
    }
  } catch (const toml::parse_error&) {
  }
  toml::table t;
  t.insert("v", text);
  return t;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

std::string element_id(const toml::table& t, std::string_view kind) {
  if (const auto* id = t.get_as<std::string>("id")) return id->get();
  if (kind == "road") {
    const auto* from = t.get_as<std::string>("from");
    const auto* to = t.get_as<std::string>("to");
    if (from && to) return from->get() + "_" + to->get();
  }
  return {};
}

/// Where the walk is: a table (with its schema kind and name) or an array in a table.
struct cursor {
  toml::table* table = nullptr;
  toml::array* array = nullptr;
  std::string kind;    ///< schema kind of `table`, or of the array's elements
  bool by_id = false;  ///< the array is [[kind]] at the top: elements addressed by id
  table_ref name;      ///< how messages name the table (t unused)
};

struct walker {
  context& cx;
  std::string flag;
  const toml::node* value;
  bool failed = false;

  void fail(const std::string& why) {
    cx.error(flag + ": " + why);
    failed = true;
  }

  void set(toml::table& t, const std::string& key) {
    value->visit([&](const auto& v) { t.insert_or_assign(key, v); });
    cx.mark_override(*t.get(key), flag);
  }

  void step_table(cursor& c, const std::string& seg, bool last);
  void step_array(cursor& c, const std::string& seg, bool last);
};

void walker::step_table(cursor& c, const std::string& seg, bool last) {
  const schema::key_list keys = schema::keys_of(c.kind);
  bool known = false;
  for (const std::string_view k : keys) known = known || k == seg;
  if (!known) {
    const bool commodities = keys.data() == schema::commodity_keys().data();
    const std::string noun = c.kind.empty() ? "table" : commodities ? "commodity" : "key";
    return fail("unknown " + noun + " `" + seg + "` in " + c.name.where() +
                scenario_text::did_you_mean(scenario_text::nearest(seg, keys)));
  }
  if (last) return set(*c.table, seg);
  const schema::shape sh = schema::shape_of(c.kind, seg);
  toml::node* child = c.table->get(seg);
  if (child == nullptr && sh == schema::shape::table) {
    child = c.table->insert(seg, toml::table{}).first->second.as_table();
  }
  if (child == nullptr && sh == schema::shape::table_array) {
    return fail("the file has no [[" + seg + "]] tables");
  }
  if (child == nullptr) return fail(c.name.field(seg) + " is not in the file");
  const std::string elem_kind(schema::child_kind(c.kind, seg));
  if (toml::table* t = child->as_table()) {
    c.name = c.kind.empty() ? table_ref{nullptr, "[" + seg + "]", {}} : c.name.sub(*t, seg);
    c.table = t;
    c.kind = elem_kind;
  } else if (toml::array* a = child->as_array()) {
    c.by_id = c.kind.empty();
    c.name = c.kind.empty() ? table_ref{nullptr, "[[" + seg + "]]", {}} : c.name.sub(*c.table, seg);
    c.array = a;
    c.table = nullptr;
    c.kind = elem_kind;
  } else {
    fail(c.name.field(seg) + " is a value, not a table");
  }
}

void walker::step_array(cursor& c, const std::string& seg, bool last) {
  if (c.by_id) {
    std::vector<std::string> ids;
    for (toml::node& e : *c.array) {
      toml::table* t = e.as_table();
      ids.push_back(t ? element_id(*t, c.kind) : std::string());
      if (t == nullptr || ids.back() != seg) continue;
      if (last) return fail("cannot replace a whole [[" + c.kind + "]]; set one of its keys");
      c.table = t;
      c.array = nullptr;
      c.name = table_ref{nullptr, "[[" + c.kind + "]] `" + seg + "`", {}};
      return;
    }
    return fail("no [[" + c.kind + "]] with id `" + seg + "`" +
                scenario_text::did_you_mean(scenario_text::nearest(seg, ids)));
  }
  std::size_t index = 0;
  const bool digits = !seg.empty() && seg.find_first_not_of("0123456789") == std::string::npos;
  if (digits && seg.size() < 9) index = std::stoul(seg);
  if (!digits || seg.size() >= 9 || index >= c.array->size()) {
    return fail("expected an index from 0 to " + std::to_string(c.array->size()) +
                " (exclusive) into " + c.name.where() + ", got `" + seg + "`");
  }
  toml::node& e = (*c.array)[index];
  if (last) {
    value->visit([&](const auto& v) { c.array->replace(c.array->begin() + index, v); });
    cx.mark_override((*c.array)[index], flag);
    return;
  }
  toml::table* t = e.as_table();
  if (t == nullptr) return fail(c.name.where() + "[" + seg + "] is a value, not a table");
  c.name.path += "[" + seg + "]";
  c.table = t;
  c.array = nullptr;
}

}  // namespace

void apply_overrides(context& cx, toml::table& root, const std::vector<override_kv>& overrides) {
  for (const override_kv& kv : overrides) {
    const toml::table holder = parse_value(kv.value);
    walker w{cx, "--set " + kv.path + "=" + kv.value, holder.get("v")};
    const std::vector<std::string> segs = split_path(kv.path);
    cursor c{&root, nullptr, "", false, table_ref{nullptr, "the file", {}}};
    for (std::size_t i = 0; i < segs.size() && !w.failed; ++i) {
      const bool last = i + 1 == segs.size();
      if (segs[i].empty()) {
        w.fail("the path has an empty part");
      } else if (c.table != nullptr) {
        w.step_table(c, segs[i], last);
      } else {
        w.step_array(c, segs[i], last);
      }
    }
  }
}

}  // namespace cerco::load_detail
