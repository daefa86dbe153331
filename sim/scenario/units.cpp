#include "sim/scenario/units.hpp"

#include <array>

#include "sim/scenario/text.hpp"

namespace cerco::units {
namespace {

/// A decimal number as written: digits x 10^-scale, sign apart.
struct decimal {
  std::int64_t digits = 0;
  int scale = 0;
  bool negative = false;
};

/// "<number><blanks><unit>"; has_number is false when the text does not start with one.
struct split_text {
  bool has_number = false;
  bool number_too_long = false;
  decimal number;
  std::string_view unit;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

split_text split(std::string_view text) {
  split_text out;
  std::string_view s = scenario_text::trim(text);
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) out.number.negative = s[i++] == '-';
  bool any_digit = false, in_fraction = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !in_fraction) {
      in_fraction = true;
      continue;
    }
    if (!is_digit(c)) break;
    any_digit = true;
    std::int64_t next = 0;
    if (__builtin_mul_overflow(out.number.digits, 10, &next) ||
        __builtin_add_overflow(next, c - '0', &next) || out.number.scale >= 18) {
      out.number_too_long = true;
      return out;
    }
    out.number.digits = next;
    if (in_fraction) ++out.number.scale;
  }
  out.has_number = any_digit;
  out.unit = scenario_text::trim(s.substr(i));
  return out;
}

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  for (int k = 0; k < n; ++k) p *= 10;
  return p;
}

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '"').append(s).append(1, '"');
  return out;
}

/// digits x factor / 10^scale, exactly; an error names the text when it is not whole.
parsed scale_exact(const decimal& d, std::int64_t factor, std::string_view text,
                   std::string_view base_unit) {
  parsed out;
  std::int64_t product = 0;
  if (__builtin_mul_overflow(d.digits, factor, &product)) {
    out.error = quoted(text) + " is too large";
    return out;
  }
  const std::int64_t den = pow10(d.scale);
  if (product % den != 0) {
    out.error = quoted(text) + " is not a whole number of " + std::string(base_unit);
    return out;
  }
  out.value = d.negative ? -(product / den) : product / den;
  return out;
}

struct unit_factor {
  std::string_view unit;
  std::int64_t factor;
};
constexpr std::array<unit_factor, 4> volume_units = {
    {{"L", 1}, {"kL", 1000}, {"ML", 1000000}, {"m3", 1000}}};
constexpr std::array<unit_factor, 2> mass_units = {{{"kg", 1}, {"t", 1000}}};
constexpr std::array<unit_factor, 2> count_units = {{{"cyl", 1}, {"", 1}}};

std::span<const unit_factor> units_of(quantity_kind k) {
  switch (k) {
    case quantity_kind::volume:
      return volume_units;
    case quantity_kind::mass:
      return mass_units;
    case quantity_kind::count:
      return count_units;
  }
  return {};
}

/// 0 when the unit is not one of the kind's.
std::int64_t factor_of(quantity_kind k, std::string_view unit) {
  for (const auto& u : units_of(k)) {
    if (u.unit == unit) return u.factor;
  }
  return 0;
}

/// What the unit is, when it is a known unit of another kind: " (a mass)".
std::string hint(std::string_view unit, std::string_view expected_units) {
  if (unit.empty()) return " (no unit)";
  for (const quantity_kind k : {quantity_kind::volume, quantity_kind::mass}) {
    if (factor_of(k, unit) != 0) return " (" + std::string(kind_noun(k)) + ")";
  }
  if (unit == "cyl") return " (a count)";
  if (is_duration(std::string("1") + std::string(unit))) return " (a duration)";
  return " (unknown unit `" + std::string(unit) + "`; use " + std::string(expected_units) + ")";
}

std::string_view unit_list(quantity_kind k) {
  switch (k) {
    case quantity_kind::volume:
      return "L, kL, ML or m3";
    case quantity_kind::mass:
      return "kg or t";
    case quantity_kind::count:
      return "cyl";
  }
  return "";
}

/// A quantity with an expected shape described by `expected` (for the message).
parsed quantity_with(std::string_view text, commodity c, std::int64_t extra_factor,
                     std::string_view unit, const std::string& expected) {
  const quantity_kind k = kind_of(c);
  const split_text sp = split(text);
  parsed out;
  if (sp.number_too_long) {
    out.error = quoted(text) + " is too large";
    return out;
  }
  const std::int64_t f = factor_of(k, unit);
  if (!sp.has_number || f == 0) {
    out.error = expected + ", got " + quoted(text) + hint(unit, unit_list(k));
    return out;
  }
  return scale_exact(sp.number, f * extra_factor, text, commodity_units[int(c)]);
}

std::string expected_rate(commodity c) {
  static constexpr std::array<std::string_view, commodity_count> ex = {
      "900000 L/d", "300000 L/d", "500 cyl/d", "120 t/d", "20 t/d"};
  return "expected a rate like \"" + std::string(ex[int(c)]) + "\" for " + commodity_names[int(c)];
}

std::string expected_per_person(commodity c) {
  static constexpr std::array<std::string_view, commodity_count> ex = {
      "0.6 L/person/d", "0.4 L/person/d", "0.025 /person/d", "1.1 kg/person/d", "0.3 kg/person/d"};
  return "expected a per-person rate like \"" + std::string(ex[int(c)]) + "\" for " +
         commodity_names[int(c)];
}

