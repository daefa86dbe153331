#include <map>
#include <sstream>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

/// The id an element is known by: its `id`, or for roads "<from>_<to>" by default.
std::optional<std::string> element_id(state& s, const toml::table& t, std::string_view kind,
                                      const std::string& owner) {
  const table_ref tr{&t, owner, {}};
  if (kind == "road" && t.get("id") == nullptr) {
    const auto* from = t.get_as<std::string>("from");
    const auto* to = t.get_as<std::string>("to");
    if (from == nullptr || to == nullptr) return std::nullopt;  // reported by load_roads
    return from->get() + "_" + to->get();
  }
  const auto id = read_string(s.cx, tr, "id", true);
  if (!id) return std::nullopt;
  if (const std::size_t max = s.cx.limits().id_bytes_max; id->size() > max) {
    s.cx.error_at(t.get("id"), tr.field("id") + " is too long: " + std::to_string(id->size()) +
                                   " bytes (limit " + std::to_string(max) + ")");
    return std::nullopt;
  }
  if (!scenario_text::valid_id(*id)) {
    s.cx.error_at(t.get("id"), tr.field("id") + ": `" + *id +
                                   "` is not a valid id (use lowercase letters, digits and _)");
    return std::nullopt;
  }
  return id;
}

/// "`key`: " for a key short enough to quote in a message, else nothing.
std::string quoted_key(std::string_view key) {
  return key.size() <= 40 ? scenario_text::cat({"`", key, "`: "}) : std::string();
}

/// Reports every key and string under `n` (reached by `key`) longer than `max` bytes.
void check_text_under(context& cx, const toml::node& n, std::string_view key, std::size_t max) {
  const auto too_long = [max](std::size_t size) {
    return " is too long: " + std::to_string(size) + " bytes (limit " + std::to_string(max) + ")";
  };
  if (const toml::table* t = n.as_table()) {
    for (const auto& [k, v] : *t) {
      if (k.str().size() > max) {
        cx.error_key(k, &v, "a key" + too_long(k.str().size()));
        continue;
      }
      check_text_under(cx, v, k.str(), max);
    }
  } else if (const toml::array* a = n.as_array()) {
    for (const toml::node& v : *a) check_text_under(cx, v, key, max);
  } else if (const auto* text = n.as_string(); text != nullptr && text->get().size() > max) {
    cx.error_at(&n, quoted_key(key) + "a string" + too_long(text->get().size()));
  }
}

/// "YYYY-MM-DD" with a month in 1..12 and a day in 1..31 (display only: no calendar).
bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int month = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

struct kind_slot {
  std::string_view key;
  id_table* ids;
  std::vector<element>* out;
  std::size_t limit;
};

void collect_kind(state& s, const kind_slot& k) {
  const toml::node* n = s.root.get(k.key);
  if (n == nullptr) return;
  std::string noun;
  noun.append("[[").append(k.key).append("]]");
  const toml::array* a = n->as_array();
  if (a == nullptr || !a->is_array_of_tables()) {
    s.cx.error_at(n, scenario_text::cat({"`", k.key, "` must be written as ", noun, " tables"}));
    return;
  }
  if (a->size() > k.limit) {
    s.cx.error_at(&(*a)[k.limit], "too many " + noun + " tables: " + std::to_string(a->size()) +
                                      " (limit " + std::to_string(k.limit) + ")");
  }
  std::map<std::string, const toml::table*, std::less<>> seen;
  const std::size_t count = std::min(a->size(), k.limit);
  for (std::size_t i = 0; i < count; ++i) {
    const toml::table& t = *(*a)[i].as_table();
    element e{&t, noun + " #" + std::to_string(i + 1)};
    std::optional<std::string> id = element_id(s, t, k.key, e.owner);
    if (id) {
      e.owner = noun + " `" + *id + "`";
      if (const auto [it, fresh] = seen.emplace(*id, &t); !fresh) {
        s.cx.error_at(&t, "duplicate " + noun + " id `" + *id + "` (first at line " +
                              std::to_string(it->second->source().begin.line) + ")" +
                              (k.key == "road" && t.get("id") == nullptr
                                   ? "; give parallel roads distinct ids"
                                   : ""));
        id.reset();
      }
    }
    k.ids->ids.push_back(id.value_or(""));
    k.out->push_back(std::move(e));
  }
}

}  // namespace

