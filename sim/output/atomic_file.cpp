#include "sim/output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cerco {
namespace {

constexpr std::size_t flush_bytes = 64 * 1024;

std::string folder_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string temp_name_for(const std::string& path) {
  std::size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".tmp." + std::to_string(::getpid());
}

/// Makes renames in a folder durable; a failure here loses nothing written.
void sync_folder(const std::string& folder) {
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

atomic_file::~atomic_file() {
  abandon();
}

bool atomic_file::open(const std::string& final_path) {
  abandon();
  error_.clear();
  bytes_ = 0;
  final_path_ = final_path;
  temp_path_ = temp_name_for(final_path);
  ::unlink(temp_path_.c_str());  // a leftover of this pid from an earlier crash
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    fail("cannot create");
    temp_path_.clear();
    return false;
  }
  return true;
}

void atomic_file::fail(const char* what) {
  if (error_.empty()) {
    error_ = std::string(what) + " " + (temp_path_.empty() ? final_path_ : temp_path_) + ": " +
             std::strerror(errno);
  }
}

void atomic_file::write(std::string_view bytes) {
  if (fd_ < 0 || failed()) return;
  bytes_ += bytes.size();
  if (bytes.size() >= flush_bytes) {  // a big piece goes to the kernel without a copy
    if (flush()) write_through(bytes);
    return;
  }
  buffer_.append(bytes);
  if (buffer_.size() >= flush_bytes) flush();
}

bool atomic_file::flush() {
  write_through(buffer_);
  buffer_.clear();
  return !failed();
}

void atomic_file::write_through(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0 && !failed()) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fail("cannot write");
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  // Start writing the pages back now, without waiting: the sync at commit then finds
  // little left to do.
  if (!failed()) ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

bool atomic_file::commit(bool durable) {
  if (fd_ < 0) {
    if (error_.empty()) error_ = "commit of a file that is not open: " + final_path_;
    return false;
  }
  if (!flush() || (durable && ::fsync(fd_) != 0)) {
    fail("cannot write");
    abandon();
    return false;
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 || ::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    fail("cannot finish");
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    return false;
  }
  temp_path_.clear();
  if (durable) sync_folder(folder_of(final_path_));
  return true;
}

bool commit_all(const std::vector<atomic_file*>& files, std::string* error) {
  for (atomic_file* f : files) {
    if (!f->flush_to_kernel()) {
      *error = f->error().empty() ? "cannot write " + f->final_path() : f->error();
      return false;
    }
  }
  bool synced = !files.empty() && ::syncfs(files.front()->fd_for_sync()) == 0;
  std::vector<std::string> folders;
  for (atomic_file* f : files) {
    if (!synced && ::fsync(f->fd_for_sync()) != 0) {
      *error = "cannot write " + f->final_path() + ": " + std::strerror(errno);
      return false;
    }
    std::string folder = folder_of(f->final_path());
    if (std::find(folders.begin(), folders.end(), folder) == folders.end())
      folders.push_back(folder);
  }
  for (atomic_file* f : files) {
    if (!f->commit(false)) {
      *error = f->error();
      return false;
    }
  }
  for (const std::string& folder : folders) sync_folder(folder);
  return true;
}

void atomic_file::abandon() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
  buffer_.clear();
}

bool write_file_atomic(const std::string& path, std::string_view bytes, std::string* error) {
  atomic_file f;
  if (f.open(path)) {
    f.write(bytes);
    if (f.commit()) return true;
  }
  if (error) *error = f.error();
  return false;
}

}  // namespace cerco
