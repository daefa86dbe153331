/// Stocks that change at constant rates between events. A level's counters are folded
/// at t0 and extended analytically; the time a stock reaches a level that matters
/// (empty, its reorder point, its capacity, what a waiting truck needs) is computed
/// from the rate and scheduled as one event. There are no ticks.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstring>

#include "sim/model/world_impl.hpp"

namespace cerco::model {
namespace {
__extension__ using i128 = __int128;
}  // namespace

/// Rates up to the loader's limits times a decade of seconds exceed 64 bits.
std::int64_t muldiv(std::int64_t a, std::int64_t b, std::int64_t c) {
  constexpr std::int64_t small = std::int64_t{1} << 31;  // the product fits in 64 bits
  if (a < small && a > -small && b < small && b > -small) return a * b / c;
  i128 q = static_cast<i128>(a) * b / c;
  if (q > INT64_MAX) return INT64_MAX;
  if (q < INT64_MIN) return INT64_MIN;
  return static_cast<std::int64_t>(q);
}

namespace {

/// a x dt / day_s, as muldiv computes it. Inline with a constant divisor, the common case
/// is a multiplication and shifts instead of a division: folding stocks is the model's
/// hottest arithmetic.
[[gnu::always_inline]] inline std::int64_t per_day(std::int64_t a, time_s dt) {
  // Rates and durations are almost always in [0, 2^31): one test, and an unsigned
  // division (a multiplication and a shift), which equals the signed one there.
  constexpr std::uint64_t small = std::uint64_t{1} << 31;
  auto ua = static_cast<std::uint64_t>(a), udt = static_cast<std::uint64_t>(dt);
  if ((ua | udt) < small) return static_cast<std::int64_t>(ua * udt / day_s);
  return muldiv(a, dt, day_s);
}

/// ceil(a * b / c) for a, b >= 0 and c > 0, saturating.
std::int64_t muldiv_up(std::int64_t a, std::int64_t b, std::int64_t c) {
  constexpr std::int64_t small = std::int64_t{1} << 31;
  if (a < small && b < small && c < small) return (a * b + c - 1) / c;
  i128 q = (static_cast<i128>(a) * b + c - 1) / c;
  return q > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(q);
}

struct folded {
  std::int64_t stock, produced, consumed, unmet;
  time_s short_s;
};

/// Every counter of level l extended from t0 to t (t >= t0).
folded fold(const level& v, time_s t) {
  time_s dt = t - v.t0_s;
  assert(dt >= 0);
  std::int64_t p = v.production_per_d, d = v.demand_per_d;
  folded f{v.base, v.produced, v.consumed, v.unmet, v.short_s};
  if (dt == 0) return f;
  if (v.mode == level_mode::empty) {
    std::int64_t got = per_day(p, dt);
    f.produced += got;
    f.consumed += got;
    f.unmet += per_day(d, dt) - got;
    f.short_s += dt;
    return f;
  }
  if (v.mode == level_mode::full) {
    std::int64_t used = per_day(d, dt);
    f.produced += used;
    f.consumed += used;
    return f;
  }
  std::int64_t made = per_day(p, dt);
  std::int64_t used = per_day(d, dt);
  std::int64_t stock = v.base + made - used;
  if (stock < 0) {  // overshoot within the second the stock ran out
    used = v.base + made;
    stock = 0;
  } else if (stock > v.capacity) {
    made = v.capacity - v.base + used;
    stock = v.capacity;
  }
  f.stock = stock;
  f.produced += made;
  f.consumed += used;
  return f;
}

bool has_batches(const I& m, std::uint32_t l) {
  return I::commodity_of(l) == commodity::perishables && m.levels[l].production_per_d == 0;
}

/// Consumption since the last batch sync comes out of the oldest batches first.
void batch_sync(level& v, std::int64_t stock_now) {
  std::int64_t used = v.batch_synced_stock - stock_now;
  assert(used >= 0);
  while (used > 0 && v.batch_count > 0) {
    std::int64_t& a = v.batch_amount[v.batch_first];
    std::int64_t take = used < a ? used : a;
    a -= take;
    used -= take;
    if (a == 0) {
      v.batch_first = static_cast<std::uint8_t>((v.batch_first + 1) % batch_max);
      --v.batch_count;
    }
  }
  v.batch_synced_stock = stock_now;
}

void batch_add(level& v, std::int64_t amount, time_s expiry_s) {
  if (amount <= 0) return;
  if (v.batch_count == batch_max) {  // full: merge into the newest (its earlier expiry)
    int newest = (v.batch_first + v.batch_count - 1) % batch_max;
    v.batch_amount[newest] += amount;
  } else {
    int slot = (v.batch_first + v.batch_count) % batch_max;
    v.batch_amount[slot] = amount;
    v.batch_expiry_s[slot] = expiry_s;
    ++v.batch_count;
  }
  v.batch_synced_stock += amount;
}

/// Folds the counters at now and restarts the segment there (mode unchanged).
void fold_now(I& m, std::uint32_t l) {
  level& v = m.levels[l];
  folded f = fold(v, m.now_s);
  v.base = f.stock;
  v.produced = f.produced;
  v.consumed = f.consumed;
  v.unmet = f.unmet;
  v.short_s = f.short_s;
  v.t0_s = m.now_s;
  if (has_batches(m, l)) batch_sync(v, v.base);
}

/// Stock of a normal-mode level dt seconds after t0, before clamping. (Templates here
/// serve a level and a stock_segment alike: the same fields, the same arithmetic.)
template <typename L>
[[gnu::always_inline]] inline std::int64_t raw_stock(const L& v, time_s dt) {
  return v.base + per_day(v.production_per_d, dt) - per_day(v.demand_per_d, dt);
}

/// fold(v, t).stock without the other counters: the model re-reads stocks at every
/// delivery, withdrawal and crossing.
template <typename L>
[[gnu::always_inline]] inline std::int64_t stock_of(const L& v, time_s t) {
  assert(t >= v.t0_s);
  if (v.mode != level_mode::normal || t == v.t0_s) return v.base;
  return std::clamp<std::int64_t>(raw_stock(v, t - v.t0_s), 0, v.capacity);
}

/// Seconds after t0 until a normal-mode stock first reaches `target` (at or below it
/// when falling, at or above it when rising); time_s_max if it never does. Exact: with
/// one of the two rates zero by a closed form, otherwise by bisection between bounds
/// that the two floors cannot escape.
time_s time_to_reach(const level& v, std::int64_t target) {
  std::int64_t p = v.production_per_d, d = v.demand_per_d;
  bool falling = target < v.base;
  std::int64_t rate = falling ? d - p : p - d;
  std::int64_t gap = falling ? v.base - target : target - v.base;
  if (rate <= 0 || gap <= 0) return gap <= 0 ? 0 : time_s_max;
  std::int64_t one = falling ? d : p;
  if ((falling ? p : d) == 0) return muldiv_up(gap, day_s, one);
  time_s hi = muldiv(gap + 1, day_s, rate) + 1, lo = 0;  // reached by hi, not at lo
  while (hi - lo > 1) {
    time_s mid = lo + (hi - lo) / 2;
    std::int64_t s = raw_stock(v, mid);
    if (falling ? s <= target : s >= target) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

/// The next level that matters for a normal-mode stock, as a time; time_s_max if none.
time_s next_crossing_s(const I& m, std::uint32_t l) {
  const level& v = m.levels[l];
  if (v.mode != level_mode::normal) return time_s_max;
  std::int64_t r = v.production_per_d - v.demand_per_d;
  std::int64_t stock = stock_of(v, m.now_s);
  time_s best = time_s_max;
  if (r < 0) {
    std::int64_t target = 0;
    const reorder_policy& rp = m.node_of_level(l).reorder[static_cast<int>(I::commodity_of(l))];
    if (rp.enabled && stock > rp.below) target = rp.below;
    best = time_to_reach(v, target);
  } else if (r > 0) {
    if (v.capacity != unlimited) best = time_to_reach(v, v.capacity);
    if (v.waiting_head != no_index) {
      std::int64_t need = m.vehicles[v.waiting_head].planned;
      if (need > v.capacity) need = v.capacity;
      if (need > stock) best = std::min(best, time_to_reach(v, need));
    }
  }
  if (best == time_s_max) return best;
  time_s at_s = v.t0_s + best;
  assert(at_s > m.now_s);
  return (at_s > m.now_s ? at_s : m.now_s + 1) - m.now_s;
}

void schedule_spoil(I& m, std::uint32_t l) {
  level& v = m.levels[l];
  if (!has_batches(m, l) || v.batch_count == 0) {
    m.cancel(v.spoil);
    return;
  }
  m.reschedule(v.spoil, v.batch_expiry_s[v.batch_first], ev_spoil, l);
}

}  // namespace

/// fold(...).stock without the other counters: readers that sum many stocks call this.
std::int64_t stock_at(const I& m, std::uint32_t l, time_s t) {
  return stock_of(m.levels[l], t);
}

namespace {

/// fold's stock and unmet, and the demand rate, at max(t, t0).
template <typename L>
[[gnu::always_inline]] inline stock_amount amount_of(const L& v, time_s t) {
  t = std::max(t, v.t0_s);
  stock_amount out{stock_of(v, t), v.demand_per_d, v.unmet};
  if (v.mode == level_mode::empty && t > v.t0_s) {
    out.unmet += per_day(v.demand_per_d, t - v.t0_s) - per_day(v.production_per_d, t - v.t0_s);
  }
  return out;
}

}  // namespace

stock_amount amount_at(const I& m, std::uint32_t l, time_s t) {
  return amount_of(m.levels[l], t);
}

std::size_t take_changed_segments(I& m, std::span<const std::uint32_t> nodes,
                                  std::span<segment_change> out) {
  assert(out.size() >= nodes.size() * commodity_count);
  assert(m.changed.size() >= m.levels.size() + I::changed_padding);
  // A node's five marks (bytes 0 or 1) in one load: most nodes have none set, and the
  // set ones are visited by their bits, without a branch per commodity.
  static_assert(commodity_count == 5 && std::endian::native == std::endian::little);
  constexpr std::uint64_t node_marks = 0xff'ffff'ffffULL;
  std::size_t n = 0;
  for (std::uint32_t k = 0; k < nodes.size(); ++k) {
    std::uint32_t first = m.level_index(nodes[k], commodity{});
    std::uint8_t* mark = &m.changed[first];
    std::uint64_t word;
    std::memcpy(&word, mark, sizeof word);
    word &= node_marks;
    if (word == 0) continue;
    std::memset(mark, 0, commodity_count);
    const level* v = &m.levels[first];
    for (; word != 0; word &= word - 1) {
      auto c = static_cast<std::uint32_t>(std::countr_zero(word)) / 8;
      stock_segment& g = out[n].segment;
      out[n++].position = k * commodity_count + c;
      g.base = v[c].base, g.t0_s = v[c].t0_s, g.mode = v[c].mode;
      g.demand_per_d = v[c].demand_per_d, g.production_per_d = v[c].production_per_d;
      g.capacity = v[c].capacity, g.unmet = v[c].unmet;
    }
  }
  return n;
}

namespace {

/// Per commodity, the amounts at t summed over `count` nodes' stocks; first(k) gives
/// node k's commodity_count stocks (levels or segments). Sums in locals: stores through
/// `out` could alias the stocks and force reloads.
template <typename L, typename First>
[[gnu::always_inline]] inline void sum_nodes(std::size_t count, First first, time_s t,
                                             std::array<stock_amount, commodity_count>& out) {
  std::int64_t stock[commodity_count] = {}, demand[commodity_count] = {},
               unmet[commodity_count] = {};
  for (std::size_t k = 0; k < count; ++k) {
    const L* v = first(k);
    for (int c = 0; c < commodity_count; ++c) {
      stock_amount a = amount_of(v[c], t);
      stock[c] += a.stock, demand[c] += a.demand_per_d, unmet[c] += a.unmet;
    }
  }
  for (int c = 0; c < commodity_count; ++c) out[c] = {stock[c], demand[c], unmet[c]};
}

}  // namespace

void sum_amounts(const I& m, std::span<const std::uint32_t> nodes, time_s t,
                 std::array<stock_amount, commodity_count>& out) {
  static_assert(offsetof(level, unmet) + sizeof(std::int64_t) <= 64);
  sum_nodes<level>(
      nodes.size(), [&](std::size_t k) { return &m.levels[m.level_index(nodes[k], commodity{})]; },
      t, out);
}

stock_view view_at(const I& m, std::uint32_t l, time_s t) {
  const level& v = m.levels[l];
  folded f = fold(v, t);
  stock_view out;
  out.stock = f.stock;
  out.demand_per_d = v.demand_per_d;
  out.unmet = f.unmet;
  out.consumed = f.consumed;
  out.short_s = f.short_s;
  out.short_now = v.mode == level_mode::empty;
  out.cover_s = v.demand_per_d > 0 ? muldiv(f.stock, day_s, v.demand_per_d) : time_s_max;
  out.rationed = v.demand_per_d < base_demand_per_d(m, l);
  return out;
}

std::int64_t base_demand_per_d(const I& m, std::uint32_t l) {
  const node_spec& n = m.node_of_level(l);
  return (n.population * n.demand_milli_per_person_d[static_cast<int>(I::commodity_of(l))] + 500) /
         1000;
}

/// Chooses the mode for the folded stock, reports stock-outs and recoveries, and
/// schedules the next crossing.
void resync(W& w, I& m, std::uint32_t l) {
  level& v = m.levels[l];
  // Every change to a stock ends in a resync, which marks it for take_changed_segments
  // (withdraw, which leaves the resync to its callers, marks as well).
  m.changed[l] = 1;
  std::int64_t stock = stock_of(v, m.now_s);
  level_mode before = v.mode, after = level_mode::normal;
  if (stock <= 0 && v.demand_per_d > v.production_per_d) {
    after = level_mode::empty;
  } else if (stock >= v.capacity && v.production_per_d > v.demand_per_d) {
    after = level_mode::full;
  }
  // The segment restarts only when the mode changes: folding at every delivery would
  // drop a fraction of a unit of consumption each time.
  if (after != before) {
    fold_now(m, l);
    v.mode = after;
    if (after == level_mode::empty) v.base = 0;
  }
  std::uint32_t node = l / commodity_count;
  if (v.mode == level_mode::empty && before != level_mode::empty) {
    record r;
    r.kind = record_kind::stock_out;
    r.what = I::commodity_of(l);
    r.subject = node;
    m.emit(w, r);
  } else if (v.mode != level_mode::empty && before == level_mode::empty) {
    record r;
    r.kind = record_kind::restocked;
    r.what = I::commodity_of(l);
    r.subject = node;
    r.amount = v.base;
    m.emit(w, r);
  }
  time_s dt = next_crossing_s(m, l);
  if (dt == time_s_max || m.now_s + dt > m.s->duration_s + 1) {
    m.cancel(v.cross);
  } else {
    m.reschedule(v.cross, m.now_s + dt, ev_level_cross, l);
  }
  touch_node(m, node);
}

void add_stock(W& w, I& m, std::uint32_t l, std::int64_t amount) {
  assert(amount >= 0);
  level& v = m.levels[l];
  std::int64_t before = stock_of(v, m.now_s);
  if (v.mode != level_mode::normal) fold_now(m, l);
  v.base += amount;
  if (has_batches(m, l)) {
    batch_sync(v, before);
    batch_add(v, amount, m.now_s + m.s->shelf_life_s);
    schedule_spoil(m, l);
  }
  resync(w, m, l);
  wake_waiting_for_stock(w, m, l);
}

std::int64_t withdraw(I& m, std::uint32_t l, std::int64_t amount) {
  level& v = m.levels[l];
  std::int64_t before = stock_of(v, m.now_s);
  std::int64_t got = amount < before ? amount : before;
  if (got <= 0) return 0;
  if (v.mode != level_mode::normal) fold_now(m, l);
  v.base -= got;
  m.changed[l] = 1;
  if (has_batches(m, l)) {
    batch_sync(v, before);
    batch_sync(v, before - got);  // taken like consumption: oldest first
    schedule_spoil(m, l);
  }
  return got;
}

void settle(W& w, I& m, std::uint32_t l) {
  resync(w, m, l);
  check_reorder(w, m, l);  // a depot or market with no demand of its own reorders here
}

void set_demand(W& w, I& m, std::uint32_t l, std::int64_t demand_per_d) {
  fold_now(m, l);
  m.levels[l].demand_per_d = demand_per_d;
  resync(w, m, l);
  check_reorder(w, m, l);
}

void on_level_cross(W& w, I& m, std::uint32_t l) {
  m.levels[l].cross = {};
  resync(w, m, l);
  check_reorder(w, m, l);
  level& v = m.levels[l];
  if (v.waiting_head != no_index) {
    std::int64_t need = m.vehicles[v.waiting_head].planned;
    if (v.base >= need || v.mode == level_mode::full) wake_waiting_for_stock(w, m, l);
  }
}

void on_spoil(W& w, I& m, std::uint32_t l) {
  level& v = m.levels[l];
  v.spoil = {};
  std::int64_t before = stock_of(v, m.now_s);
  if (v.mode != level_mode::normal) fold_now(m, l);
  batch_sync(v, before);
  std::int64_t gone = 0;
  while (v.batch_count > 0 && v.batch_expiry_s[v.batch_first] <= m.now_s) {
    gone += v.batch_amount[v.batch_first];
    v.batch_first = static_cast<std::uint8_t>((v.batch_first + 1) % batch_max);
    --v.batch_count;
  }
  v.base -= gone;
  v.batch_synced_stock -= gone;
  v.spoiled += gone;
  assert(v.base >= 0);
  schedule_spoil(m, l);
  if (gone > 0) {
    record r;
    r.kind = record_kind::spoiled;
    r.what = commodity::perishables;
    r.subject = l / commodity_count;
    r.amount = gone;
    m.emit(w, r);
  }
  resync(w, m, l);
  check_reorder(w, m, l);
}

void check_reorder(W& w, I& m, std::uint32_t l) {
  const node_spec& n = m.node_of_level(l);
  const reorder_policy& rp = n.reorder[static_cast<int>(I::commodity_of(l))];
  if (!rp.enabled) return;
  level& v = m.levels[l];
  std::int64_t stock = stock_at(m, l, m.now_s);
  if (stock > rp.below || stock + v.on_order >= rp.up_to) return;
  std::int64_t qty = rp.up_to - stock - v.on_order;
  v.on_order += qty;
  v.pending_order += qty;
  std::uint32_t sl = m.level_index(rp.supplier, I::commodity_of(l));
  if (!v.in_order_queue) {
    assert(m.order_count[sl] < m.order_cap[sl]);
    std::uint32_t at = (m.order_first[sl] + m.order_count[sl]) % m.order_cap[sl];
    m.order_queue[m.order_offset[sl] + at] = l;
    ++m.order_count[sl];
    v.in_order_queue = true;
  }
  record r;
  r.kind = record_kind::order_placed;
  r.what = I::commodity_of(l);
  r.subject = l / commodity_count;
  r.other = rp.supplier;
  r.amount = qty;
  m.emit(w, r);
  try_dispatch(w, m, sl);
}

void init_levels_quiet(I& m) {
  const scenario& s = *m.s;
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    for (int c = 0; c < commodity_count; ++c) {
      std::uint32_t l = m.level_index(n, static_cast<commodity>(c));
      level& v = m.levels[l];
      v.base = s.nodes[n].stock[c];
      v.capacity = s.nodes[n].capacity[c];
      v.production_per_d = s.nodes[n].production_per_d[c];
      v.demand_per_d = base_demand_per_d(m, l);
      m.initial[c] += v.base;
      if (!has_batches(m, l) || v.base == 0) continue;
      // Initial stock is of uniform age: four batches expiring over one shelf life.
      std::int64_t quarter = v.base / 4;
      for (int k = 1; k <= 4; ++k) {
        std::int64_t a = k == 4 ? v.base - 3 * quarter : quarter;
        batch_add(v, a, s.shelf_life_s * k / 4);
      }
      v.batch_synced_stock = v.base;
      schedule_spoil(m, l);
    }
  }
}

void start_levels(W& w, I& m) {
  for (std::uint32_t l = 0; l < m.levels.size(); ++l) resync(w, m, l);
  for (std::uint32_t l = 0; l < m.levels.size(); ++l) check_reorder(w, m, l);
}

std::int64_t produced_at(const I& m, std::uint32_t l, time_s t) {
  return fold(m.levels[l], t).produced;
}

}  // namespace cerco::model

namespace cerco {

stock_amount segment_amount(const stock_segment& s, time_s at_s) {
  return model::amount_of(s, at_s);
}

std::array<stock_amount, commodity_count> segment_sums(std::span<const stock_segment> segments,
                                                       time_s at_s) {
  assert(segments.size() % commodity_count == 0);
  std::array<stock_amount, commodity_count> out;
  model::sum_nodes<stock_segment>(
      segments.size() / commodity_count,
      [&](std::size_t k) { return &segments[k * commodity_count]; }, at_s, out);
  return out;
}

}  // namespace cerco