bool check_text_sizes(context& cx, const toml::table& root) {
  const std::size_t before = cx.error_count();
  check_text_under(cx, root, {}, cx.limits().text_bytes_max);
  return cx.error_count() == before;
}

void collect(state& s) {
  const load_limits& l = s.cx.limits();
  check_keys(s.cx, table_ref{&s.root, "the file", {}}, schema::keys_of(""), "table");
  const kind_slot slots[] = {
      {"node", &s.nodes, &s.node_el, l.nodes_max},
      {"road", &s.roads, &s.road_el, l.roads_max},
      {"fleet", &s.fleets, &s.fleet_el, l.fleets_max},
      {"blockade", &s.blockades, &s.blockade_el, l.blockades_max},
      {"airlift", &s.airlifts, &s.airlift_el, l.airlifts_max},
      {"convoy", &s.convoys, &s.convoy_el, l.convoys_max},
      {"rationing", &s.rationings, &s.rationing_el, l.rationings_max},
      {"event", &s.events, &s.event_el, l.rules_max},
      {"trigger", &s.triggers, &s.trigger_el, l.rules_max},
  };
  for (const kind_slot& k : slots) collect_kind(s, k);
  const std::size_t rules = s.event_el.size() + s.trigger_el.size();
  if (rules > l.rules_max) {
    s.cx.error("too many rules: " + std::to_string(rules) +
               " [[event]] and [[trigger]] tables (limit " + std::to_string(l.rules_max) + ")");
  }
  for (std::size_t i = 0; i < s.event_el.size(); ++i) {
    if (!s.events.ids[i].empty() && s.triggers.find(s.events.ids[i])) {
      s.cx.error_at(s.event_el[i].t, "[[event]] and [[trigger]] share the id `" + s.events.ids[i] +
                                         "`; rule ids must be unique");
    }
  }
}

void load_header(state& s) {
  const toml::node* n = s.root.get("scenario");
  if (n == nullptr || !n->is_table()) {
    if (n != nullptr) {
      s.cx.error_at(n, "`scenario` must be a table ([scenario])");
    } else {
      s.cx.error("missing the [scenario] table (it needs at least `name` and `duration`)");
    }
    return;
  }
  const table_ref tr{n->as_table(), "[scenario]", {}};
  context& cx = s.cx;
  check_keys(cx, tr, schema::keys_of("scenario"));
  scenario& sc = s.sc;
  sc.name = read_string(cx, tr, "name", true).value_or("");
  sc.description = read_string(cx, tr, "description", false).value_or("");
  if (const toml::node* d = tr.get("start"); d != nullptr && d->is_date()) {
    std::ostringstream text;
    text << *d->as_date();
    sc.start_date = text.str();
  } else if (const auto start = read_string(cx, tr, "start", false)) {
    if (!valid_date(*start)) {
      cx.error_at(
          tr.get("start"),
          tr.field("start") + ": expected a date like \"2019-11-12\", got \"" + *start + "\"");
    }
    sc.start_date = *start;
  }
  if (const auto d = read_duration(cx, tr, "duration", true, 1)) {
    char a[64], b[64];
    if (*d > cx.limits().duration_max_s) {
      cx.error_at(tr.get("duration"),
                  tr.field("duration") + " is " + std::string(format_duration(*d, a, sizeof a)) +
                      ", beyond the limit of " +
                      std::string(format_duration(cx.limits().duration_max_s, b, sizeof b)));
    }
    sc.duration_s = *d;
  }
  sc.seed = static_cast<std::uint64_t>(read_int(cx, tr, "seed", 0, INT64_MAX, false).value_or(0));
  sc.shelf_life_s = read_duration(cx, tr, "shelf_life", false, 1).value_or(6 * day_s);
}

}  // namespace cerco::load_detail
