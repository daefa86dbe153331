#include "sim/output/summary_format.hpp"

#include <fmt/format.h>

#include "sim/output/cities.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/event_log.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"
#include "sim/output/text_table.hpp"

namespace cerco {
namespace {

std::string name_of(const scenario& s, id_kind k, std::uint32_t i) {
  return entity_name(s, k, i);
}

std::string days(time_s t) {
  return fmt::format("{:.2f} d", static_cast<double>(t) / day_s);
}

std::string people(std::int64_t n) {
  return group_digits(n) + (n == 1 ? " person" : " people");
}

std::string trigger_detail(const scenario& s, const record& r) {
  if (r.subject >= s.rules.size()) return name_of(s, id_kind::rule, r.subject);
  const rule_spec& rule = s.rules[r.subject];
  std::string out = rule.id;
  for (std::size_t i = 0; i < rule.conditions.size() && i < r.values.size(); ++i) {
    const condition_spec& c = rule.conditions[i];
    out += i == 0 ? ": " : (rule.any ? " or " : " and ");
    out += fmt::format("{} {} {} = {} ({} {})", measure_name(c.measure), c.scope.text,
                       commodity_names[static_cast<int>(c.what)],
                       format_measure(c.measure, c.what, r.values[i]),
                       c.compare == compare_kind::below ? "below" : "above",
                       format_measure(c.measure, c.what, c.threshold));
  }
  return out;
}

record_words describe_convoy(const scenario& s, const record& r) {
  std::string id = name_of(s, id_kind::convoy, r.subject);
  std::string node = name_of(s, id_kind::node, r.other);
  std::string blockade = name_of(s, id_kind::blockade, r.other);
  std::string deaths = r.amount > 0 ? fmt::format(", {} dead", r.amount) : "";
  switch (r.kind) {
    case record_kind::convoy_departed:
      return {"convoy departs", fmt::format("{} from {}, {} vehicles", id, node, r.amount)};
    case record_kind::convoy_broke_through:
      return {"convoy breaks through", id + " at " + blockade + deaths};
    case record_kind::convoy_stopped:
      return {"convoy stopped", id + " at " + blockade + deaths};
    default:
      return {"convoy arrives", id + " at " + node};
  }
}

}  // namespace

std::string format_measure(measure_kind m, commodity c, std::int64_t value) {
  switch (m) {
    case measure_kind::cover:
      return days(value);
    case measure_kind::hours_short:
    case measure_kind::blockade_age:
    case measure_kind::time:
      return fmt::format("{:.1f} h", static_cast<double>(value) / hour_s);
    case measure_kind::served_share:
      return fmt::format("{:.1f}%", static_cast<double>(value) / 1e4);
    case measure_kind::stock:
    case measure_kind::unmet:
      return group_digits(value) + " " + commodity_units[static_cast<int>(c)];
    default:
      return group_digits(value);
  }
}

record_words describe_record(const scenario& s, const record& r) {
  std::string blockade = name_of(s, id_kind::blockade, r.subject);
  std::string negotiation = name_of(s, id_kind::negotiation, r.subject);
  switch (r.kind) {
    case record_kind::blockade_started:
      return {"blockade starts", blockade + ", " + people(r.amount)};
    case record_kind::blockade_paused:
      return {"blockade paused", blockade};
    case record_kind::blockade_lifted:
      return {"blockade lifted", blockade};
    case record_kind::blockade_escalated:
      return {"blockade escalates",
              fmt::format("{}, {}, strength {:.0f}%", blockade, people(r.amount),
                          static_cast<double>(r.value) / 1e4)};
    case record_kind::airlift_started:
      return {"air bridge starts", name_of(s, id_kind::airlift, r.subject)};
    case record_kind::airlift_stopped:
      return {"air bridge ends", name_of(s, id_kind::airlift, r.subject)};
    case record_kind::rationing_started:
      return {"rationing starts", name_of(s, id_kind::rationing, r.subject)};
    case record_kind::rationing_ended:
      return {"rationing ends", name_of(s, id_kind::rationing, r.subject)};
    case record_kind::trigger_fired: {
      bool scripted = r.subject < s.rules.size() && s.rules[r.subject].scripted;
      return {scripted ? "scripted event" : "trigger fires", trigger_detail(s, r)};
    }
    case record_kind::negotiation_started:
      return {"talks start", fmt::format("{}, chance of agreement {:.0f}%", negotiation,
                                         static_cast<double>(r.value) / 1e4)};
    case record_kind::negotiation_succeeded:
      return {"talks agree", negotiation};
    case record_kind::negotiation_failed:
      return {"talks fail", negotiation};
    case record_kind::agreement_reneged:
      return {"agreement reneged", negotiation};
    case record_kind::concession:
      return {"concession", blockade + ", " + people(r.amount) + " leave"};
    case record_kind::convoy_departed:
    case record_kind::convoy_broke_through:
    case record_kind::convoy_stopped:
    case record_kind::convoy_arrived:
      return describe_convoy(s, r);
    default:
      return {record_kind_name(r.kind), ""};
  }
}

}  // namespace cerco
