#pragma once
/// A progress bar on stderr, drawn only when stderr is a terminal and the run has taken
/// more than a second; redrawn at most ten times a second; erased when done.
#include "cerco/time.hpp"

namespace cerco::cli {

class progress_bar {
 public:
  explicit progress_bar(time_s end_s);
  ~progress_bar() { done(); }
  void update(time_s now_s);
  void done();

 private:
  time_s end_s_;
  double start_ = 0, last_draw_ = 0;
  bool enabled_ = false, drawn_ = false;
};

}  // namespace cerco::cli
