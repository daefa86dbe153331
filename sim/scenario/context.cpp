#include "sim/scenario/context.hpp"

#include <cmath>
#include <sstream>

#include "sim/scenario/text.hpp"

namespace cerco::load_detail {

// ---- context -------------------------------------------------------------------------

void context::push(int line, int column, std::string message) {
  if (errors_.size() >= limits_.max_errors) {
    errors_.push_back(
        {file_, 0, 0, "too many errors; stopping after " + std::to_string(limits_.max_errors)});
    throw too_many_errors{};
  }
  errors_.push_back({file_, line, column, std::move(message)});
}

const std::string* context::flag_of(const toml::node* n) const {
  if (n == nullptr) return nullptr;
  const auto it = overridden_.find(n);
  return it == overridden_.end() ? nullptr : &it->second;
}

void context::error_at(const toml::node* at, std::string message) {
  if (const std::string* flag = flag_of(at)) {
    push(0, 0, *flag + ": " + message);
    return;
  }
  if (at == nullptr) {
    push(0, 0, std::move(message));
    return;
  }
  error_at(at->source(), std::move(message));
}

void context::error_at(const toml::source_region& where, std::string message) {
  push(static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
       std::move(message));
}

void context::error_key(const toml::key& key, const toml::node* value, std::string message) {
  if (const std::string* flag = flag_of(value)) {
    push(0, 0, *flag + ": " + message);
    return;
  }
  error_at(key.source(), std::move(message));
}

void context::error(std::string message) {
  push(0, 0, std::move(message));
}

void context::mark_override(const toml::node& n, const std::string& flag) {
  overridden_[&n] = flag;
  if (const toml::table* t = n.as_table()) {
    for (const auto& [k, v] : *t) mark_override(v, flag);
  } else if (const toml::array* a = n.as_array()) {
    for (const toml::node& v : *a) mark_override(v, flag);
  }
}

void context::note_suggestion(const toml::table* t, std::string_view key) {
  suggested_.emplace(t, std::string(key));
}

bool context::was_suggested(const toml::table* t, std::string_view key) const {
  return suggested_.count({t, std::string(key)}) > 0;
}

// ---- naming --------------------------------------------------------------------------

std::string table_ref::where() const {
  return path.empty() ? owner : "`" + path + "` of " + owner;
}

std::string table_ref::field(std::string_view key) const {
  const std::string full = path.empty() ? std::string(key) : path + "." + std::string(key);
  return "`" + full + "` of " + owner;
}

table_ref table_ref::sub(const toml::table& child, std::string_view key) const {
  return {&child, owner, path.empty() ? std::string(key) : path + "." + std::string(key)};
}

std::optional<std::uint32_t> id_table::find(std::string_view id) const {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].empty() && ids[i] == id) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

std::string show(const toml::node& n) {
  if (n.is_array()) return "an array";
  if (n.is_table()) return "a table";
  if (const auto* s = n.as_string()) {
    std::string text = s->get().size() > 40 ? s->get().substr(0, 37) + "..." : s->get();
    return scenario_text::cat({"\"", text, "\""});
  }
  std::ostringstream out;
  n.visit([&](const auto& v) { out << v; });
  std::string s = out.str();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string describe_value(const toml::node& n) {
  if (n.is_string() || n.is_array() || n.is_table()) return show(n);
  return type_name(n) + " " + show(n);
}

// ---- readers -------------------------------------------------------------------------

void check_keys(context& cx, const table_ref& tr, schema::key_list keys, std::string_view noun) {
  for (const auto& [k, v] : *tr.t) {
    const std::string_view name = k.str();
    bool known = false;
    for (const std::string_view key : keys) known = known || key == name;
    if (known) continue;
    const std::string_view near = scenario_text::nearest(name, keys);
    if (!near.empty()) cx.note_suggestion(tr.t, near);
    cx.error_key(k, &v,
                 scenario_text::cat({"unknown ", noun, " `", name, "` in ", tr.where(),
                                     scenario_text::did_you_mean(near)}));
  }
}

void missing(context& cx, const table_ref& tr, std::string_view key, std::string_view expected) {
  if (cx.was_suggested(tr.t, key)) return;
  cx.error_at(tr.t, "missing key `" + std::string(key) + "` in " + tr.where() + ": expected " +
                        std::string(expected));
}

namespace {

void wrong_type(context& cx, const toml::node& n, const std::string& field,
                std::string_view expected) {
  cx.error_at(&n, field + ": expected " + std::string(expected) + ", got " + describe_value(n));
}

}  // namespace

std::optional<std::string> read_string(context& cx, const table_ref& tr, std::string_view key,
                                       bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) missing(cx, tr, key, "a string");
    return std::nullopt;
  }
  if (const auto* s = n->as_string()) return s->get();
  wrong_type(cx, *n, tr.field(key), "a string");
  return std::nullopt;
}

