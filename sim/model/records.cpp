/// Stable names of records and origins: they appear in events.jsonl and the protocol.
#include "cerco/observer.hpp"

namespace cerco {

const char* record_kind_name(record_kind k) {
  static const char* const names[record_kind_count] = {"stock_out",
                                                       "restocked",
                                                       "order_placed",
                                                       "truck_departed",
                                                       "truck_stopped",
                                                       "truck_rerouted",
                                                       "truck_turned_back",
                                                       "delivery",
                                                       "import_arrived",
                                                       "spoiled",
                                                       "blockade_started",
                                                       "blockade_paused",
                                                       "blockade_lifted",
                                                       "blockade_escalated",
                                                       "airlift_started",
                                                       "airlift_stopped",
                                                       "flight_landed",
                                                       "convoy_departed",
                                                       "convoy_broke_through",
                                                       "convoy_stopped",
                                                       "convoy_arrived",
                                                       "rationing_started",
                                                       "rationing_ended",
                                                       "trigger_fired",
                                                       "negotiation_started",
                                                       "negotiation_succeeded",
                                                       "negotiation_failed",
                                                       "agreement_reneged",
                                                       "concession",
                                                       "participants_changed"};
  int i = static_cast<int>(k);
  return i >= 0 && i < record_kind_count ? names[i] : "unknown";
}

const char* record_origin_name(record_origin o) {
  switch (o) {
    case record_origin::model:
      return "model";
    case record_origin::script:
      return "script";
    case record_origin::rule:
      return "rule";
    case record_origin::client:
      return "client";
  }
  return "unknown";
}

}  // namespace cerco
