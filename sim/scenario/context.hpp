#pragma once
/// The loader's working state (host side): the diagnostics collected so far, the nodes a
/// --set flag put into the document, and typed readers over TOML tables that report a
/// mistake with the position of the offending value and what was expected.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/scenario/load.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/units.hpp"

namespace cerco::load_detail {

/// Thrown once max_errors diagnostics are collected; caught by the loader's entry point.
struct too_many_errors {};

class context {
 public:
  context(std::string file, const load_limits& limits) : file_(std::move(file)), limits_(limits) {}

  /// At the node's position, or naming the --set flag that put the node there.
  void error_at(const toml::node* at, std::string message);
  void error_at(const toml::source_region& where, std::string message);
  /// An unknown or misplaced key: at the key, or the flag that added it.
  void error_key(const toml::key& key, const toml::node* value, std::string message);
  /// A message without a position (limits on the whole file, flags).
  void error(std::string message);

  /// Remembers that `n` and everything under it came from the flag `flag`.
  void mark_override(const toml::node& n, const std::string& flag);

  /// An unknown key in `t` was taken for `key`: a "missing `key`" there would only repeat it.
  void note_suggestion(const toml::table* t, std::string_view key);
  bool was_suggested(const toml::table* t, std::string_view key) const;

  const load_limits& limits() const { return limits_; }
  const std::string& file() const { return file_; }
  std::size_t error_count() const { return errors_.size(); }
  std::vector<diagnostic> take() { return std::move(errors_); }

 private:
  void push(int line, int column, std::string message);
  const std::string* flag_of(const toml::node* n) const;

  std::string file_;
  const load_limits& limits_;
  std::vector<diagnostic> errors_;
  std::map<const toml::node*, std::string> overridden_;
  std::set<std::pair<const toml::table*, std::string>, std::less<>> suggested_;
};

/// A table being read, and how messages name it: owner "[[node]] `el_alto_d8`", path
/// "reorder.gasoline" for a table nested in it.
struct table_ref {
  const toml::table* t = nullptr;
  std::string owner;
  std::string path;

  std::string where() const;                      ///< "`reorder.gasoline` of [[node]] `x`"
  std::string field(std::string_view key) const;  ///< "`reorder.gasoline.below` of ..."
  table_ref sub(const toml::table& child, std::string_view key) const;
  const toml::node* get(std::string_view key) const { return t->get(key); }
};

/// Ids of one kind, by index (an element without a valid id keeps its slot with "").
struct id_table {
  std::string_view kind;  ///< "node", "road", ...
  std::vector<std::string> ids;
  std::optional<std::uint32_t> find(std::string_view id) const;
};

/// "a string", "an integer", ... for messages.
std::string type_name(const toml::node& n);
/// The value as the file wrote it, shortened: `"32 t"`, `1.5`, `an array`.
std::string show(const toml::node& n);
/// `"32 t"` for strings (the quotes say it all), `an integer 7` for the rest.
std::string describe_value(const toml::node& n);

/// Every key of the table is in `keys`; `noun` is "key" or "commodity".
void check_keys(context& cx, const table_ref& tr, schema::key_list keys,
                std::string_view noun = "key");
void missing(context& cx, const table_ref& tr, std::string_view key, std::string_view expected);

std::optional<std::string> read_string(context& cx, const table_ref& tr, std::string_view key,
                                       bool required);
std::optional<std::int64_t> read_int(context& cx, const table_ref& tr, std::string_view key,
                                     std::int64_t lo, std::int64_t hi, bool required);
std::optional<double> read_real(context& cx, const table_ref& tr, std::string_view key, double lo,
                                double hi, bool required);
std::optional<bool> read_bool(context& cx, const table_ref& tr, std::string_view key);
/// A duration string, at least min_s.
std::optional<time_s> read_duration(context& cx, const table_ref& tr, std::string_view key,
                                    bool required, time_s min_s = 0);

using unit_parser = std::function<units::parsed(std::string_view)>;
/// A string with a unit, parsed by `parse`; a TOML integer is accepted when allow_int
/// (counts), otherwise reported as a value without a unit.
std::optional<std::int64_t> read_unit(context& cx, const table_ref& tr, std::string_view key,
                                      const unit_parser& parse, bool required,
                                      bool allow_int = false);
std::optional<std::int64_t> unit_value(context& cx, const toml::node& n, const std::string& field,
                                       const unit_parser& parse, bool allow_int);

/// One of `names`; an unknown word suggests the nearest.
std::optional<std::size_t> read_enum(context& cx, const table_ref& tr, std::string_view key,
                                     schema::key_list names, std::string_view noun, bool required);
std::optional<std::size_t> enum_value(context& cx, const toml::node& n, const std::string& field,
                                      schema::key_list names, std::string_view noun);
std::optional<commodity> read_commodity(context& cx, const table_ref& tr, std::string_view key,
                                        bool required);
std::optional<table_ref> read_table(context& cx, const table_ref& tr, std::string_view key,
                                    std::string_view example);

/// An id reference: the id must exist in `ids`; the error names the kind and the nearest id.
std::optional<std::uint32_t> resolve(context& cx, const id_table& ids, const toml::node& at,
                                     std::string_view id, const std::string& field);
std::optional<std::uint32_t> read_ref(context& cx, const table_ref& tr, std::string_view key,
                                      const id_table& ids, bool required);
/// "<id>" or ["<id>", ...]; non-empty.
std::optional<std::vector<std::uint32_t>> read_refs(context& cx, const table_ref& tr,
                                                    std::string_view key, const id_table& ids,
                                                    bool required);

}  // namespace cerco::load_detail
