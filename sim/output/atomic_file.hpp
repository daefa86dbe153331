#pragma once
/// A file that appears under its final name complete or not at all: bytes go to a
/// temporary file in the same folder (".name.tmp.PID"), and commit() flushes, fsyncs,
/// renames it over the final name and fsyncs the folder. An interrupted or failed write
/// leaves the final name untouched; the destructor removes an uncommitted temporary.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cerco {

class atomic_file {
 public:
  atomic_file() = default;
  ~atomic_file();
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  /// Creates the temporary file; false with error() set when it cannot.
  bool open(const std::string& final_path);
  /// Buffers bytes (flushed every 64 KiB); after a failure further writes are ignored.
  void write(std::string_view bytes);
  /// Flushes, fsyncs, renames, fsyncs the folder. False with error() on any failure
  /// (nothing renamed). With durable = false the caller has made the bytes durable
  /// already (commit_all) and only the rename is done here.
  bool commit(bool durable = true);
  /// Hands buffered bytes to the kernel (no fsync).
  bool flush_to_kernel() { return fd_ >= 0 && flush(); }
  /// Drops the temporary file without touching the final name.
  void abandon();

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& final_path() const { return final_path_; }
  const std::string& temp_path() const { return temp_path_; }
  std::size_t bytes_written() const { return bytes_; }
  int fd_for_sync() const { return fd_; }

 private:
  bool flush();
  void write_through(std::string_view bytes);
  void fail(const char* what);

  int fd_ = -1;
  std::string final_path_, temp_path_, buffer_, error_;
  std::size_t bytes_ = 0;
};

/// Commits several files at once with one filesystem sync instead of one per file (an
/// fsync costs milliseconds): flush all, syncfs, rename each in order, fsync each folder
/// once. A failure before the renames leaves every final name untouched.
bool commit_all(const std::vector<atomic_file*>& files, std::string* error);

/// Writes a whole file atomically. False with *error set on failure.
bool write_file_atomic(const std::string& path, std::string_view bytes, std::string* error);

}  // namespace cerco
