// Storage of entries, internal to the stocktaking module (the service, import and demo share
// it; other modules use entries_service.h). Every function runs on a connection inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.h"
#include "stocktaking/entries_service.h"

namespace wsis::stocktaking::store {

// The columns read_record expects, in order.
extern const std::string_view kRecordColumns;
EntryRecord read_record(db::Statement& statement);
Result<std::optional<EntryRecord>> load_record(db::Connection& connection, std::int64_t id);
Result<EntryContent> load_content(db::Connection& connection, std::int64_t id, std::int64_t number);
Result<void> save_revision(db::Connection& connection, std::int64_t id, std::int64_t number, const EntryContent& content,
                           std::int64_t actor_id, std::int64_t now);
// Makes the entries row and its link tables describe `content`, the entry's visible revision
// (the published one if there is one, else the newest), so lists filter and sort in SQL.
Result<void> write_projection(db::Connection& connection, std::int64_t id, const EntryContent& content);
Result<void> record_transition(db::Connection& connection, std::int64_t id, std::string_view action,
                               std::string_view from, std::string_view to, std::int64_t revision,
                               std::int64_t actor_id, std::int64_t now, std::string_view comment);
// The change feed row and the audit row of a write to an entry.
Result<void> announce(db::Connection& connection, std::int64_t id, std::string_view op, const EntryRecord& record,
                      std::int64_t actor_id, std::int64_t now, std::string_view ip = {});

// A revision's content as stored: the JSON text save_revision wrote (imports compare it with
// a row's content without parsing it).
Result<std::string> load_content_text(db::Connection& connection, std::int64_t id, std::int64_t number);

// The entry with this external id, if any (imports match rows to entries by it).
Result<std::optional<EntryRecord>> find_record_by_external_id(db::Connection& connection, std::string_view external_id);

// What exports put before the id of an entry created on this instance, which has no external
// id of its own: "wsis:<instance>:" (then the entry id). <instance> is the time, in base 36
// milliseconds, at which this database was created (its first migration), so that an import
// can tell its own entries from another instance's entries of the same number.
Result<std::string> local_id_prefix(db::Connection& connection);

// Inserts an entry row as it stands after a history written elsewhere (the demo generator):
// every column of `record` but `id`; owner_id 0 is stored as NULL. The content columns stay
// empty for write_projection to fill. Returns the new id.
Result<std::int64_t> insert_entry(db::Connection& connection, const EntryRecord& record);

// The year of the newest call for updates, if any.
Result<std::optional<int>> latest_call_year(db::Connection& connection);

// ICU collation key (primary strength) of a title in one of the six languages.
std::string title_sort_key(std::size_t lang_index, const std::string& title);
// The title shown to readers of `lang`: its translation if there is one.
const std::string& display_title(const EntryContent& content, std::string_view lang);

}  // namespace wsis::stocktaking::store
