// The row model that every import and export format shares (docs/IMPORT_EXPORT.md): one
// Stocktaking entry as an exchange row (external id, organisation, state, success story, the
// entry's content), its JSON Lines and CSV forms, and the reading of a whole file into
// validated rows with a line number, field and reason for each bad one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "stocktaking/entry.h"

namespace wsis::stocktaking {

enum class ExchangeFormat { jsonl, csv, xlsx, iati };

// "jsonl", "csv", "xlsx", "iati".
std::optional<ExchangeFormat> format_named(std::string_view name);
std::string_view format_name(ExchangeFormat format);
// By file name: .jsonl or .ndjson, .csv, .xlsx, .xml (IATI). Case-insensitive.
std::optional<ExchangeFormat> format_of_path(std::string_view path);
// The media type of an export ("text/csv; charset=utf-8", ...).
std::string_view media_type(ExchangeFormat format);
std::string_view file_extension(ExchangeFormat format);  // "jsonl", "csv", "xlsx", "xml"

struct OrganisationInput {
  std::string name;
  std::string stakeholder_type;
  std::string country;  // ISO alpha-3, upper case
};

struct ExchangeRow {
  std::size_t line = 0;  // where the row starts in the file it was read from; 0 for exports
  std::string external_id;
  OrganisationInput organisation;
  std::string state = "published";
  bool success_story = false;
  std::optional<std::int64_t> owner_id;  // import only: user ids are local to one instance
  EntryContent content;
};

// One bad row (or a bad file, line 0 or the header's line). `field` names the column (CSV) or
// the JSON path (JSON Lines) and is empty for the record as a whole; `code` selects the
// message "field.<code>" in data/messages/server.json.
struct RowError {
  std::size_t line = 0;
  std::string field;
  std::string code;
  MessageArgs args;
};

// The CSV columns in the order exports write them. Imports also accept `owner_id`, and
// ignore `regions` (derived from the countries).
const std::vector<std::string>& csv_columns();

// The JSON Lines form of a row: {"external_id", "state", "success_story", "organisation":
// {...}, then the content as content_to_json writes it, contact included}.
boost::json::object to_json_record(const ExchangeRow& row);
// The CSV form of a row, one value per csv_columns() entry. Lists are joined with ";", a ";"
// or "\" inside an item is escaped with "\".
std::vector<std::string> to_csv_fields(const ExchangeRow& row);

// How an error on a JSON path is named in `format`: the path itself for JSON Lines, the CSV
// column for CSV ("translations/fr/title" is title_fr, "contact/email" contact_email,
// "countries/3" countries).
std::string field_for(ExchangeFormat format, const std::string& json_path);

// Checks one record in the JSON Lines form (CSV records are converted to it first) with the
// same rules as the API (parse_entry_content, accounts::read_organisation). An empty string in
// an optional text field means "none", as an empty CSV cell does. Errors name JSON paths.
Result<ExchangeRow> read_record(boost::json::object record, int current_year);

struct ParsedRows {
  std::vector<ExchangeRow> rows;  // the valid rows, in file order
  std::vector<RowError> errors;   // in line order
  std::size_t records = 0;        // records read, valid or not
  bool fatal = false;             // the file as a whole cannot be read (a bad CSV header)
};

// Reads a whole JSON Lines or CSV file (a UTF-8 byte order mark at the start is skipped).
// A second row with an external id seen before is an error ("duplicate_id"). `progress` gets
// (bytes read, total bytes) now and then.
ParsedRows parse_rows(std::string_view data, ExchangeFormat format, int current_year,
                      const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace wsis::stocktaking
