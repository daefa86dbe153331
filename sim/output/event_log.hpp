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
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/worker.hpp"

namespace cerco {

class event_log {
 public:
  explicit event_log(const scenario& s);
  bool open(const std::string& events_path, const std::string& triggers_path);
  /// events.jsonl is formatted and written on `worker` (from then on); without one, at
  /// each record. triggers.jsonl, a few lines that read the world, is always written
  /// at once.
  void set_worker(output_worker* worker) { worker_ = worker; }
  /// Hands the worker the records still pending; events.jsonl is complete once it ran.
  void drain();
  observer as_observer() { return observer{this, &event_log::on_record}; }
  bool commit();
  atomic_file& events_file() { return events_file_; }
  atomic_file& triggers_file() { return triggers_file_; }
  const std::string& error() const;
  std::uint64_t events() const { return events_; }
  std::uint64_t triggers() const { return triggers_; }

  /// The JSON line of a record (with its newline), as written to events.jsonl. This
  /// and trigger_line are for the caller's thread (not the worker's).
  std::string event_line(const record& r) const;
  /// The JSON line for triggers.jsonl, or "" when the record does not go there.
  std::string trigger_line(const world& w, const record& r) const;

 private:
  /// What formatting a line updates: caches. One per thread that formats.
  struct line_state {
    time_s date_at_s = -1;
    std::int64_t date_day = 0;  ///< day_number of date_at_s
    std::string date, scratch;
    text_buffer text;                 ///< the line or lines being made
    std::vector<std::string> trucks;  ///< JSON names of the trucks seen so far
  };
  /// The constant pieces of a kind's line, built once: appending them is a copy.
  struct kind_text {
    std::string kind;                                           ///< ","kind":"<kind>","origin":"
    std::string subject_key, other_key, amount_key, value_key;  ///< ,"key":
  };

  static void on_record(void* self, const world& w, const record& r);
  void write_records(const std::vector<record>& records);
  void append_head(text_buffer& out, const record& r, line_state& st) const;
  void append_head(std::string& out, const record& r, line_state& st) const;
  void append_conditions(std::string& out, const rule_spec& rule, const record& r) const;
  /// An entity's name as a JSON string literal (quoted and escaped).
  const std::string& json_name(id_kind kind, std::uint32_t index, line_state& st) const;
  const std::string& date_of(time_s at_s, line_state& st) const;

  const scenario& s_;
  date_clock clock_;
  std::vector<kind_text> kind_texts_;         ///< by record_kind
  std::vector<std::string> origin_texts_;     ///< <origin>" by record_origin
  std::vector<std::string> commodity_texts_;  ///< ,"commodity":"<name>" by commodity
  std::size_t fixed_bytes_max_ = 0;           ///< a line's longest part but its names
  /// JSON literals of the names per id_kind, built once (ids are dense indices); trucks
  /// are named the first time they appear (line_state::trucks).
  std::vector<std::vector<std::string>> json_names_;
  mutable line_state caller_state_;  ///< the simulation's (or caller's) thread
  line_state worker_state_;          ///< whoever writes events.jsonl
  std::vector<record> pending_;      ///< records not yet handed to the worker
  output_worker* worker_ = nullptr;
  atomic_file events_file_, triggers_file_;
  std::uint64_t events_ = 0, triggers_ = 0;
};

}  // namespace cerco
