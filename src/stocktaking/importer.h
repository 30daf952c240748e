// Importing Stocktaking entries from JSON Lines or CSV (docs/IMPORT_EXPORT.md), for the CLI
// (`wsis import`, as the system) and POST /api/v1/entries/import (as the moderator calling).
//
// Idempotent by external id: a row whose external id names no entry creates one; a row whose
// external id exists updates that entry (a new revision when the content differs); a row that
// matches its entry in every respect changes nothing. Every row is checked before anything is
// written: by default one bad row means nothing is written; with skip_invalid every valid
// row is written and every bad one reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "db/database.h"
#include "stocktaking/exchange_format.h"

namespace wsis::stocktaking {

struct ImportOptions {
  bool skip_invalid = false;
  std::int64_t actor_id = 0;  // recorded as the author of revisions, transitions, audit; 0: the system
  std::string ip;             // for the audit log (API imports)
  // Rows per write transaction: large enough that commits cost little, small enough that the
  // server's own writes wait at most a fraction of a second for the import's lock.
  std::size_t batch_size = 2000;
  // (phase, done, total): "reading" counts bytes, "writing" counts rows.
  std::function<void(std::string_view, std::size_t, std::size_t)> progress;
};

struct ImportReport {
  std::size_t records = 0;  // rows read from the file, valid or not
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::vector<RowError> errors;  // every bad row, in line order; skipped when skip_invalid
  bool rejected = false;         // nothing was written: errors without skip_invalid, or a bad header
};

// Errors only for the database (busy, internal): rows are reported in the ImportReport. Rows
// are written in batches of one transaction each; if the database fails part-way, the batches
// before stay written, and running the same import again completes it (it is idempotent).
Result<ImportReport> import_entries(db::Database& database, const Clock& clock, std::string_view data,
                                    ExchangeFormat format, const ImportOptions& options);

}  // namespace wsis::stocktaking
