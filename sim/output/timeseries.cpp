#include "sim/output/timeseries.hpp"

#include <fmt/format.h>

#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"

namespace cerco {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

bool in_list(const std::vector<std::uint32_t>& list, std::uint32_t n) {
  for (std::uint32_t x : list) {
    if (x == n) return true;
  }
  return false;
}

bool moved_through(const scenario& s, std::uint32_t n, int c) {
  for (const airlift_spec& a : s.airlifts) {
    if (a.to == n && a.payload[c] > 0) return true;
  }
  for (const fleet_spec& f : s.fleets) {
    if (f.base == n && static_cast<int>(f.carries) == c) return true;
  }
  for (const convoy_spec& v : s.convoys) {
    if (v.cargo[c] > 0 && (v.from == n || in_list(v.to, n))) return true;
  }
  for (const node_spec& other : s.nodes) {
    if (other.arrivals[c].enabled && other.arrivals[c].to == n) return true;
  }
  return false;
}

}  // namespace

bool holds_commodity(const scenario& s, std::uint32_t n, commodity what) {
  const node_spec& node = s.nodes[n];
  int c = static_cast<int>(what);
  if (node.population > 0 && node.demand_milli_per_person_d[c] > 0) return true;
  if (node.stock[c] > 0 || node.production_per_d[c] > 0) return true;
  if (node.reorder[c].enabled || node.arrivals[c].enabled) return true;
  return moved_through(s, n, c);
}

timeseries_writer::timeseries_writer(const scenario& s) : clock_(s.start_date) {
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      auto what = static_cast<commodity>(c);
      if (!holds_commodity(s, n, what)) continue;
      std::string city = s.nodes[n].city == no_index ? "" : city_name(s, s.nodes[n].city);
      std::string prefix = ",";
      prefix.append(csv_field(s.nodes[n].id)).append(",").append(csv_field(city));
      prefix.append(",").append(commodity_names[c]).append(",");
      series_.push_back(series{n, what, std::move(prefix)});
    }
  }
}

bool timeseries_writer::open(const std::string& path) {
  if (!file_.open(path)) return false;
  file_.write(timeseries_header);
  return true;
}

namespace {

/// Samples handed to the worker at a time: a day of hourly samples.
constexpr std::size_t samples_per_job = 24;

}  // namespace

void timeseries_writer::sample(const world& w) {
  // Only the numbers are read here, on the simulation's thread; text is made later.
  pending_.push_back(w.now_s());
  for (const series& s : series_) {
    stock_amount v = w.amount_at(s.node, s.what, w.now_s());
    pending_.insert(pending_.end(), {v.stock, v.demand_per_d, v.unmet});
  }
  rows_ += series_.size();
  if (worker_ == nullptr || pending_.size() >= samples_per_job * (1 + 3 * series_.size())) drain();
}

void timeseries_writer::drain() {
  hand_over(worker_, pending_, samples_per_job * (1 + 3 * series_.size()),
            [this](const std::vector<std::int64_t>& samples) { write_samples(samples); });
}

void timeseries_writer::write_samples(const std::vector<std::int64_t>& samples) {
  text_.clear();
  for (std::size_t at = 0; at < samples.size(); at += 1 + 3 * series_.size()) {
    const time_s t = samples[at];
    head_.clear();
    append_int(head_, t);
    head_ += ',';
    head_ += clock_.date_time(t);
    head_[head_.size() - 6] = 'T';  // "2019-11-12T06:00"
    const std::int64_t* v = &samples[at + 1];
    for (const series& s : series_) {
      const std::int64_t stock = v[0], demand_per_d = v[1], unmet = v[2];
      v += 3;
      text_.reserve(head_.size() + s.prefix.size() + 3 * 24 + 3);
      text_.put(head_);
      text_.put(s.prefix);
      text_.put_int(stock);
      text_.put(',');
      if (demand_per_d > 0 && stock >= 0) text_.put_ratio3(stock, demand_per_d);
      text_.put(',');
      text_.put_int(unmet);
      text_.put('\n');
    }
  }
  file_.write(text_.view());
}

}  // namespace cerco
