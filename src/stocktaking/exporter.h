// Exporting Stocktaking entries as JSON Lines, CSV, XLSX or IATI 2.03 activity XML
// (docs/IMPORT_EXPORT.md), for `wsis export` and GET /api/v1/entries/export (moderators).
// Entries come in the order of their ids and the columns in a fixed order, from one read
// snapshot, so an export of unchanged data is the same bytes every time (XLSX and IATI carry
// the time they were made), and export → import → export gives the same file back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"
#include "db/database.h"
#include "stocktaking/exchange_format.h"
#include "stocktaking/iati.h"

namespace wsis::stocktaking {

struct ExportOptions {
  ExchangeFormat format = ExchangeFormat::jsonl;
  // Every entry whatever its state; else only published ones. The caller checks the right.
  bool all_states = false;
  iati::Publisher publisher;
  // (entries written, entries in all)
  std::function<void(std::size_t, std::size_t)> progress;
};

// Writes the export to `path` (through a temporary file beside it, renamed at the end, so the
// path never holds half an export). Returns the number of entries. An IATI export of no entry
// is refused (conflict): the schema requires at least one activity.
Result<std::size_t> export_to_file(db::Database& database, const Clock& clock, const ExportOptions& options,
                                   const std::string& path);

// The export as bytes (the API). XLSX goes through a temporary file, removed afterwards.
Result<std::string> export_to_string(db::Database& database, const Clock& clock, const ExportOptions& options);

}  // namespace wsis::stocktaking
