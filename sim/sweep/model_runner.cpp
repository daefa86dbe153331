// Runs of the model for a sweep: one context per worker thread.
#include <algorithm>
#include <optional>

#include "cerco/world.hpp"
#include "sim/output/summary.hpp"
#include "sim/scenario/load.hpp"
#include "sim/sweep/outcomes.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::sweep {
namespace {

/// Keeps the last point's scenario: runs are taken in order, point-major, so a worker
/// loads each point's scenario once (from the plan's text, parsed once per worker,
/// through the loader's overrides) and only changes the seed between replications.
class model_context final : public run_context {
 public:
  explicit model_context(const plan& p) : p_(p) {}

  bool run(std::uint64_t point, std::uint64_t seed, run_row& out, std::string* error) override {
    if (!load(point, error)) return false;
    scenario_->seed = seed;
    world w;
    if (!w.init(*scenario_)) {
      *error = std::string(describe(w.status())) + ": " + std::string(w.error());
      return false;
    }
    run_summary s = run_with_summary(w, -1, needs_cover_ ? hour_s : 0);
    if (w.status() != world_status::finished && w.status() != world_status::ok) {
      *error = std::string(describe(w.status())) + ": " + std::string(w.error());
      return false;
    }
    out.outcomes.clear();
    for (const auto& ref : refs_) out.outcomes.push_back(outcome_value(ref, s, *scenario_));
    out.run_hash = s.run_hash;
    return true;
  }

 private:
  bool load(std::uint64_t point, std::string* error) {
    if (scenario_ && point == point_) return true;
    if (!source_) source_.emplace(p_.scenario_text, p_.scenario_name);
    load_result lr = source_->load(p_.overrides_at(point));
    if (!lr.ok()) {
      *error = lr.errors.empty() ? "the scenario does not load" : format(lr.errors[0]);
      return false;
    }
    scenario_ = std::move(lr.value);
    point_ = point;
    refs_.clear();
    for (const auto& name : p_.outcomes) {
      auto ref = resolve_outcome(name, *scenario_);
      if (!ref) {
        *error = "outcome '" + name + "' does not resolve";
        return false;
      }
      refs_.push_back(*ref);
    }
    needs_cover_ = std::any_of(refs_.begin(), refs_.end(), [](const outcome_ref& r) {
      return r.kind == outcome_kind::worst_cover_day;
    });
    return true;
  }

  const plan& p_;
  std::optional<scenario_source> source_;  ///< the plan's scenario, parsed once
  std::optional<scenario> scenario_;
  std::uint64_t point_ = 0;
  std::vector<outcome_ref> refs_;
  bool needs_cover_ = true;  ///< whether an outcome reads worst cover
};

}  // namespace

context_factory model_contexts(const plan& p) {
  return [&p] { return std::unique_ptr<run_context>(new model_context(p)); };
}

}  // namespace cerco::sweep
