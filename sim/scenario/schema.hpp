#pragma once
/// The keys every table of the scenario format may hold. Validation checks each table
/// against its list (an unknown key suggests the nearest listed one) and --set overrides
/// walk the same lists, so a path is valid exactly when the same key in the file would be.
#include <span>
#include <string_view>

namespace cerco::schema {

using key_list = std::span<const std::string_view>;

/// What a key holds, for walking a --set path into tables the file does not have yet.
enum class shape : unsigned char { value, table, table_array, value_array };

/// Keys of a table kind: "" (the file), "scenario", "node", "node.stock", "node.reorder",
/// "node.reorder.*", "dist", "when", "action", ... Empty for an unknown kind.
key_list keys_of(std::string_view kind);
/// The kind of the table under `key` of a `kind` table ("node" + "stock" -> "node.stock").
std::string_view child_kind(std::string_view kind, std::string_view key);
shape shape_of(std::string_view kind, std::string_view key);

/// Per-action keys: "action" and the keys of that action kind; empty for unknown actions.
key_list action_keys(std::string_view action);
key_list action_names();
key_list measure_names();
key_list dist_names();
key_list dist_keys(std::string_view dist);
key_list commodity_keys();
key_list condition_keys();
key_list node_kinds();         ///< node_kind_names as string_views
key_list blockade_policies();  ///< blockade_policy_names as string_views

}  // namespace cerco::schema
