#pragma once
/// events.jsonl: every record, one JSON object a line, ids replaced by names.
/// triggers.jsonl: the trigger_fired records with each condition and the value that
/// made it hold, and the negotiation records, for auditing why things happened.
#include <cstdint>
#include <string>
#include <vector>

#include "cerco/observer.hpp"
#include "cerco/world.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/names.hpp"

namespace cerco {

class event_log {
 public:
  explicit event_log(const scenario& s);
  bool open(const std::string& events_path, const std::string& triggers_path);
  observer as_observer() { return observer{this, &event_log::on_record}; }
  bool commit();
  atomic_file& events_file() { return events_file_; }
  atomic_file& triggers_file() { return triggers_file_; }
  const std::string& error() const;
  std::uint64_t events() const { return events_; }
  std::uint64_t triggers() const { return triggers_; }

  /// The JSON line of a record (with its newline), as written to events.jsonl.
  std::string event_line(const record& r) const;
  /// The JSON line for triggers.jsonl, or "" when the record does not go there.
  std::string trigger_line(const world& w, const record& r) const;

 private:
  static void on_record(void* self, const world& w, const record& r);
  void append_head(std::string& out, const record& r) const;
  void append_conditions(std::string& out, const rule_spec& rule, const record& r) const;

  /// An entity's name as a JSON string literal (quoted and escaped).
  const std::string& json_name(id_kind kind, std::uint32_t index) const;
  const std::string& date_of(time_s at_s) const;

  /// The constant pieces of a kind's line, built once: appending them is a copy.
  struct kind_text {
    std::string kind;  ///< ,"date":"...","kind":"<kind>","origin":" goes around the date
    std::string subject_key, other_key, amount_key, value_key;  ///< ,"key":
  };

  const scenario& s_;
  date_clock clock_;
  std::vector<kind_text> kind_texts_;  ///< by record_kind
  /// JSON literals of the names per id_kind, built once (ids are dense indices); trucks
  /// are named the first time they appear.
  mutable std::vector<std::vector<std::string>> json_names_;
  mutable std::string scratch_, line_;
  mutable time_s date_at_s_ = -1;
  mutable std::string date_;
  atomic_file events_file_, triggers_file_;
  std::uint64_t events_ = 0, triggers_ = 0;
};

}  // namespace cerco
