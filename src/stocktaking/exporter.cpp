#include "stocktaking/exporter.h"

#include <unistd.h>

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "accounts/organisation_directory.h"
#include "stocktaking/csv.h"
#include "stocktaking/entry_store.h"
#include "stocktaking/xlsx.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

struct ExportedEntry {
  std::int64_t id = 0;
  std::int64_t updated_at = 0;
  ExchangeRow row;
};

using EntryVisitor = std::function<Result<void>(const ExportedEntry&)>;

// Every exported entry in id order, from one read snapshot: the visible revision of each (the
// published one if any, else the newest), as the import compares it.
class EntrySource {
 public:
  EntrySource(db::Database& database, const ExportOptions& options) : database_(database), options_(options) {}

  Result<void> open() {
    WSIS_ASSIGN(connection_, database_.connect());
    auto transaction = db::Transaction::begin(**connection_, db::TransactionMode::read);
    if (!transaction) return std::move(transaction).error();
    transaction_.emplace(std::move(transaction).value());
    WSIS_ASSIGN(prefix_, store::local_id_prefix(**connection_));
    auto s = (*connection_)->prepare(std::string("SELECT COUNT(*) FROM entries") + where());
    WSIS_ASSIGN(bool row, s->step());
    total_ = row ? static_cast<std::size_t>(s->int64(0)) : 0;
    return Ok{};
  }

  std::size_t total() const { return total_; }

  Result<std::size_t> each(const EntryVisitor& visit) {
    auto& c = **connection_;
    auto s = c.prepare(
        std::string("SELECT e.id, e.external_id, e.state, e.success_story, e.organisation_id, e.updated_at, r.content"
                    " FROM entries e JOIN entry_revisions r ON r.entry_id = e.id"
                    " AND r.number = COALESCE(e.published_revision, e.current_revision)") +
        where("e.") + " ORDER BY e.id");
    std::size_t written = 0;
    ExportedEntry entry;
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      entry.id = s->int64(0);
      entry.row.external_id = s->is_null(1) ? prefix_ + std::to_string(entry.id) : s->string(1);
      entry.row.state = s->string(2);
      entry.row.success_story = s->int64(3) != 0;
      std::int64_t organisation_id = s->int64(4);
      entry.updated_at = s->int64(5);
      boost::system::error_code ec;
      auto content = json::parse(s->text(6), ec);
      if (ec || !content.is_object())
        return make_error(ErrorCode::internal, "entry " + std::to_string(entry.id) + " has a malformed revision");
      entry.row.content = content_from_json(content.as_object());
      WSIS_ASSIGN(entry.row.organisation, organisation(c, organisation_id));
      WSIS_TRY(visit(entry));
      ++written;
      if (options_.progress && (written % 500 == 0 || written == total_)) options_.progress(written, total_);
    }
    return written;
  }

 private:
  std::string where(std::string_view alias = {}) const {
    return options_.all_states ? std::string() : " WHERE " + std::string(alias) + "state = 'published'";
  }

  Result<OrganisationInput> organisation(db::Connection& c, std::int64_t id) {
    if (auto it = organisations_.find(id); it != organisations_.end()) return it->second;
    WSIS_ASSIGN(auto found, accounts::find_organisation(c, id));
    if (!found) return make_error(ErrorCode::internal, "organisation " + std::to_string(id) + " is missing");
    OrganisationInput input{found->name, found->stakeholder_type, found->country};
    organisations_.emplace(id, input);
    return input;
  }

  db::Database& database_;
  const ExportOptions& options_;
  std::optional<db::PooledConnection> connection_;
  std::optional<db::Transaction> transaction_;
  std::string prefix_;
  std::size_t total_ = 0;
  std::unordered_map<std::int64_t, OrganisationInput> organisations_;
};

