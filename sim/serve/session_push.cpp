// One client connection: pushed lines, coalescing, and the push rate.
#include <algorithm>

#include "sim/serve/net.hpp"
#include "sim/serve/session.hpp"

namespace cerco::serve {

using clock_type = std::chrono::steady_clock;

void session::push(std::uint32_t sub, bool coalescable,
                   const std::shared_ptr<const std::string>& body) {
  if (!accepting()) return;
  enqueue(sub, coalescable, body, coalescable ? take_pending(sub) : 0);
}

std::uint32_t session::take_pending(std::uint32_t sub) {
  std::uint32_t n = 0;
  if (auto it = skipped_.find(sub); it != skipped_.end()) {
    n += it->second;
    skipped_.erase(it);
  }
  auto h = std::find_if(held_.begin(), held_.end(), [&](const held& x) { return x.sub == sub; });
  if (h != held_.end()) {
    n += h->coalesced + 1;
    held_.erase(h);
  }
  return n;
}

void session::enqueue(std::uint32_t sub, bool coalescable,
                      const std::shared_ptr<const std::string>& body, std::uint32_t coalesced) {
  const auto& o = owner_.options();
  entry x;
  x.sub = sub;
  x.body = body;
  x.coalescable = coalescable;
  x.coalesced = coalesced;
  if (coalescable && queued_bytes_ > o.queue_soft_bytes) {
    // Replace the newest unsent update of this subscription by this later one.
    for (std::size_t i = queue_.size(); i-- > started();) {
      if (queue_[i].sub != sub || !queue_[i].coalescable) continue;
      x.coalesced += queue_[i].coalesced + 1;
      queued_bytes_ -= queue_[i].bytes();
      queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  } else if (!coalescable && queued_bytes_ > o.queue_hard_bytes) {
    ++lost_[sub];
    return;
  }
  if (!coalescable) {
    if (auto it = lost_.find(sub); it != lost_.end()) {
      entry gap;
      gap.head = "{\"sub\":" + std::to_string(sub) +
                 ",\"type\":\"gap\",\"lost\":" + std::to_string(it->second) + "}\n";
      gap.sub = sub;
      lost_.erase(it);
      send(std::move(gap));
    }
  }
  x.head = "{\"sub\":" + std::to_string(sub) + ",";
  if (x.coalesced > 0) x.head += "\"coalesced\":" + std::to_string(x.coalesced) + ",";
  if (coalescable) push_budget_bytes_ -= static_cast<double>(x.bytes());
  send(std::move(x));
}

void session::hold(std::uint32_t sub, const std::shared_ptr<const std::string>& body) {
  if (!accepting()) return;
  std::uint32_t coalesced = take_pending(sub);
  held_.push_back({sub, coalesced, body});
}

void session::release_held() {
  if (held_.empty() || !accepting()) return;
  auto lines = std::move(held_);
  held_.clear();
  for (const held& h : lines) enqueue(h.sub, true, h.body, h.coalesced);
}

bool session::release_if_affordable() {
  // One at a time: each line spends the budget the next one needs.
  while (holds() && affords(held_.front().body->size())) {
    held h = std::move(held_.front());
    held_.erase(held_.begin());
    enqueue(h.sub, true, h.body, h.coalesced);
  }
  return holds();
}

void session::refill(clock_type::time_point now) {
  const auto& o = owner_.options();
  if (o.push_rate_bytes_per_s == 0) return;
  double s = std::chrono::duration<double>(now - refilled_at_).count();
  if (s <= 0) return;
  refilled_at_ = now;
  // In floating point: no rounding loss between frequent refills, no overflow after
  // long pauses, whatever the rate.
  push_budget_bytes_ =
      std::min(push_budget_bytes_ + static_cast<double>(o.push_rate_bytes_per_s) * s,
               static_cast<double>(o.push_burst_bytes));
}

bool session::affords(std::size_t bytes) const {
  return owner_.options().push_rate_bytes_per_s == 0 ||
         push_budget_bytes_ >= static_cast<double>(bytes);
}

bool session::coalescing() const {
  return accepting() && queued_bytes_ > owner_.options().queue_soft_bytes;
}

}  // namespace cerco::serve
