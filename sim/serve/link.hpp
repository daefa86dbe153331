#pragma once
/// What the network thread and the simulation thread hand each other. The world lives
/// on the simulation thread only; sockets on the network thread only. They talk by
/// posting these values to each other's io_context, so no lock guards the world and a
/// slow socket can never stall the simulation.
#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cerco/observer.hpp"
#include "sim/serve/protocol.hpp"

namespace cerco::serve {

/// A parsed request, already checked for shape and authorisation by the network side.
struct sim_request {
  std::uint64_t client = 0;
  std::string cmd;
  json body;
};

enum class stream_kind : std::uint8_t { measures, events, triggers };

/// How the network side routes pushed items to one subscription of one client.
struct route {
  std::uint32_t sub = 0;
  stream_kind kind = stream_kind::measures;
  time_s every_s = 0;                    ///< measures: the sampling interval
  std::bitset<record_kind_count> kinds;  ///< events: which record kinds
};

/// True for the records of the trigger stream: rule firings, negotiation steps, and
/// whatever a rule or a client caused.
bool is_trigger_record(const record& r);
bool route_wants(const route& rt, const record& r);

/// A reply to one request, with what it changes in the client's routing.
struct sim_reply {
  std::uint64_t client = 0;
  std::string line;
  std::optional<route> add_route;
  std::optional<std::uint32_t> remove_route;
  bool close_after = false;  ///< bye: close once everything before it is written
};

/// Everything the simulation emitted during one slice, in order. Values are raw numbers;
/// the network side turns them into JSON, once per item, whatever the number of clients.
struct push_batch {
  enum class item_kind : std::uint8_t { record, sample, notice };
  struct item {
    item_kind kind;
    std::uint32_t index;  ///< into records, samples or notices
  };
  struct sample {
    time_s at_s = 0;
    time_s every_s = 0;        ///< the group this sample is for
    std::uint32_t offset = 0;  ///< into values; sample_width values from there
  };
  std::vector<item> items;
  std::vector<record> records;
  std::vector<sample> samples;
  std::vector<std::int64_t> values;
  std::vector<std::string> notices;  ///< complete lines for every client
  bool empty() const { return items.empty(); }
};

/// The layout of a sample's values: per city and commodity (stock, demand per day,
/// unmet), then per blockade (state, participants), then casualties.
struct sample_layout {
  std::uint32_t cities = 0;
  std::uint32_t blockades = 0;
  std::uint32_t width() const { return cities * commodity_count * 3 + blockades * 2 + 1; }
};

/// A city's cover in seconds of demand as the run's outputs count it (city_stock), or -1
/// where it has no demand (null in JSON).
std::int64_t sample_cover_s(std::int64_t stock, std::int64_t demand_per_d);

/// A sample as JSON: {"type":"measures","t":...,"cities":[...],"blockades":[...],...}.
json sample_json(const scenario& s, const sample_layout& layout, time_s at_s,
                 const std::int64_t* values);

/// The body of a measures line after the `{"sub":N,` prefix: the text of sample_json,
/// written directly. The network thread writes one per pushed sample, so the names are
/// escaped once, here, and the numbers are written digit by digit.
class sample_text {
 public:
  sample_text(const scenario& s, const sample_layout& layout);
  std::string body(time_s at_s, const std::int64_t* values) const;

 private:
  sample_layout layout_;
  std::vector<std::string> city_heads_;      ///< `{"name":"El Alto","stock":`
  std::vector<std::string> blockade_heads_;  ///< `{"id":"senkata_gate","state":`
};

}  // namespace cerco::serve
