#pragma once
/// What the network thread and the simulation thread hand each other. The world lives
/// on the simulation thread only; sockets on the network thread only. They talk by
/// posting these values to each other's io_context, so no lock guards the world and a
/// slow socket can never stall the simulation.
#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cerco/observer.hpp"
#include "cerco/world.hpp"
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
    time_s every_s = 0;             ///< the group this sample is for
    std::uint32_t offset = 0;       ///< into values: the blockades' and casualties' values
    std::uint32_t changes_end = 0;  ///< changes up to here are applied before this sample
  };
  std::vector<item> items;
  std::vector<record> records;
  std::vector<sample> samples;
  std::vector<std::int64_t> values;
  /// The sampled stocks that changed since the previous sample: the network thread
  /// applies them to its stock_mirror and sums the cities itself, so that the simulation
  /// thread copies a few changed stocks per sample instead of summing them all.
  std::vector<segment_change> changes;
  std::vector<std::string> notices;  ///< complete lines for every client
  bool empty() const { return items.empty(); }
  /// Empties every list and keeps its room.
  void clear();
};

/// Where the network thread leaves a routed batch, emptied, for the simulation thread to
/// fill next: a busy run then writes into memory it already has, instead of allocating
/// and faulting in fresh pages at every hand-over. It holds one batch; its mutex, the
/// only lock between the two threads, guards just that pointer.
class batch_pool {
 public:
  /// Network thread: `b` has been routed. Kept if the pool is empty, freed otherwise.
  void give(std::unique_ptr<push_batch> b);
  /// Simulation thread: the kept batch, empty, or null when there is none.
  std::unique_ptr<push_batch> take();

 private:
  std::mutex mutex_;
  std::unique_ptr<push_batch> spare_;
};

/// The layout of a sample's values: per city and commodity (stock, demand per day,
/// unmet), then per blockade (state, participants), then casualties.
struct sample_layout {
  std::uint32_t cities = 0;
  std::uint32_t blockades = 0;
  std::uint32_t city_width() const { return cities * commodity_count * 3; }
  std::uint32_t tail_width() const { return blockades * 2 + 1; }
  std::uint32_t width() const { return city_width() + tail_width(); }
};

/// The district stocks a sample sums, city by city. Both threads build it from the
/// scenario, so a stock's position (index in nodes x commodity_count + commodity) means
/// the same on both.
struct sample_stocks {
  std::vector<std::uint32_t> nodes;       ///< district nodes, city by city
  std::vector<std::uint32_t> city_first;  ///< per city, and one past the last: into nodes
};
sample_stocks sample_stocks_of(const scenario& s);

/// The network thread's copy of every sampled stock, kept up to date with the changes
/// that come with each sample; it sums the cities exactly as world::sum_amounts does.
class stock_mirror {
 public:
  explicit stock_mirror(const scenario& s);
  void apply(const segment_change* first, std::size_t count);
  /// Per city and commodity: stock, demand per day and unmet at at_s (the first
  /// cities x commodity_count x 3 values of a sample).
  void city_values(time_s at_s, std::int64_t* out) const;

 private:
  sample_stocks stocks_;
  std::vector<stock_segment> copy_;  ///< by position
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
  const sample_layout& layout() const { return layout_; }

 private:
  sample_layout layout_;
  std::vector<std::string> city_heads_;      ///< `{"name":"El Alto","stock":`
  std::vector<std::string> blockade_heads_;  ///< `{"id":"senkata_gate","state":`
};

}  // namespace cerco::serve
