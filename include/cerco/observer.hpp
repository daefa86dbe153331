#pragma once
/// Records: what the world reports as it runs, one per thing that happened. Observers
/// receive them synchronously, in order; they may read the world (const) but never
/// change it, so an observed run has the same hash as an unobserved one.
#include <array>
#include <cstdint>

#include "cerco/scenario.hpp"
#include "cerco/time.hpp"

namespace cerco {

enum class record_kind : std::uint8_t {
  stock_out,          ///< subject node ran out of `what`
  restocked,          ///< subject node has `what` again after a stock-out
  order_placed,       ///< subject node ordered `amount` of `what` from `other`
  truck_departed,     ///< subject truck left node `other` with `amount`
  truck_stopped,      ///< subject truck stopped by blockade `other`
  truck_rerouted,     ///< subject truck took another path around blockade `other`
  truck_turned_back,  ///< subject truck returns to its base, blockade `other`
  delivery,           ///< node `subject` received `amount` of `what` (truck `other`)
  import_arrived,     ///< an import truck entered at border `subject` with `amount`
  spoiled,            ///< node `subject` lost `amount` of perishables to age
  blockade_started,   ///< blockade `subject`; amount = participants
  blockade_paused,
  blockade_lifted,
  blockade_escalated,  ///< amount = participants, value = strength in millionths
  airlift_started,     ///< airlift `subject`
  airlift_stopped,
  flight_landed,         ///< airlift `subject` landed at node `other`; amount of `what`
  convoy_departed,       ///< convoy `subject` from node `other`; amount = vehicles
  convoy_broke_through,  ///< convoy `subject` through blockade `other`; amount = deaths
  convoy_stopped,        ///< convoy `subject` failed at blockade `other`; amount = deaths
  convoy_arrived,        ///< convoy `subject` unloaded at node `other`
  rationing_started,     ///< rationing `subject`
  rationing_ended,
  trigger_fired,        ///< rule `subject`; values[] hold its condition values
  negotiation_started,  ///< negotiation `subject`; value = success probability in millionths
  negotiation_succeeded,
  negotiation_failed,
  agreement_reneged,
  concession,            ///< action on blockades; amount = participants who left
  participants_changed,  ///< protest dynamics: blockade `subject` now has `amount`
};
inline constexpr int record_kind_count = 30;
/// snake_case names, stable: they appear in events.jsonl.
const char* record_kind_name(record_kind k);

/// Who caused an action: the scenario's script, a rule, or an outside client.
enum class record_origin : std::uint8_t { model, script, rule, client };
inline constexpr int record_origin_count = 4;
const char* record_origin_name(record_origin o);

struct record {
  time_s at_s = 0;
  record_kind kind = record_kind::stock_out;
  record_origin origin = record_origin::model;
  commodity what = commodity::gasoline;
  std::uint32_t subject = no_index;
  std::uint32_t other = no_index;
  std::int64_t amount = 0;
  std::int64_t value = 0;
  /// trigger_fired: the value of each condition (in its measure's unit) when it fired.
  std::array<std::int64_t, 4> values{};
};

class world;

/// A plain callback pair; no virtual dispatch and no ownership.
struct observer {
  void* context = nullptr;
  void (*on_record)(void* context, const world& w, const record& r) = nullptr;
};
inline constexpr int max_observers = 8;

}  // namespace cerco
