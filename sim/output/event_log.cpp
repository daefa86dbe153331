#include "sim/output/event_log.hpp"

#include <fmt/format.h>

#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/summary.hpp"

namespace cerco {
namespace {

bool is_negotiation(record_kind k) {
  return k == record_kind::negotiation_started || k == record_kind::negotiation_succeeded ||
         k == record_kind::negotiation_failed || k == record_kind::agreement_reneged;
}

/// Trucks beyond this index are named on every use instead of kept.
constexpr std::uint32_t truck_names_max = 1u << 20;

/// ,"key": for a key, or "" for none.
std::string key_text(const char* key) {
  return key == nullptr ? std::string() : ",\"" + std::string(key) + "\":";
}

/// Appends a literal without measuring it at run time.
template <std::size_t N>
void put(std::string& out, const char (&text)[N]) {
  out.append(text, N - 1);
}

}  // namespace

event_log::event_log(const scenario& s) : s_(s), clock_(s.start_date) {
  const std::size_t sizes[] = {0,
                               s.nodes.size(),
                               0,
                               s.blockades.size(),
                               s.airlifts.size(),
                               s.convoys.size(),
                               s.rationings.size(),
                               s.rules.size(),
                               s.negotiations.size()};
  for (int k = 0; k < record_kind_count; ++k) {
    const auto kind = static_cast<record_kind>(k);
    const record_layout& l = layout_of(kind);
    kind_texts_.push_back(
        kind_text{"\",\"kind\":\"" + std::string(record_kind_name(kind)) + "\",\"origin\":\"",
                  key_text(l.subject_key), key_text(l.other_key), key_text(l.amount_key),
                  key_text(l.value_key)});
  }
  json_names_.resize(std::size(sizes));
  for (std::size_t k = 0; k < std::size(sizes); ++k) {
    for (std::uint32_t i = 0; i < sizes[k]; ++i) {
      std::string literal;
      append_json_string(literal, entity_name(s, static_cast<id_kind>(k), i));
      json_names_[k].push_back(std::move(literal));
    }
  }
}

const std::string& event_log::json_name(id_kind kind, std::uint32_t index) const {
  auto& table = json_names_[static_cast<std::size_t>(kind)];
  if (index < table.size() && !table[index].empty()) return table[index];
  if (kind != id_kind::truck || index >= truck_names_max) {
    scratch_.clear();
    append_json_string(scratch_, entity_name(s_, kind, index));
    return scratch_;
  }
  // Trucks are named the first time they appear, then kept.
  if (index >= table.size()) table.resize(index + 1);
  append_json_string(table[index], entity_name(s_, kind, index));
  return table[index];
}

const std::string& event_log::date_of(time_s at_s) const {
  if (at_s != date_at_s_) {
    date_ = clock_.date_time(at_s);
    date_[10] = 'T';
    date_at_s_ = at_s;
  }
  return date_;
}

bool event_log::open(const std::string& events_path, const std::string& triggers_path) {
  return events_file_.open(events_path) && triggers_file_.open(triggers_path);
}

bool event_log::commit() {
  return events_file_.commit() && triggers_file_.commit();
}

const std::string& event_log::error() const {
  return events_file_.failed() ? events_file_.error() : triggers_file_.error();
}

void event_log::append_head(std::string& out, const record& r) const {
  const kind_text& k = kind_texts_[static_cast<std::size_t>(r.kind)];
  put(out, "{\"t\":");
  append_int(out, r.at_s);
  put(out, ",\"date\":\"");
  out += date_of(r.at_s);
  out += k.kind;
  out += record_origin_name(r.origin);
  out += '"';
  const record_layout& l = layout_of(r.kind);
  if (l.subject_key != nullptr && r.subject != no_index) {
    out += k.subject_key;
    out += json_name(l.subject, r.subject);
  }
  if (l.other_key != nullptr && r.other != no_index) {
    out += k.other_key;
    out += json_name(l.other, r.other);
  }
  if (l.has_commodity) {
    put(out, ",\"commodity\":\"");
    out += commodity_names[static_cast<int>(r.what)];
    out += '"';
  }
  if (l.amount_key != nullptr) {
    out += k.amount_key;
    append_int(out, r.amount);
  }
  if (l.value_key != nullptr) {
    out += k.value_key;
    append_int(out, r.value);
  }
}

std::string event_log::event_line(const record& r) const {
  std::string out;
  append_head(out, r);
  out += "}\n";
  return out;
}

void event_log::append_conditions(std::string& out, const rule_spec& rule, const record& r) const {
  out += ",\"combine\":";
  out += rule.any ? "\"any\"" : "\"all\"";
  fmt::format_to(std::back_inserter(out), ",\"hold_s\":{},\"conditions\":[", rule.hold_s);
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    const condition_spec& c = rule.conditions[i];
    if (i > 0) out += ',';
    out += "{\"measure\":";
    append_json_string(out, measure_name(c.measure));
    out += ",\"scope\":";
    append_json_string(out, c.scope.text);
    fmt::format_to(std::back_inserter(out),
                   ",\"commodity\":\"{}\",\"compare\":\"{}\",\"threshold\":{},\"unit\":\"{}\"",
                   commodity_names[static_cast<int>(c.what)],
                   c.compare == compare_kind::below ? "below" : "above", c.threshold,
                   measure_unit(c.measure, c.what));
    if (i < r.values.size()) fmt::format_to(std::back_inserter(out), ",\"value\":{}", r.values[i]);
    out += '}';
  }
  out += ']';
}

std::string event_log::trigger_line(const world& w, const record& r) const {
  std::string out;
  if (r.kind == record_kind::trigger_fired && r.subject < s_.rules.size()) {
    append_head(out, r);
    append_conditions(out, s_.rules[r.subject], r);
  } else if (is_negotiation(r.kind)) {
    append_head(out, r);
    fmt::format_to(std::back_inserter(out), ",\"casualties\":{}", w.casualties());
  } else {
    return out;
  }
  out += "}\n";
  return out;
}

void event_log::on_record(void* self_ptr, const world& w, const record& r) {
  auto* self = static_cast<event_log*>(self_ptr);
  self->line_.clear();
  self->append_head(self->line_, r);
  self->line_ += "}\n";
  self->events_file_.write(self->line_);
  ++self->events_;
  std::string line = self->trigger_line(w, r);
  if (!line.empty()) {
    self->triggers_file_.write(line);
    ++self->triggers_;
  }
}

}  // namespace cerco
