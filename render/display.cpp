#include "render/display.hpp"

#include <dlfcn.h>

#include <cstdlib>

namespace cerco::render {

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
  return true;
}

}  // namespace cerco::render
