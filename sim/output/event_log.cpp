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

/// Records handed to the worker at a time.
constexpr std::size_t records_per_job = 4096;

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
  for (int o = 0; o < record_origin_count; ++o) {
    origin_texts_.push_back(std::string(record_origin_name(static_cast<record_origin>(o))) + '"');
  }
  for (int c = 0; c < commodity_count; ++c) {
    commodity_texts_.push_back(",\"commodity\":\"" + std::string(commodity_names[c]) + '"');
  }
  for (const kind_text& k : kind_texts_) {
    std::size_t bytes = 64 + k.kind.size() + k.subject_key.size() + k.other_key.size() +
                        k.amount_key.size() + k.value_key.size() + 3 * 20;
    for (const std::string& o : origin_texts_) bytes += o.size();
    for (const std::string& c : commodity_texts_) bytes += c.size();
    fixed_bytes_max_ = std::max(fixed_bytes_max_, bytes);
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

const std::string& event_log::json_name(id_kind kind, std::uint32_t index, line_state& st) const {
  const auto& table = json_names_[static_cast<std::size_t>(kind)];
  if (index < table.size()) return table[index];
  if (kind == id_kind::truck && index < truck_names_max) {
    // Trucks are named the first time they appear, then kept.
    if (index >= st.trucks.size()) st.trucks.resize(index + 1);
    std::string& name = st.trucks[index];
    if (name.empty()) append_json_string(name, entity_name(s_, kind, index));
    return name;
  }
  st.scratch.clear();
  append_json_string(st.scratch, entity_name(s_, kind, index));
  return st.scratch;
}

const std::string& event_log::date_of(time_s at_s, line_state& st) const {
  if (at_s == st.date_at_s) return st.date;
  const std::int64_t day = date_clock::day_number(at_s);
  if (day != st.date_day || st.date.size() != 16) {
    st.date = clock_.date_time(at_s);
    st.date[10] = 'T';
  } else {  // the same day: only the time changes ("2019-11-15T06:30")
    const time_s in_day = at_s - (day - 1) * day_s;
    const auto hour = in_day / hour_s, minute = in_day % hour_s / minute_s;
    st.date[11] = static_cast<char>('0' + hour / 10);
    st.date[12] = static_cast<char>('0' + hour % 10);
    st.date[14] = static_cast<char>('0' + minute / 10);
    st.date[15] = static_cast<char>('0' + minute % 10);
  }
  st.date_day = day;
  st.date_at_s = at_s;
  return st.date;
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

void event_log::append_head(text_buffer& out, const record& r, line_state& st) const {
  const kind_text& k = kind_texts_[static_cast<std::size_t>(r.kind)];
  const record_layout& l = layout_of(r.kind);
  // Every piece but the names is bounded by the kind's texts and 20 bytes a number.
  out.reserve(fixed_bytes_max_);
  out.put("{\"t\":");
  out.put_int(r.at_s);
  out.put(",\"date\":\"");
  out.put(date_of(r.at_s, st));
  out.put(k.kind);
  out.put(origin_texts_[static_cast<std::size_t>(r.origin)]);
  if (l.subject_key != nullptr && r.subject != no_index) {
    const std::string& name = json_name(l.subject, r.subject, st);
    out.reserve(name.size() + k.subject_key.size());
    out.put(k.subject_key);
    out.put(name);
  }
  if (l.other_key != nullptr && r.other != no_index) {
    const std::string& name = json_name(l.other, r.other, st);
    out.reserve(name.size() + k.other_key.size() + fixed_bytes_max_);
    out.put(k.other_key);
    out.put(name);
  }
  if (l.has_commodity) out.put(commodity_texts_[static_cast<int>(r.what)]);
  if (l.amount_key != nullptr) {
    out.put(k.amount_key);
    out.put_int(r.amount);
  }
  if (l.value_key != nullptr) {
    out.put(k.value_key);
    out.put_int(r.value);
  }
}

void event_log::append_head(std::string& out, const record& r, line_state& st) const {
  st.text.clear();
  append_head(st.text, r, st);
  out += st.text.view();
}

std::string event_log::event_line(const record& r) const {
  std::string out;
  append_head(out, r, caller_state_);
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
    append_head(out, r, caller_state_);
    append_conditions(out, s_.rules[r.subject], r);
  } else if (is_negotiation(r.kind)) {
    append_head(out, r, caller_state_);
    fmt::format_to(std::back_inserter(out), ",\"casualties\":{}", w.casualties());
  } else {
    return out;
  }
  out += "}\n";
  return out;
}

void event_log::on_record(void* self_ptr, const world& w, const record& r) {
  auto* self = static_cast<event_log*>(self_ptr);
  self->pending_.push_back(r);
  ++self->events_;
  if (self->worker_ == nullptr || self->pending_.size() >= records_per_job) self->drain();
  std::string line = self->trigger_line(w, r);
  if (!line.empty()) {
    self->triggers_file_.write(line);
    ++self->triggers_;
  }
}

void event_log::drain() {
  hand_over(worker_, pending_, records_per_job,
            [this](const std::vector<record>& records) { write_records(records); });
}

void event_log::write_records(const std::vector<record>& records) {
  text_buffer& out = worker_state_.text;
  out.clear();
  for (const record& r : records) {
    append_head(out, r, worker_state_);
    out.reserve(2);
    out.put("}\n");
  }
  events_file_.write(out.view());
}

}  // namespace cerco
