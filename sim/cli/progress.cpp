#include "sim/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <string>

#include "sim/cli/run_support.hpp"

namespace cerco::cli {

progress_bar::progress_bar(time_s end_s)
    : end_s_(end_s), start_(now_seconds()), enabled_(::isatty(STDERR_FILENO) == 1) {}

void progress_bar::update(time_s now_s) {
  if (!enabled_) return;
  double now = now_seconds();
  if (now - start_ < 1.0 || now - last_draw_ < 0.1) return;
  last_draw_ = now;
  constexpr int width = 30;
  double share = end_s_ > 0 ? static_cast<double>(now_s) / static_cast<double>(end_s_) : 1.0;
  int filled = static_cast<int>(share * width);
  fmt::print(stderr, "\r[{}{}] {:3.0f}%  day {} of {}  {:.0f} s", std::string(filled, '#'),
             std::string(width - filled, ' '), share * 100, now_s / day_s + 1,
             (end_s_ + day_s - 1) / day_s, now - start_);
  drawn_ = true;
}

void progress_bar::done() {
  if (drawn_) fmt::print(stderr, "\r{:70}\r", "");
  drawn_ = false;
}

}  // namespace cerco::cli
