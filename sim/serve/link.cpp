// Routing and the measures line, shared by both threads.
#include "sim/serve/link.hpp"

#include <cstdint>

#include "sim/output/cities.hpp"
#include "sim/output/json_text.hpp"

namespace cerco::serve {

bool is_trigger_record(const record& r) {
  switch (r.kind) {
    case record_kind::trigger_fired:
    case record_kind::negotiation_started:
    case record_kind::negotiation_succeeded:
    case record_kind::negotiation_failed:
    case record_kind::agreement_reneged:
      return true;
    default:
      return r.origin == record_origin::rule || r.origin == record_origin::client;
  }
}

bool route_wants(const route& rt, const record& r) {
  switch (rt.kind) {
    case stream_kind::events:
      return rt.kinds.test(static_cast<std::size_t>(r.kind));
    case stream_kind::triggers:
      return is_trigger_record(r);
    case stream_kind::measures:
      return false;
  }
  return false;
}

void push_batch::clear() {
  items.clear(), records.clear(), samples.clear(), values.clear(), changes.clear();
  notices.clear();
}

void batch_pool::give(std::unique_ptr<push_batch> b) {
  b->clear();
  std::lock_guard lock(mutex_);
  if (!spare_) spare_ = std::move(b);
}

std::unique_ptr<push_batch> batch_pool::take() {
  std::lock_guard lock(mutex_);
  return std::move(spare_);
}

sample_stocks sample_stocks_of(const scenario& s) {
  sample_stocks out;
  for (const auto& nodes : districts_by_city(s)) {
    out.city_first.push_back(static_cast<std::uint32_t>(out.nodes.size()));
    out.nodes.insert(out.nodes.end(), nodes.begin(), nodes.end());
  }
  out.city_first.push_back(static_cast<std::uint32_t>(out.nodes.size()));
  return out;
}

stock_mirror::stock_mirror(const scenario& s)
    : stocks_(sample_stocks_of(s)), copy_(stocks_.nodes.size() * commodity_count) {}

void stock_mirror::apply(const segment_change* first, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) copy_[first[k].position] = first[k].segment;
}

void stock_mirror::city_values(time_s at_s, std::int64_t* out) const {
  for (std::size_t city = 0; city + 1 < stocks_.city_first.size(); ++city) {
    std::span<const stock_segment> segments(
        copy_.data() + std::size_t{stocks_.city_first[city]} * commodity_count,
        std::size_t{stocks_.city_first[city + 1] - stocks_.city_first[city]} * commodity_count);
    for (const stock_amount& a : segment_sums(segments, at_s))
      *out++ = a.stock, *out++ = a.demand_per_d, *out++ = a.unmet;
  }
}

std::int64_t sample_cover_s(std::int64_t stock, std::int64_t demand_per_d) {
  if (demand_per_d <= 0) return -1;
  return city_stock{stock, demand_per_d}.cover_s();
}

namespace {

std::string city_name(const scenario& s, std::uint32_t c) {
  return c < s.cities.size() ? s.cities[c].name : std::to_string(c);
}

std::string blockade_name(const scenario& s, std::uint32_t b) {
  return b < s.blockades.size() ? s.blockades[b].id : std::to_string(b);
}

/// A JSON string exactly as sample_json's dump writes it.
std::string quoted(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

json sample_json(const scenario& s, const sample_layout& layout, time_s at_s,
                 const std::int64_t* v) {
  json cities = json::array();
  for (std::uint32_t c = 0; c < layout.cities; ++c) {
    json stock = json::array(), cover = json::array(), unmet = json::array();
    for (int k = 0; k < commodity_count; ++k, v += 3) {
      stock.push_back(v[0]);
      std::int64_t cover_s = sample_cover_s(v[0], v[1]);
      cover.push_back(cover_s >= 0 ? json(cover_s) : json(nullptr));
      unmet.push_back(v[2]);
    }
    cities.push_back(
        {{"name", city_name(s, c)}, {"stock", stock}, {"cover_s", cover}, {"unmet", unmet}});
  }
  json blockades = json::array();
  for (std::uint32_t b = 0; b < layout.blockades; ++b, v += 2) {
    blockades.push_back({{"id", blockade_name(s, b)},
                         {"state", blockade_state_name(static_cast<blockade_state>(v[0]))},
                         {"participants", v[1]}});
  }
  return {{"type", "measures"},
          {"t", at_s},
          {"cities", cities},
          {"blockades", blockades},
          {"casualties", v[0]}};
}

sample_text::sample_text(const scenario& s, const sample_layout& layout) : layout_(layout) {
  for (std::uint32_t c = 0; c < layout.cities; ++c)
    city_heads_.push_back("{\"name\":" + quoted(city_name(s, c)) + ",\"stock\":");
  for (std::uint32_t b = 0; b < layout.blockades; ++b)
    blockade_heads_.push_back("{\"id\":" + quoted(blockade_name(s, b)) + ",\"state\":");
}

namespace {

/// `[a,b,c]` from every third value starting at v (the commodities of one city).
void append_column(std::string& out, const std::int64_t* v) {
  for (int k = 0; k < commodity_count; ++k, v += 3) {
    out += k == 0 ? '[' : ',';
    append_int(out, *v);
  }
  out += ']';
}

}  // namespace

std::string sample_text::body(time_s at_s, const std::int64_t* v) const {
  std::string out;
  out.reserve(64 + layout_.cities * 160 + layout_.blockades * 64);
  out += "\"type\":\"measures\",\"t\":";
  append_int(out, at_s);
  out += ",\"cities\":[";
  for (std::uint32_t c = 0; c < layout_.cities; ++c, v += 3 * commodity_count) {
    if (c > 0) out += ',';
    out += city_heads_[c];
    append_column(out, v);
    out += ",\"cover_s\":[";
    for (int k = 0; k < commodity_count; ++k) {
      if (k > 0) out += ',';
      std::int64_t cover_s = sample_cover_s(v[3 * k], v[3 * k + 1]);
      if (cover_s >= 0)
        append_int(out, cover_s);
      else
        out += "null";
    }
    out += "],\"unmet\":";
    append_column(out, v + 2);
    out += '}';
  }
  out += "],\"blockades\":[";
  for (std::uint32_t b = 0; b < layout_.blockades; ++b, v += 2) {
    if (b > 0) out += ',';
    out += blockade_heads_[b];
    append_json_string(out, blockade_state_name(static_cast<blockade_state>(v[0])));
    out += ",\"participants\":";
    append_int(out, v[1]);
    out += '}';
  }
  out += "],\"casualties\":";
  append_int(out, v[0]);
  out += "}\n";
  return out;
}

}  // namespace cerco::serve