/// Splits "L/d" into ("L", 1) and "L/h" into ("L", 24); per_day 0 when neither.
struct per_time {
  std::string_view unit;
  std::int64_t per_day = 0;
};
per_time strip_period(std::string_view unit, std::string_view middle) {
  for (const auto& [suffix, per_day] : {std::pair<std::string_view, std::int64_t>{"/d", 1},
                                        std::pair<std::string_view, std::int64_t>{"/h", 24}}) {
    const std::string full = std::string(middle) + std::string(suffix);
    if (unit.size() >= full.size() && unit.substr(unit.size() - full.size()) == full) {
      return {scenario_text::trim(unit.substr(0, unit.size() - full.size())), per_day};
    }
  }
  return {unit, 0};
}

/// A plain unit with one factor ("km" -> 1000) for lengths and speeds.
parsed simple_unit(std::string_view text, std::span<const unit_factor> table,
                   const std::string& expected, std::string_view base_unit) {
  const split_text sp = split(text);
  parsed out;
  std::int64_t f = 0;
  for (const auto& u : table) {
    if (u.unit == sp.unit) f = u.factor;
  }
  if (sp.number_too_long) {
    out.error = quoted(text) + " is too large";
  } else if (!sp.has_number || f == 0) {
    out.error = expected + ", got " + quoted(text) +
                (sp.unit.empty() ? " (no unit)" : " (unknown unit `" + std::string(sp.unit) + "`)");
  } else {
    out = scale_exact(sp.number, f, text, base_unit);
  }
  return out;
}

}  // namespace

quantity_kind kind_of(commodity c) {
  switch (c) {
    case commodity::gasoline:
    case commodity::diesel:
      return quantity_kind::volume;
    case commodity::lpg:
      return quantity_kind::count;
    case commodity::food:
    case commodity::perishables:
      return quantity_kind::mass;
  }
  return quantity_kind::volume;
}

std::string_view kind_noun(quantity_kind k) {
  switch (k) {
    case quantity_kind::volume:
      return "a volume";
    case quantity_kind::mass:
      return "a mass";
    case quantity_kind::count:
      return "a count";
  }
  return "";
}

std::string_view example_quantity(commodity c) {
  static constexpr std::array<std::string_view, commodity_count> ex = {
      "32000 L", "32000 L", "500 cyl", "1200 kg", "1200 kg"};
  return ex[int(c)];
}

parsed quantity(std::string_view text, commodity c) {
  const std::string expected = "expected " + std::string(kind_noun(kind_of(c))) + " like \"" +
                               std::string(example_quantity(c)) + "\" for " +
                               commodity_names[int(c)];
  return quantity_with(text, c, 1, split(text).unit, expected);
}

parsed count(std::string_view text) {
  return quantity(text, commodity::lpg);
}

parsed rate_per_d(std::string_view text, commodity c) {
  const split_text sp = split(text);
  const per_time pt = strip_period(sp.unit, "");
  if (pt.per_day == 0) {
    return parsed{0, expected_rate(c) + ", got " + quoted(text) + " (no /d or /h)"};
  }
  return quantity_with(text, c, pt.per_day, pt.unit, expected_rate(c));
}

parsed milli_per_person_d(std::string_view text, commodity c) {
  const split_text sp = split(text);
  const per_time pt = strip_period(sp.unit, "/person");
  if (pt.per_day == 0) {
    return parsed{0, expected_per_person(c) + ", got " + quoted(text) + " (no /person/d)"};
  }
  parsed out = quantity_with(text, c, pt.per_day * 1000, pt.unit, expected_per_person(c));
  if (!out.ok() && out.error.find("whole number") != std::string::npos) {
    out.error = quoted(text) + " is finer than a thousandth of a " +
                std::string(commodity_units[int(c)]) + " per person per day";
  }
  return out;
}

parsed count_per_d(std::string_view text) {
  const split_text sp = split(text);
  const per_time pt = strip_period(sp.unit, "");
  const std::string expected = "expected a rate like \"20 /d\"";
  if (sp.number_too_long) return parsed{0, quoted(text) + " is too large"};
  if (!sp.has_number || pt.per_day == 0 || !pt.unit.empty()) {
    return parsed{0, expected + ", got " + quoted(text)};
  }
  return scale_exact(sp.number, pt.per_day, text, "per day");
}

parsed length_m(std::string_view text) {
  static constexpr std::array<unit_factor, 2> table = {{{"m", 1}, {"km", 1000}}};
  return simple_unit(text, table, "expected a length like \"6 km\"", "m");
}

parsed speed_m_per_h(std::string_view text) {
  static constexpr std::array<unit_factor, 1> table = {{{"km/h", 1000}}};
  return simple_unit(text, table, "expected a speed like \"30 km/h\"", "m/h");
}

parsed duration(std::string_view text, bool allow_negative) {
  const duration_parse d = parse_duration(text, allow_negative);
  if (d.ok()) return parsed{d.value_s, {}};
  return parsed{0, "expected a duration like \"36h\" or \"1d 6h\", got " + quoted(text) + " (" +
                       std::string(describe(d.error)) + ")"};
}

bool is_duration(std::string_view text) {
  return parse_duration(text).ok();
}

bool days_of_demand(std::int64_t population, std::int64_t milli_per_person_d, time_s cover_s,
                    std::int64_t* out) {
  // population x milli x seconds can exceed int64 long before the result does.
  __extension__ using wide = __int128;
  const wide num = wide(population) * milli_per_person_d * cover_s;
  const wide den = wide(1000) * day_s;
  const wide q = (num + den / 2) / den;
  if (q > wide(INT64_MAX)) return false;
  *out = static_cast<std::int64_t>(q);
  return true;
}

}  // namespace cerco::units
