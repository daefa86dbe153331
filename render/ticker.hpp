#pragma once
/// The ticker: the most recent records worth reading (blockades, triggers, negotiations,
/// convoys, airlifts, stock-outs), kept as they are emitted by an observer attached to
/// the world. Truck-level records are left out: there are thousands.
#include <array>
#include <cstddef>
#include <string>

#include "cerco/observer.hpp"
#include "cerco/world.hpp"

namespace cerco::render {

/// True for the record kinds the ticker shows.
bool newsworthy(record_kind k);
/// One line of text for a record, with names from the scenario ("blockade senkata_gate
/// began: 4000 people").
std::string describe_record(const scenario& s, const record& r);

class ticker {
 public:
  static constexpr std::size_t capacity = 512;
  observer as_observer() { return {this, &ticker::on_record}; }
  void clear() { head_ = size_ = milestones_ = 0; }
  /// Forgets records after `at_s` (seeking backwards replays them).
  void truncate(time_s at_s);
  std::size_t size() const { return size_; }
  /// The i-th most recent record (0 = newest).
  const record& recent(std::size_t i) const;
  /// Milestones for the timeline: blockade and negotiation records, oldest first.
  std::size_t milestone_count() const { return milestones_; }
  const record& milestone(std::size_t i) const { return milestone_[i]; }

 private:
  static void on_record(void* self, const world& w, const record& r);
  std::array<record, capacity> ring_{};
  std::size_t head_ = 0, size_ = 0;  ///< head_: where the next record goes
  static constexpr std::size_t milestones_cap = 512;
  std::array<record, milestones_cap> milestone_{};
  std::size_t milestones_ = 0;
};

}  // namespace cerco::render