// JSON Lines, CSV or IATI, handed to `emit` in pieces of about a megabyte.
Result<std::size_t> write_text(EntrySource& source, const Clock& clock, const ExportOptions& options,
                               const std::function<Result<void>(std::string_view)>& emit) {
  std::string buffer;
  auto flush_if_full = [&]() -> Result<void> {
    if (buffer.size() < (1u << 20)) return Ok{};
    WSIS_TRY(emit(buffer));
    buffer.clear();
    return Ok{};
  };
  if (options.format == ExchangeFormat::csv) csv::append_record(buffer, csv_columns());
  if (options.format == ExchangeFormat::iati) iati::begin(buffer, clock.now_ms());
  WSIS_ASSIGN(std::size_t count, source.each([&](const ExportedEntry& entry) -> Result<void> {
    switch (options.format) {
      case ExchangeFormat::jsonl:
        buffer += json::serialize(to_json_record(entry.row));
        buffer += '\n';
        break;
      case ExchangeFormat::csv:
        csv::append_record(buffer, to_csv_fields(entry.row));
        break;
      case ExchangeFormat::iati:
        iati::activity(buffer, options.publisher, entry.id, entry.updated_at, entry.row);
        break;
      case ExchangeFormat::xlsx:
        return make_error(ErrorCode::internal, "XLSX is not a text format");
    }
    return flush_if_full();
  }));
  if (options.format == ExchangeFormat::iati) iati::end(buffer);
  if (!buffer.empty()) WSIS_TRY(emit(buffer));
  return count;
}

Result<std::size_t> write_xlsx(EntrySource& source, const std::string& path) {
  const auto& columns = csv_columns();
  std::size_t year_column = 0;
  while (year_column < columns.size() && columns[year_column] != "reporting_year") ++year_column;
  WSIS_ASSIGN(auto sheet, XlsxSheet::create(path, "Entries", columns));
  std::vector<XlsxSheet::Cell> cells;
  WSIS_ASSIGN(std::size_t count, source.each([&](const ExportedEntry& entry) -> Result<void> {
    auto fields = to_csv_fields(entry.row);
    cells.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i == year_column)
        cells.emplace_back(static_cast<double>(entry.row.content.reporting_year));
      else
        cells.emplace_back(std::move(fields[i]));
    }
    return sheet->add_row(cells);
  }));
  WSIS_TRY(sheet->close());
  return count;
}

Result<EntrySource*> opened(EntrySource& source, const ExportOptions& options) {
  WSIS_TRY(source.open());
  if (options.format == ExchangeFormat::iati && source.total() == 0)
    return make_error(ErrorCode::conflict, "an IATI file needs at least one activity, and no entry is exported");
  return &source;
}

}  // namespace

Result<std::size_t> export_to_file(db::Database& database, const Clock& clock, const ExportOptions& options,
                                   const std::string& path) {
  EntrySource source(database, options);
  WSIS_TRY(opened(source, options));
  std::string partial = path + ".partial";
  auto fail = [&](Error error) -> Result<std::size_t> {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    return error;
  };
  Result<std::size_t> count = std::size_t{0};
  if (options.format == ExchangeFormat::xlsx) {
    count = write_xlsx(source, partial);
  } else {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return fail(make_error(ErrorCode::internal, "cannot write " + partial));
    count = write_text(source, clock, options, [&](std::string_view bytes) -> Result<void> {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) return make_error(ErrorCode::internal, "cannot write " + partial);
      return Ok{};
    });
    out.close();
    if (count && !out) count = make_error(ErrorCode::internal, "cannot write " + partial);
  }
  if (!count) return fail(std::move(count).error());
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return fail(make_error(ErrorCode::internal, "cannot rename " + partial + ": " + ec.message()));
  return count;
}

Result<std::string> export_to_string(db::Database& database, const Clock& clock, const ExportOptions& options) {
  if (options.format != ExchangeFormat::xlsx) {
    EntrySource source(database, options);
    WSIS_TRY(opened(source, options));
    std::string out;
    WSIS_TRY(write_text(source, clock, options, [&](std::string_view bytes) -> Result<void> {
      out.append(bytes);
      return Ok{};
    }));
    return out;
  }
  std::string directory = std::filesystem::temp_directory_path().string();
  std::string path = directory + "/wsis-export-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return make_error(ErrorCode::internal, "cannot create a temporary file in " + directory);
  ::close(fd);
  auto removed = [&](auto result) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return result;
  };
  auto count = export_to_file(database, clock, options, path);
  if (!count) return removed(Result<std::string>(std::move(count).error()));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return removed(Result<std::string>(make_error(ErrorCode::internal, "cannot read " + path)));
  return removed(Result<std::string>(std::move(bytes).str()));
}

}  // namespace wsis::stocktaking
