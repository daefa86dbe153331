#include "sim/output/run_outputs.hpp"

#include <filesystem>

#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"

namespace cerco {

bool prepare_out_dir(const std::string& dir, bool force, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      *error = "--out " + dir + ": exists and is not a folder";
      return false;
    }
    if (!force && !fs::is_empty(dir, ec)) {
      *error = "--out " + dir + ": folder exists and is not empty (add --force to overwrite)";
      return false;
    }
    return true;
  }
  if (!fs::create_directories(dir, ec)) {
    *error = "--out " + dir + ": cannot create the folder: " + ec.message();
    return false;
  }
  return true;
}

output_set::output_set(const scenario& s, std::string dir)
    : s_(s), dir_(std::move(dir)), timeseries_(s), events_(s), covers_(s) {}

bool output_set::open(std::string* error) {
  if (!timeseries_.open(path("timeseries.csv"))) {
    *error = timeseries_.error();
    return false;
  }
  if (!events_.open(path("events.jsonl"), path("triggers.jsonl"))) {
    *error = events_.error();
    return false;
  }
  timeseries_.set_worker(&worker_);
  events_.set_worker(&worker_);
  return true;
}

void output_set::attach(world& w) {
  w.add_observer(events_.as_observer());
}

void output_set::sample(const world& w) {
  timeseries_.sample(w);
  covers_.sample(w);
  ++samples_;
}

bool output_set::write_whole(const std::string& name, const std::string& bytes,
                             std::string* error) {
  auto f = std::make_unique<atomic_file>();
  if (!f->open(path(name))) {
    *error = f->error();
    return false;
  }
  f->write(bytes);
  whole_.push_back(std::move(f));
  files_.push_back(name);
  return true;
}

bool output_set::write_charts(const run_summary& r, std::string* error) {
  std::vector<chart_lane> lanes = lanes_from_timeline(s_, r);
  std::vector<std::vector<const cover_recorder::series*>> by_city(s_.cities.size());
  for (const cover_recorder::series& series : covers_.all()) {
    std::string city = city_name(s_, series.city);
    std::string what = commodity_names[static_cast<int>(series.what)];
    std::string svg = render_cover_chart(s_, city + ": " + what, {&series}, lanes, r.end_s);
    if (!write_whole("cover_" + slug(city) + "_" + what + ".svg", svg, error)) return false;
    by_city[series.city].push_back(&series);
  }
  for (std::uint32_t city = 0; city < by_city.size(); ++city) {
    if (by_city[city].size() < 2) continue;
    std::string name = city_name(s_, city);
    std::string svg = render_cover_chart(s_, name, by_city[city], lanes, r.end_s);
    if (!write_whole("cover_" + slug(name) + ".svg", svg, error)) return false;
  }
  return true;
}

bool output_set::finish(const world& w, const run_summary& r, const run_info& info,
                        const manifest_info& m, std::string* error) {
  timeseries_.drain();
  events_.drain();
  files_.insert(files_.end(), {"timeseries.csv", "events.jsonl", "triggers.jsonl"});
  run_info quiet = info;
  quiet.wall_ms = -1;  // summary.json must be reproducible byte for byte
  if (!write_whole("summary.json", summary_json(s_, r, quiet).dump(2) + "\n", error)) return false;
  if (!write_charts(r, error)) return false;
  nlohmann::json files = nlohmann::json::array();
  for (const std::string& f : files_) files.push_back(f);
  nlohmann::json j = {
      {"cerco_version", m.version},
      {"scenario",
       {{"name", s_.name},
        {"source", info.source},
        {"hash", hex64(m.source_hash)},
        {"start_date", s_.start_date}}},
      {"seed", s_.seed},
      {"overrides", info.overrides},
      {"until_s", info.until_s},
      {"end_s", r.end_s},
      {"sample_s", m.sample_s},
      {"events", r.events},
      {"run_hash", hex64(r.run_hash)},
      {"status", std::string(describe(w.status()))},
      {"files", files},
      {"timeseries",
       {{"columns", "time_s,date,node,city,commodity,stock,cover_d,unmet"},
        {"series", timeseries_.series_count()},
        {"samples", samples_},
        {"rows", timeseries_.rows()}}},
      {"records", {{"events", events_.events()}, {"triggers", events_.triggers()}}}};
  if (!write_whole("manifest.json", j.dump(2) + "\n", error)) return false;
  worker_.wait();  // the streamed files are complete
  std::vector<atomic_file*> all{&timeseries_.file(), &events_.events_file(),
                                &events_.triggers_file()};
  for (auto& f : whole_) all.push_back(f.get());
  return commit_all(all, error);
}

}  // namespace cerco
