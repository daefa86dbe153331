// Routing and the measures line, shared by both threads.
#include "sim/serve/link.hpp"

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

json sample_json(const scenario& s, const sample_layout& layout, time_s at_s,
                 const std::int64_t* v) {
  json cities = json::array();
  for (std::uint32_t c = 0; c < layout.cities; ++c) {
    json stock = json::array(), cover = json::array(), unmet = json::array();
    for (int k = 0; k < commodity_count; ++k, v += 3) {
      stock.push_back(v[0]);
      // Cover in seconds of demand; null where the city has no demand for it.
      cover.push_back(v[1] > 0 ? json(v[0] * day_s / v[1]) : json(nullptr));
      unmet.push_back(v[2]);
    }
    cities.push_back({{"name", c < s.cities.size() ? s.cities[c].name : std::to_string(c)},
                      {"stock", stock},
                      {"cover_s", cover},
                      {"unmet", unmet}});
  }
  json blockades = json::array();
  for (std::uint32_t b = 0; b < layout.blockades; ++b, v += 2) {
    blockades.push_back({{"id", b < s.blockades.size() ? s.blockades[b].id : std::to_string(b)},
                         {"state", blockade_state_name(static_cast<blockade_state>(v[0]))},
                         {"participants", v[1]}});
  }
  return {{"type", "measures"},
          {"t", at_s},
          {"cities", cities},
          {"blockades", blockades},
          {"casualties", v[0]}};
}

std::string sample_body(const scenario& s, const sample_layout& layout, time_s at_s,
                        const std::int64_t* values) {
  std::string text =
      sample_json(s, layout, at_s, values).dump(-1, ' ', false, json::error_handler_t::replace);
  text.erase(0, 1);
  text += '\n';
  return text;
}

}  // namespace cerco::serve
