// `cerco render`: frames drawn offscreen into a RenderTexture and saved as PNG.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "render/player.hpp"
#include "render/watch.hpp"

namespace cerco::render {

namespace {

std::string frame_path(const std::string& dir, long index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "frame_%06ld.png", index);
  return (std::filesystem::path(dir) / buf).string();
}

/// Runs ffmpeg without a shell (paths are passed as they are). Returns its exit status.
int run_ffmpeg(const std::string& ffmpeg, const std::string& dir, const std::string& out) {
  std::string pattern = (std::filesystem::path(dir) / "frame_%06d.png").string();
  std::vector<std::string> args = {
      ffmpeg, "-loglevel", "error",    "-y",      "-framerate", "12",
      "-i",   pattern,     "-pix_fmt", "yuv420p", "-vf",        "pad=ceil(iw/2)*2:ceil(ih/2)*2",
      out};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execv(ffmpeg.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int assemble_video(const render_options& o, long frames) {
  std::string ffmpeg = find_on_path("ffmpeg");
  if (ffmpeg.empty()) {
    std::cerr << "render: ffmpeg is not installed, so no video was made; the " << frames
              << " frames are in " << o.frames_dir << " (install ffmpeg and rerun, or run: ffmpeg "
              << "-framerate 12 -i " << o.frames_dir << "/frame_%06d.png -pix_fmt yuv420p "
              << o.video_path << ")\n";
    return 0;
  }
  int rc = run_ffmpeg(ffmpeg, o.frames_dir, o.video_path);
  if (rc != 0) {
    std::cerr << "render: ffmpeg failed (exit " << rc << "); the frames are in " << o.frames_dir
              << "\n";
    return 1;
  }
  if (!o.quiet) std::cout << "video " << o.video_path << "\n";
  return 0;
}

}  // namespace

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::string p(path);
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::filesystem::path candidate = std::filesystem::path(p.substr(start, end - start)) / name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

int run_render(const scenario& s, const render_options& o) {
  std::string error;
  player p;
  scene sc;
  if (!p.init(s, &error) || !sc.init(p.spec(), o.font_path, &error)) {
    std::cerr << "render: " << error << "\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.frames_dir, ec);
  if (ec) {
    std::cerr << "render: cannot create " << o.frames_dir << ": " << ec.message() << "\n";
    return 2;
  }
  sf::RenderTexture target;
  if (!target.create(o.width, o.height)) {
    std::cerr << "render: cannot create a " << o.width << "x" << o.height << " offscreen target\n";
    return 1;
  }
  sc.layout(target.getSize());
  o.view.apply(sc);
  time_s until = o.until_s < 0 ? p.end_s() : std::min(o.until_s, p.end_s());
  frame_state frame;
  hud_state hud;
  hud.window = false;
  long index = 0;
  for (time_s t = o.from_s; t <= until; t += o.every_s, ++index) {
    p.seek(t);
    while (!p.advance(1000)) {
    }
    capture(p.live(), p.shown_s(), o.selected, &frame);
    sc.draw(target, frame, hud, &p.history(), &p.news());
    target.display();
    std::string path = frame_path(o.frames_dir, index);
    if (!target.getTexture().copyToImage().saveToFile(path)) {
      std::cerr << "render: cannot write " << path << "\n";
      return 1;
    }
  }
  if (!p.error().empty()) {
    std::cerr << "render: the model stopped: " << p.error() << "\n";
    return 1;
  }
  if (!o.quiet) std::cout << "wrote " << index << " frames to " << o.frames_dir << "\n";
  return o.video_path.empty() ? 0 : assemble_video(o, index);
}

}  // namespace cerco::render
