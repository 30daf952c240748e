#include "stocktaking/importer.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <unordered_map>

#include "accounts/accounts_service.h"
#include "accounts/organisation_directory.h"
#include "stocktaking/entry_store.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

int year_of(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm.tm_year + 1900;
}

std::string canonical(const EntryContent& content) { return json::serialize(content_to_json(content, true)); }

// The entry id in an external id of this instance's own form ("wsis:<instance>:<id>").
std::optional<std::int64_t> local_entry_id(std::string_view external_id, std::string_view prefix) {
  if (!external_id.starts_with(prefix)) return std::nullopt;
  auto digits = external_id.substr(prefix.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

// The entry a row names: by its external id, or, for an id of this instance's own form, the
// entry of that number if it has no external id of its own.
Result<std::optional<EntryRecord>> find_entry(db::Connection& connection, const std::string& external_id,
                                              const std::string& prefix) {
  WSIS_ASSIGN(auto record, store::find_record_by_external_id(connection, external_id));
  if (record) return record;
  if (auto id = local_entry_id(external_id, prefix)) {
    WSIS_ASSIGN(auto local, store::load_record(connection, *id));
    if (local && !local->external_id) return local;
  }
  return std::optional<EntryRecord>{};
}

using OrganisationsByName = std::unordered_map<std::string, accounts::OrganisationRef>;

// Every organisation by name (the first of each name, as find_organisation_by_name picks), in
// one pass through the directory: organisations have no index on their name, and a search per
// name of an import is a scan of the table each time (measured: 2 s of a 9 s re-import of
// 100,000 entries naming 6,784 organisations).
Result<OrganisationsByName> organisations_by_name(accounts::AccountsService& accounts) {
  OrganisationsByName out;
  std::optional<std::int64_t> after;
  do {
    WSIS_ASSIGN(auto page, accounts.list_organisations({}, after, 100));
    for (auto& o : page.items)
      out.emplace(o.name, accounts::OrganisationRef{o.id, o.name, o.stakeholder_type, o.country});
    after = page.next_after;
  } while (after);
  return out;
}

// Checks what only the database can tell: an organisation of the same name with another
// stakeholder type or country, an owner who is not a user, an id of this instance's own form
// that names no entry. The rows that fail move to `errors`.
Result<void> check_against_database(db::Database& database, accounts::AccountsService& accounts,
                                    const OrganisationsByName& directory, ExchangeFormat format, ParsedRows& parsed) {
  WSIS_ASSIGN(auto connection, database.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto prefix, store::local_id_prefix(*connection));
  // name -> the stakeholder type and country it has in the database, or first had in the file
  std::unordered_map<std::string, OrganisationInput> organisations;
  std::unordered_map<std::int64_t, bool> owners;

  std::vector<ExchangeRow> kept;
  kept.reserve(parsed.rows.size());
  std::vector<RowError> errors;
  for (auto& row : parsed.rows) {
    std::size_t before = errors.size();
    auto known = organisations.find(row.organisation.name);
    if (known == organisations.end()) {
      OrganisationInput values = row.organisation;
      if (auto existing = directory.find(row.organisation.name); existing != directory.end()) {
        values.stakeholder_type = existing->second.stakeholder_type;
        values.country = existing->second.country;
      }
      known = organisations.emplace(row.organisation.name, std::move(values)).first;
    }
    if (known->second.stakeholder_type != row.organisation.stakeholder_type)
      errors.push_back(RowError{row.line,
                                field_for(format, "organisation/stakeholder_type"),
                                "organisation_differs",
                                {{"existing", known->second.stakeholder_type}}});
    if (known->second.country != row.organisation.country)
      errors.push_back(RowError{row.line,
                                field_for(format, "organisation/country"),
                                "organisation_differs",
                                {{"existing", known->second.country}}});

    if (row.owner_id) {
      auto owner = owners.find(*row.owner_id);
      if (owner == owners.end()) {
        WSIS_ASSIGN(auto user, accounts.find_user(*row.owner_id));
        owner = owners.emplace(*row.owner_id, user.has_value()).first;
      }
      if (!owner->second) errors.push_back(RowError{row.line, "owner_id", "not_found", {}});
    }

    if (local_entry_id(row.external_id, prefix)) {
      WSIS_ASSIGN(auto entry, find_entry(*connection, row.external_id, prefix));
      // Ids of this form are made by our exports: one that names no entry is a mistake, and
      // a new entry must not take an id from this instance's own series.
      if (!entry) errors.push_back(RowError{row.line, "external_id", "not_found", {}});
    }

    if (errors.size() == before) kept.push_back(std::move(row));
  }
  parsed.rows = std::move(kept);
  if (!errors.empty()) {
    parsed.errors.insert(parsed.errors.end(), errors.begin(), errors.end());
    std::stable_sort(parsed.errors.begin(), parsed.errors.end(),
                     [](const RowError& a, const RowError& b) { return a.line < b.line; });
  }
  return Ok{};
}

// SQLite's page cache of one connection set to `kib` kibibytes for a while, then put back
// (the connection goes back to the pool, where a server keeps it).
constexpr int kImportCacheKiB = 128 * 1024;
class ScopedCacheSize {
 public:
  ScopedCacheSize(db::Connection& connection, int kib) : connection_(connection) {
    if (connection.dialect() != db::Dialect::sqlite) return;
    auto s = connection.prepare("PRAGMA cache_size");
    auto row = s->step();
    if (!row || !*row) return;
    previous_ = s->int64(0);
    active_ = connection.execute_script("PRAGMA cache_size = -" + std::to_string(kib)).ok();
  }
  ~ScopedCacheSize() {
    if (active_) (void)connection_.execute_script("PRAGMA cache_size = " + std::to_string(previous_));
  }
  ScopedCacheSize(const ScopedCacheSize&) = delete;
  ScopedCacheSize& operator=(const ScopedCacheSize&) = delete;

 private:
  db::Connection& connection_;
  std::int64_t previous_ = 0;
  bool active_ = false;
};

enum class RowOutcome { created, updated, unchanged };

class Writer {
 public:
  Writer(const ImportOptions& options, std::string prefix, std::int64_t now, OrganisationsByName organisations)
      : options_(options), prefix_(std::move(prefix)), now_(now), organisations_(std::move(organisations)) {}

  Result<RowOutcome> write(db::Connection& c, const ExchangeRow& row) {
    WSIS_ASSIGN(auto organisation, organisation_for(c, row.organisation));
    WSIS_ASSIGN(auto existing, find_entry(c, row.external_id, prefix_));
    if (!existing) {
      WSIS_TRY(create(c, row, organisation));
      return RowOutcome::created;
    }
    return update(c, row, organisation, *existing);
  }

 private:
  // The organisation of this name as the import started, or a new one. (One created by
  // someone else while the import runs is not looked for: that would be a scan of the table
  // per new name, and two organisations may share a name.)
  Result<accounts::OrganisationRef> organisation_for(db::Connection& c, const OrganisationInput& input) {
    if (auto it = organisations_.find(input.name); it != organisations_.end()) return it->second;
    WSIS_ASSIGN(auto ref, accounts::insert_organisation(c, input.name, input.stakeholder_type, input.country,
                                                        options_.actor_id, now_));
    organisations_.emplace(input.name, ref);
    return ref;
  }

  Result<void> create(db::Connection& c, const ExchangeRow& row, const accounts::OrganisationRef& organisation) {
    bool published = row.state == "published";
    auto insert = c.prepare(
        "INSERT INTO entries (external_id, organisation_id, owner_id, state, version, current_revision,"
        " published_revision, success_story, created_at, updated_at, published_at, entry_type, language, title,"
        " project_status, reporting_year, stakeholder_type)"
        " VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, '', '', '', '', 0, ?) RETURNING id");
    std::optional<std::int64_t> published_revision, published_at;
    if (published) {
      published_revision = 1;
      published_at = now_;
    }
    insert->bind(1, row.external_id);
    insert->bind(2, organisation.id);
    insert->bind(3, row.owner_id);
    insert->bind(4, row.state);
    insert->bind(5, published_revision);
    insert->bind(6, row.success_story);
    insert->bind(7, now_);
    insert->bind(8, now_);
    insert->bind(9, published_at);
    insert->bind(10, organisation.stakeholder_type);
    WSIS_ASSIGN(bool inserted, insert->step());
    if (!inserted) return make_error(ErrorCode::internal, "entry insert returned no id");
    std::int64_t id = insert->int64(0);
    WSIS_TRY(insert->run());
    WSIS_TRY(store::save_revision(c, id, 1, row.content, options_.actor_id, now_));
    WSIS_TRY(store::write_projection(c, id, row.content));
    WSIS_TRY(store::record_transition(c, id, "import", "", row.state, 1, options_.actor_id, now_, ""));
    EntryRecord record;
    record.id = id;
    record.status.state = row.state;
    record.version = 1;
    return store::announce(c, id, "create", record, options_.actor_id, now_, options_.ip);
  }

  Result<RowOutcome> update(db::Connection& c, const ExchangeRow& row, const accounts::OrganisationRef& organisation,
                            const EntryRecord& record) {
    // Exports write the visible revision (the published one if any, else the newest), so a
    // row is compared with that one: exporting and importing again changes nothing.
    std::int64_t visible = record.published_revision.value_or(record.current_revision);
    std::string incoming = canonical(row.content);
    WSIS_ASSIGN(bool same_content, same_as_revision(c, record.id, visible, incoming));
    bool same_owner = !row.owner_id || *row.owner_id == record.owner_id;
    if (same_content && same_owner && row.state == record.status.state &&
        row.success_story == record.status.success_story && organisation.id == record.organisation_id)
      return RowOutcome::unchanged;

    // Afterwards the newest revision holds the row's content, and it is the published one
    // when the row's state is published; a pending edit is superseded.
    std::int64_t current = record.current_revision;
    bool content_is_current = same_content;
    if (visible != current) {
      WSIS_ASSIGN(content_is_current, same_as_revision(c, record.id, current, incoming));
    }
    if (!content_is_current) {
      ++current;
      WSIS_TRY(store::save_revision(c, record.id, current, row.content, options_.actor_id, now_));
    }
    bool published = row.state == "published";
    auto s = c.prepare(
        "UPDATE entries SET state = ?, pending_state = NULL, pending_revision = NULL, success_story = ?,"
        " organisation_id = ?, stakeholder_type = ?, owner_id = COALESCE(?, owner_id), current_revision = ?,"
        " published_revision = ?, version = version + 1, updated_at = ?,"
        " published_at = CASE WHEN ? THEN COALESCE(published_at, ?) ELSE published_at END WHERE id = ?");
    s->bind(1, row.state);
    s->bind(2, row.success_story);
    s->bind(3, organisation.id);
    s->bind(4, organisation.stakeholder_type);
    s->bind(5, row.owner_id);
    s->bind(6, current);
    s->bind(7, published ? std::optional<std::int64_t>(current) : std::nullopt);
    s->bind(8, now_);
    s->bind(9, published);
    s->bind(10, now_);
    s->bind(11, record.id);
    WSIS_TRY(s->run());
    WSIS_TRY(store::write_projection(c, record.id, row.content));
    std::string from =
        record.status.state + (record.status.pending_state.empty() ? "" : "+" + record.status.pending_state);
    WSIS_TRY(store::record_transition(c, record.id, "import", from, row.state, current, options_.actor_id, now_, ""));
    EntryRecord after = record;
    after.status.state = row.state;
    after.version = record.version + 1;
    WSIS_TRY(store::announce(c, record.id, "update", after, options_.actor_id, now_, options_.ip));
    return RowOutcome::updated;
  }

  // Revisions are stored as canonical(content) (save_revision), so equal text means equal
  // content without parsing; a revision stored in an older form is parsed and compared.
  static Result<bool> same_as_revision(db::Connection& c, std::int64_t id, std::int64_t number,
                                       const std::string& incoming) {
    WSIS_ASSIGN(auto stored, store::load_content_text(c, id, number));
    if (stored == incoming) return true;
    WSIS_ASSIGN(auto content, store::load_content(c, id, number));
    return canonical(content) == incoming;
  }

  const ImportOptions& options_;
  std::string prefix_;
  std::int64_t now_;
  OrganisationsByName organisations_;
};

}  // namespace

Result<ImportReport> import_entries(db::Database& database, const Clock& clock, std::string_view data,
                                    ExchangeFormat format, const ImportOptions& options) {
  ImportReport report;
  if (format != ExchangeFormat::jsonl && format != ExchangeFormat::csv)
    return make_error(ErrorCode::unsupported_media_type, "imports read JSON Lines or CSV");
  std::function<void(std::size_t, std::size_t)> reading;
  if (options.progress)
    reading = [&](std::size_t done, std::size_t total) { options.progress("reading", done, total); };
  ParsedRows parsed = parse_rows(data, format, year_of(clock.now_ms()), reading);
  report.records = parsed.records;
  accounts::AccountsService accounts(database, clock);
  OrganisationsByName directory;
  if (!parsed.fatal && !parsed.rows.empty()) {
    WSIS_ASSIGN(directory, organisations_by_name(accounts));
    WSIS_TRY(check_against_database(database, accounts, directory, format, parsed));
  }
  report.errors = std::move(parsed.errors);
  if (parsed.fatal || (!report.errors.empty() && !options.skip_invalid)) {
    report.rejected = true;
    return report;
  }

  // One connection for every batch, with a page cache large enough for the indexes the
  // import updates all over (countries, targets, ...): with SQLite's default 2 MB, pages are
  // evicted and read back again and again (measured on 100,000 entries: half the system time,
  // 15% less in all).
  WSIS_ASSIGN(auto connection, database.connect());
  WSIS_ASSIGN(std::string prefix, store::local_id_prefix(*connection));
  ScopedCacheSize cache(*connection, kImportCacheKiB);
  Writer writer(options, prefix, clock.now_ms(), std::move(directory));
  const std::size_t total = parsed.rows.size();
  const std::size_t batch = std::max<std::size_t>(1, options.batch_size);
  for (std::size_t first = 0; first < total; first += batch) {
    std::size_t last = std::min(total, first + batch);
    ImportReport counts;
    auto written = [&]() -> Result<void> {
      WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::write));
      for (std::size_t i = first; i < last; ++i) {
        WSIS_ASSIGN(auto outcome, writer.write(*connection, parsed.rows[i]));
        if (outcome == RowOutcome::created)
          ++counts.created;
        else if (outcome == RowOutcome::updated)
          ++counts.updated;
        else
          ++counts.unchanged;
      }
      return transaction.commit();
    }();
    if (!written) {
      Error error = std::move(written).error();
      error.detail = "import stopped at line " + std::to_string(parsed.rows[first].line) + " after " +
                     std::to_string(report.created + report.updated + report.unchanged) + " rows: " + error.detail;
      return error;
    }
    report.created += counts.created;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    if (options.progress) options.progress("writing", last, total);
  }
  return report;
}

}  // namespace wsis::stocktaking
