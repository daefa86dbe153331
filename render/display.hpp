#pragma once
/// Whether an X display can be opened. SFML aborts the process when it cannot open one,
/// so `watch`, `render` and `bench render` ask this first and fail with a message.
#include <string>

namespace cerco::render {

/// True when DISPLAY is set and the X server answers; otherwise false with the reason.
/// Loads libX11 at run time, so it costs nothing when no window is wanted. In an
/// AddressSanitizer build it also keeps one GL context until exit (see display.cpp).
bool display_available(std::string* why);

}  // namespace cerco::render
