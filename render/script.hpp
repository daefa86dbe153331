#pragma once
/// Scripted input for the watch window, so tests (and demos) can drive it without a
/// person: commands separated by ';' or new lines, e.g.
///   "pause; speed+; seek 3d; commodity lpg; screenshot out.png; quit"
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cerco/time.hpp"

namespace cerco::render {

enum class script_op : std::uint8_t {
  pause,       ///< stop the clock
  play,        ///< start it again
  faster,      ///< speed+
  slower,      ///< speed-
  speed,       ///< speed <duration per second>, e.g. "speed 6h"
  step,        ///< one event
  seek,        ///< seek <time since start>; the script waits until it is reached
  commodity,   ///< commodity <1-5 or name>
  select,      ///< select <node id>
  zoom,        ///< zoom <factor> about the map's centre
  wait,        ///< wait <seconds of wall time>
  frames,      ///< frames <n>: let n frames pass
  screenshot,  ///< screenshot [path]
  restart,
  quit,
};

struct script_command {
  script_op op = script_op::quit;
  time_s time_s_value = 0;  ///< seek, speed
  double number = 0;        ///< zoom, wait, frames, commodity (0-based)
  std::string text;         ///< screenshot path, select node id
};

/// Parses a script; false with a message naming the command and what was expected.
bool parse_script(std::string_view text, std::vector<script_command>* out, std::string* error);

}  // namespace cerco::render