std::optional<std::int64_t> read_int(context& cx, const table_ref& tr, std::string_view key,
                                     std::int64_t lo, std::int64_t hi, bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) missing(cx, tr, key, "an integer");
    return std::nullopt;
  }
  const auto* i = n->as_integer();
  if (i == nullptr) {
    wrong_type(cx, *n, tr.field(key), "an integer");
    return std::nullopt;
  }
  const std::int64_t v = i->get();
  if (v < lo || v > hi) {
    std::string range = v < lo ? "at least " + std::to_string(lo) : "at most " + std::to_string(hi);
    cx.error_at(n, tr.field(key) + " must be " + range + ", got " + std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_real(context& cx, const table_ref& tr, std::string_view key, double lo,
                                double hi, bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) missing(cx, tr, key, "a number");
    return std::nullopt;
  }
  double v = 0;
  if (const auto* f = n->as_floating_point()) {
    v = f->get();
  } else if (const auto* i = n->as_integer()) {
    v = static_cast<double>(i->get());
  } else {
    wrong_type(cx, *n, tr.field(key), "a number");
    return std::nullopt;
  }
  if (!std::isfinite(v) || v < lo || v > hi) {
    std::ostringstream range;
    if (hi == HUGE_VAL) {
      range << "at least " << lo;
    } else {
      range << "in [" << lo << ", " << hi << "]";
    }
    cx.error_at(n, tr.field(key) + " must be " + range.str() + ", got " + show(*n));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> read_bool(context& cx, const table_ref& tr, std::string_view key) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  wrong_type(cx, *n, tr.field(key), "true or false");
  return std::nullopt;
}

std::optional<std::int64_t> unit_value(context& cx, const toml::node& n, const std::string& field,
                                       const unit_parser& parse, bool allow_int) {
  if (const auto* i = n.as_integer()) {
    if (allow_int) return i->get();
    cx.error_at(&n, field + ": " + parse(std::to_string(i->get())).error);
    return std::nullopt;
  }
  if (const auto* f = n.as_floating_point()) {
    cx.error_at(&n, field + ": " + parse(show(n)).error);
    (void)f;
    return std::nullopt;
  }
  const auto* s = n.as_string();
  if (s == nullptr) {
    wrong_type(cx, n, field, "a string with a unit");
    return std::nullopt;
  }
  const units::parsed p = parse(s->get());
  if (!p.ok()) {
    cx.error_at(&n, field + ": " + p.error);
    return std::nullopt;
  }
  return p.value;
}

std::optional<std::int64_t> read_unit(context& cx, const table_ref& tr, std::string_view key,
                                      const unit_parser& parse, bool required, bool allow_int) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) {
      // The parser's own wording of what it wants, without the "got ..." part.
      std::string want = parse("").error;
      want = want.substr(0, want.find(", got"));
      if (want.rfind("expected ", 0) == 0) want = want.substr(9);
      missing(cx, tr, key, want);
    }
    return std::nullopt;
  }
  return unit_value(cx, *n, tr.field(key), parse, allow_int);
}

