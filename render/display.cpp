#include "render/display.hpp"

#include <dlfcn.h>

#include <SFML/Window/Context.hpp>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define CERCO_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CERCO_LEAK_CHECKED 1
#endif
#endif

namespace cerco::render {

namespace {

#ifdef CERCO_LEAK_CHECKED
/// Never freed; volatile so the optimiser keeps the one pointer the leak scan finds it by.
sf::Context* volatile kept_context = nullptr;
#endif

/// Under AddressSanitizer only: one GL context held for the life of the process. When the
/// last GL resource goes, SFML closes its X display and Mesa unloads its driver; what the
/// driver still holds from its own globals then looks leaked to LeakSanitizer's scan at
/// exit, from an "<unknown module>" that no suppression line can name. With the driver kept
/// mapped the scan reads those globals, and a leak of ours is still reported.
void keep_gl_driver_loaded() {
#ifdef CERCO_LEAK_CHECKED
  if (kept_context != nullptr) return;
  kept_context = new sf::Context;
  (void)kept_context->setActive(false);
#endif
}

}  // namespace

bool display_available(std::string* why) {
  const char* name = std::getenv("DISPLAY");
  if (name == nullptr || *name == '\0') {
    *why = "no display: DISPLAY is not set";
    return false;
  }
  void* x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
  if (x11 == nullptr) {
    *why = "cannot load libX11.so.6 to open the display";
    return false;
  }
  using open_fn = void* (*)(const char*);
  using close_fn = int (*)(void*);
  auto open = reinterpret_cast<open_fn>(dlsym(x11, "XOpenDisplay"));
  auto close = reinterpret_cast<close_fn>(dlsym(x11, "XCloseDisplay"));
  void* display = open && close ? open(nullptr) : nullptr;
  if (display) close(display);
  dlclose(x11);
  if (display == nullptr) {
    *why = std::string("cannot open the display DISPLAY=") + name;
    return false;
  }
  keep_gl_driver_loaded();
  return true;
}

}  // namespace cerco::render
