#pragma once
/// Aligned plain-text tables for terminal output: columns padded to their widest cell,
/// numbers right-aligned.
#include <cstdint>
#include <string>
#include <vector>

namespace cerco {

class text_table {
 public:
  /// `right[i]`: column i is right-aligned.
  explicit text_table(std::vector<bool> right) : right_(std::move(right)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  /// Every row, indented, columns separated by two blanks, no trailing blanks.
  std::string render(int indent = 2) const;

 private:
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// 1234567 -> "1,234,567".
std::string group_digits(std::int64_t value);

}  // namespace cerco
