#include "render/script.hpp"

#include <cstdlib>

#include "cerco/scenario.hpp"

namespace cerco::render {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view s, double* out) {
  std::string copy(s);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size() && *out >= 0;
}

bool parse_commodity(std::string_view arg, double* out) {
  for (int c = 0; c < commodity_count; ++c)
    if (arg == commodity_names[c] || (arg.size() == 1 && arg[0] == '1' + c)) {
      *out = c;
      return true;
    }
  return false;
}

/// Parses the argument of one command; false with a message on error.
bool parse_argument(script_command* c, std::string_view word, std::string_view arg,
                    std::string* error) {
  auto fail = [&](const char* expected) {
    *error = "script: `" + std::string(word) + "` expects " + expected + ", got `" +
             std::string(arg) + "`";
    return false;
  };
  switch (c->op) {
    case script_op::seek:
    case script_op::speed: {
      duration_parse d = parse_duration(arg);
      if (!d.ok()) return fail("a duration such as 3d or 90min");
      c->time_s_value = d.value_s;
      return true;
    }
    case script_op::commodity:
      if (!parse_commodity(arg, &c->number)) return fail("1-5 or a commodity name");
      return true;
    case script_op::zoom:
    case script_op::wait:
    case script_op::frames:
      if (!parse_number(arg, &c->number)) return fail("a non-negative number");
      return true;
    case script_op::select:
      if (arg.empty()) return fail("a node id");
      c->text = std::string(arg);
      return true;
    case script_op::screenshot:
      c->text = std::string(arg);
      return true;
    default:
      if (!arg.empty()) return fail("nothing");
      return true;
  }
}

struct op_name {
  const char* word;
  script_op op;
};
constexpr op_name op_names[] = {
    {"pause", script_op::pause},         {"play", script_op::play},
    {"resume", script_op::play},         {"speed+", script_op::faster},
    {"speed-", script_op::slower},       {"speed", script_op::speed},
    {"step", script_op::step},           {"seek", script_op::seek},
    {"commodity", script_op::commodity}, {"select", script_op::select},
    {"zoom", script_op::zoom},           {"wait", script_op::wait},
    {"frames", script_op::frames},       {"screenshot", script_op::screenshot},
    {"restart", script_op::restart},     {"quit", script_op::quit},
};

}  // namespace

bool parse_script(std::string_view text, std::vector<script_command>* out, std::string* error) {
  out->clear();
  while (!text.empty()) {
    std::size_t cut = text.find_first_of(";\n");
    std::string_view item = trim(text.substr(0, cut));
    text = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
    if (item.empty() || item.front() == '#') continue;
    std::size_t space = item.find_first_of(" \t");
    std::string_view word = item.substr(0, space);
    std::string_view arg = space == std::string_view::npos ? "" : trim(item.substr(space));
    script_command c;
    bool known = false;
    for (const op_name& o : op_names)
      if (word == o.word) c.op = o.op, known = true;
    if (!known) {
      *error = "script: unknown command `" + std::string(word) +
               "` (expected pause, play, speed+, speed-, speed, step, seek, commodity, select, "
               "zoom, wait, frames, screenshot, restart or quit)";
      return false;
    }
    if (!parse_argument(&c, word, arg, error)) return false;
    out->push_back(std::move(c));
  }
  return true;
}

}  // namespace cerco::render
