#include "render/ticker.hpp"

#include <cstdio>

namespace cerco::render {

namespace {

const char* name_of(const std::string& id) {
  return id.c_str();
}

template <class T>
const char* id_at(const std::vector<T>& v, std::uint32_t i) {
  return i < v.size() ? name_of(v[i].id) : "?";
}

const char* node_name(const scenario& s, std::uint32_t i) {
  return i < s.nodes.size() ? s.nodes[i].name.c_str() : "?";
}

std::string negotiation_name(const scenario& s, std::uint32_t i) {
  if (i >= s.negotiations.size()) return "talks";
  std::string out = "talks over";
  for (std::uint32_t b : s.negotiations[i].parties) out += std::string(" ") + id_at(s.blockades, b);
  return out;
}

bool is_milestone(record_kind k) {
  switch (k) {
    case record_kind::blockade_started:
    case record_kind::blockade_paused:
    case record_kind::blockade_lifted:
    case record_kind::negotiation_started:
    case record_kind::negotiation_succeeded:
    case record_kind::negotiation_failed:
    case record_kind::convoy_broke_through:
    case record_kind::convoy_stopped:
    case record_kind::airlift_started:
      return true;
    default:
      return false;
  }
}

/// The convoy records: "convoy X broke through Y (2 dead)".
std::string describe_convoy(const scenario& s, const record& r) {
  char buf[256];
  long long amount = static_cast<long long>(r.amount);
  switch (r.kind) {
    case record_kind::convoy_departed:
      std::snprintf(buf, sizeof buf, "convoy %s left %s with %lld vehicles",
                    id_at(s.convoys, r.subject), node_name(s, r.other), amount);
      break;
    case record_kind::convoy_broke_through:
      std::snprintf(buf, sizeof buf, "convoy %s broke through %s (%lld dead)",
                    id_at(s.convoys, r.subject), id_at(s.blockades, r.other), amount);
      break;
    case record_kind::convoy_stopped:
      std::snprintf(buf, sizeof buf, "convoy %s stopped at %s (%lld dead)",
                    id_at(s.convoys, r.subject), id_at(s.blockades, r.other), amount);
      break;
    case record_kind::convoy_arrived:
      std::snprintf(buf, sizeof buf, "convoy %s arrived at %s", id_at(s.convoys, r.subject),
                    node_name(s, r.other));
      break;
    default:
      buf[0] = '\0';
      break;
  }
  return buf;
}

}  // namespace

bool newsworthy(record_kind k) {
  switch (k) {
    case record_kind::order_placed:
    case record_kind::truck_departed:
    case record_kind::truck_stopped:
    case record_kind::truck_rerouted:
    case record_kind::truck_turned_back:
    case record_kind::delivery:
    case record_kind::import_arrived:
    case record_kind::flight_landed:
    case record_kind::spoiled:
    case record_kind::participants_changed:
      return false;
    default:
      return true;
  }
}

std::string describe_record(const scenario& s, const record& r) {
  char buf[256];
  const char* what = commodity_names[static_cast<int>(r.what)];
  long long amount = static_cast<long long>(r.amount);
  switch (r.kind) {
    case record_kind::stock_out:
      std::snprintf(buf, sizeof buf, "%s ran out of %s", node_name(s, r.subject), what);
      break;
    case record_kind::restocked:
      std::snprintf(buf, sizeof buf, "%s has %s again", node_name(s, r.subject), what);
      break;
    case record_kind::blockade_started:
      std::snprintf(buf, sizeof buf, "blockade %s began: %lld people",
                    id_at(s.blockades, r.subject), amount);
      break;
    case record_kind::blockade_paused:
      std::snprintf(buf, sizeof buf, "blockade %s paused", id_at(s.blockades, r.subject));
      break;
    case record_kind::blockade_lifted:
      std::snprintf(buf, sizeof buf, "blockade %s lifted", id_at(s.blockades, r.subject));
      break;
    case record_kind::blockade_escalated:
      std::snprintf(buf, sizeof buf, "blockade %s escalated: %lld people, strength %.0f%%",
                    id_at(s.blockades, r.subject), amount, r.value / 1e4);
      break;
    case record_kind::airlift_started:
      std::snprintf(buf, sizeof buf, "airlift %s started", id_at(s.airlifts, r.subject));
      break;
    case record_kind::airlift_stopped:
      std::snprintf(buf, sizeof buf, "airlift %s stopped", id_at(s.airlifts, r.subject));
      break;
    case record_kind::convoy_departed:
    case record_kind::convoy_broke_through:
    case record_kind::convoy_stopped:
    case record_kind::convoy_arrived:
      return describe_convoy(s, r);
    case record_kind::rationing_started:
      std::snprintf(buf, sizeof buf, "rationing %s began", id_at(s.rationings, r.subject));
      break;
    case record_kind::rationing_ended:
      std::snprintf(buf, sizeof buf, "rationing %s ended", id_at(s.rationings, r.subject));
      break;
    case record_kind::trigger_fired:
      std::snprintf(buf, sizeof buf, "trigger %s fired", id_at(s.rules, r.subject));
      break;
    case record_kind::negotiation_started:
      std::snprintf(buf, sizeof buf, "%s began (%.0f%% chance)",
                    negotiation_name(s, r.subject).c_str(), r.value / 1e4);
      break;
    case record_kind::negotiation_succeeded:
      std::snprintf(buf, sizeof buf, "%s: agreement", negotiation_name(s, r.subject).c_str());
      break;
    case record_kind::negotiation_failed:
      std::snprintf(buf, sizeof buf, "%s failed", negotiation_name(s, r.subject).c_str());
      break;
    case record_kind::agreement_reneged:
      std::snprintf(buf, sizeof buf, "%s: agreement reneged",
                    negotiation_name(s, r.subject).c_str());
      break;
    case record_kind::concession:
      std::snprintf(buf, sizeof buf, "concession: %lld protesters left", amount);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%s", record_kind_name(r.kind));
      break;
  }
  return buf;
}

void ticker::on_record(void* self, const world&, const record& r) {
  auto* t = static_cast<ticker*>(self);
  if (is_milestone(r.kind) && t->milestones_ < milestones_cap) t->milestone_[t->milestones_++] = r;
  if (!newsworthy(r.kind)) return;
  t->ring_[t->head_] = r;
  t->head_ = (t->head_ + 1) % capacity;
  if (t->size_ < capacity) ++t->size_;
}

const record& ticker::recent(std::size_t i) const {
  return ring_[(head_ + capacity - 1 - i) % capacity];
}

void ticker::truncate(time_s at_s) {
  while (size_ > 0 && recent(0).at_s > at_s) {
    head_ = (head_ + capacity - 1) % capacity;
    --size_;
  }
  while (milestones_ > 0 && milestone_[milestones_ - 1].at_s > at_s) --milestones_;
}

}  // namespace cerco::render