std::optional<time_s> read_duration(context& cx, const table_ref& tr, std::string_view key,
                                    bool required, time_s min_s) {
  const auto v = read_unit(
      cx, tr, key, [](std::string_view t) { return units::duration(t); }, required);
  if (!v) return std::nullopt;
  if (*v < min_s) {
    char buf[64];
    cx.error_at(tr.get(key), tr.field(key) + " must be at least " +
                                 std::string(format_duration(min_s, buf, sizeof buf)) + ", got " +
                                 show(*tr.get(key)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::size_t> enum_value(context& cx, const toml::node& n, const std::string& field,
                                      schema::key_list names, std::string_view noun) {
  const auto* s = n.as_string();
  if (s == nullptr) {
    wrong_type(cx, n, field, "a string");
    return std::nullopt;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == s->get()) return i;
  }
  const std::string_view near = scenario_text::nearest(s->get(), names);
  std::string msg = field + ": unknown " + std::string(noun) + " `" + s->get() + "`";
  if (!near.empty()) {
    msg += scenario_text::did_you_mean(near);
  } else {
    msg += " (expected one of";
    for (std::size_t i = 0; i < names.size(); ++i) {
      msg += (i == 0 ? " " : ", ") + std::string(names[i]);
    }
    msg += ")";
  }
  cx.error_at(&n, msg);
  return std::nullopt;
}

std::optional<std::size_t> read_enum(context& cx, const table_ref& tr, std::string_view key,
                                     schema::key_list names, std::string_view noun, bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) {
      std::string list;
      for (std::size_t i = 0; i < names.size(); ++i) {
        list += (i == 0 ? "" : ", ") + std::string(names[i]);
      }
      missing(cx, tr, key, "one of " + list);
    }
    return std::nullopt;
  }
  return enum_value(cx, *n, tr.field(key), names, noun);
}

std::optional<commodity> read_commodity(context& cx, const table_ref& tr, std::string_view key,
                                        bool required) {
  const auto i = read_enum(cx, tr, key, schema::commodity_keys(), "commodity", required);
  if (!i) return std::nullopt;
  return static_cast<commodity>(*i);
}

std::optional<table_ref> read_table(context& cx, const table_ref& tr, std::string_view key,
                                    std::string_view example) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* t = n->as_table()) return tr.sub(*t, key);
  wrong_type(cx, *n, tr.field(key), "a table like " + std::string(example));
  return std::nullopt;
}

std::optional<std::uint32_t> resolve(context& cx, const id_table& ids, const toml::node& at,
                                     std::string_view id, const std::string& field) {
  if (const auto i = ids.find(id)) return i;
  cx.error_at(&at, field + ": no [[" + std::string(ids.kind) + "]] with id `" + std::string(id) +
                       "`" + scenario_text::did_you_mean(scenario_text::nearest(id, ids.ids)));
  return std::nullopt;
}

std::optional<std::uint32_t> read_ref(context& cx, const table_ref& tr, std::string_view key,
                                      const id_table& ids, bool required) {
  const auto id = read_string(cx, tr, key, required);
  if (!id) return std::nullopt;
  return resolve(cx, ids, *tr.get(key), *id, tr.field(key));
}

std::optional<std::vector<std::uint32_t>> read_refs(context& cx, const table_ref& tr,
                                                    std::string_view key, const id_table& ids,
                                                    bool required) {
  const toml::node* n = tr.get(key);
  if (n == nullptr) {
    if (required) missing(cx, tr, key, "an id or an array of ids");
    return std::nullopt;
  }
  if (n->is_string()) {
    const auto one = read_ref(cx, tr, key, ids, true);
    if (!one) return std::nullopt;
    return std::vector<std::uint32_t>{*one};
  }
  const auto* a = n->as_array();
  if (a == nullptr || a->empty()) {
    cx.error_at(n, tr.field(key) + ": expected an id or a non-empty array of [[" +
                       std::string(ids.kind) + "]] ids, got " + describe_value(*n));
    return std::nullopt;
  }
  std::vector<std::uint32_t> out;
  bool ok = true;
  for (const toml::node& e : *a) {
    const auto* s = e.as_string();
    std::optional<std::uint32_t> i;
    if (s == nullptr) {
      wrong_type(cx, e, tr.field(key), "an id string");
    } else {
      i = resolve(cx, ids, e, s->get(), tr.field(key));
    }
    if (i) out.push_back(*i);
    ok = ok && i.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace cerco::load_detail
