#include "stocktaking/entries_service.h"

#include "accounts/organisation_directory.h"
#include "stocktaking/catalog.h"
#include "stocktaking/entry_store.h"

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <ctime>
#include <variant>

#include <spdlog/spdlog.h>

#include "core/json_input.h"
#include "core/language.h"
#include "core/random.h"
#include "db/change_feed.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::stocktaking {

using namespace store;

namespace {

// A collation key: bound as bytes so that every engine compares it bytewise.
struct Blob {
  std::string bytes;
};
using Bind = std::variant<std::int64_t, std::string, Blob>;

void bind_all(db::Statement& statement, const std::vector<Bind>& binds) {
  int index = 1;
  for (const auto& b : binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b)) statement.bind(index++, *n);
    else if (const auto* t = std::get_if<std::string>(&b)) statement.bind(index++, *t);
    else statement.bind_blob(index++, std::get<Blob>(b).bytes);
  }
}

// ---- who the caller is to an entry ------------------------------------------------------

bool is_moderator(const Actor& actor) { return actor.has(Role::moderator) || actor.has(Role::administrator); }

Standing standing_of(const std::optional<Actor>& actor, const EntryRecord& record) {
  Standing standing;
  if (!actor) return standing;
  standing.owner = actor->user_id == record.owner_id ||
                   (actor->has(Role::focal_point) && actor->organisation_id == record.organisation_id);
  standing.moderator = is_moderator(*actor);
  return standing;
}

bool privileged(const Standing& s) { return s.owner || s.moderator; }

Error not_found(std::int64_t id) { return make_error(ErrorCode::not_found, "no entry " + std::to_string(id)); }

Result<EntryView> view_of(db::Connection& connection, EntryRecord record, const std::optional<Actor>& actor) {
  EntryView view;
  view.privileged = privileged(standing_of(actor, record));
  // The public sees the published revision; those who may edit see the newest one.
  view.revision = view.privileged ? record.current_revision
                                  : record.published_revision.value_or(record.current_revision);
  WSIS_ASSIGN(view.content, load_content(connection, record.id, view.revision));
  WSIS_ASSIGN(view.open_call, latest_call_year(connection));
  view.record = std::move(record);
  return view;
}

bool visible_to(const std::optional<Actor>& actor, const EntryRecord& record) {
  return record.status.state == "published" || privileged(standing_of(actor, record));
}

}  // namespace

EntriesService::EntriesService(db::Database& database, const Clock& clock, EntryCatalog* catalog)
    : database_(database), clock_(clock), catalog_(catalog) {}

void EntriesService::after_write() {
  if (!catalog_) return;
  if (auto result = catalog_->catch_up(); !result)
    spdlog::warn("catalog did not follow a write: {}", result.error().detail);
}

bool EntriesService::catalog_answers(const std::optional<Actor>& actor, const EntryFilter& filter) const {
  bool moderator = actor && is_moderator(*actor);
  // The catalog holds the published versions only: other states and pending revisions are SQL's.
  return catalog_ && !filter.mine && ((filter.states.empty() && !filter.pending) || !moderator);
}

int EntriesService::current_year() const {
  std::time_t seconds = static_cast<std::time_t>(clock_.now_ms() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm.tm_year + 1900;
}

Result<EntryView> EntriesService::create(const Actor& actor, EntryContent content, std::optional<std::string> external_id) {
  if (actor.organisation_id == 0)
    return make_error(ErrorCode::forbidden, "an entry belongs to an organisation: join or create one first");
  auto result = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<EntryView> {
    WSIS_ASSIGN(auto organisation, accounts::find_organisation(c, actor.organisation_id));
    if (!organisation) return make_error(ErrorCode::forbidden, "the caller's organisation does not exist");
    std::int64_t now = clock_.now_ms();
    auto insert = c.prepare(
        "INSERT INTO entries (external_id, organisation_id, owner_id, state, version, current_revision, created_at,"
        " updated_at, entry_type, language, title, project_status, reporting_year, stakeholder_type)"
        " VALUES (?, ?, ?, 'draft', 1, 1, ?, ?, '', '', '', '', 0, ?) RETURNING id");
    insert->bind(1, external_id);
    insert->bind(2, actor.organisation_id);
    // The system (imports, the demo) owns no entry: user 0 is not a user.
    if (actor.user_id) insert->bind(3, actor.user_id); else insert->bind_null(3);
    insert->bind(4, now);
    insert->bind(5, now);
    insert->bind(6, organisation->stakeholder_type);
    auto row = insert->step();
    if (!row) {
      if (row.error().code == ErrorCode::conflict && external_id)
        return make_error(ErrorCode::conflict, "an entry with this external id exists");
      return std::move(row).error();
    }
    std::int64_t id = insert->int64(0);
    WSIS_TRY(insert->run());
    WSIS_TRY(save_revision(c, id, 1, content, actor.user_id, now));
    WSIS_TRY(write_projection(c, id, content));
    WSIS_ASSIGN(auto record, load_record(c, id));
    WSIS_TRY(record_transition(c, id, "create", "", "draft", 1, actor.user_id, now, ""));
    WSIS_TRY(announce(c, id, "create", *record, actor.user_id, now));
    return view_of(c, std::move(*record), actor);
  });
  if (result) after_write();
  return result;
}

Result<EntryView> EntriesService::get(const std::optional<Actor>& actor, std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto record, load_record(*connection, id));
  // An entry the caller may not see does not exist for them: 404, not 403.
  if (!record || !visible_to(actor, *record)) return not_found(id);
  return view_of(*connection, std::move(*record), actor);
}

namespace {

// The version of a published entry (nullopt: not published); the open call is the caller's.
Result<std::optional<EntriesService::PublicStamp>> read_public_stamp(db::Connection& connection, std::int64_t id,
                                                                     int open_call) {
  auto s = connection.prepare("SELECT version FROM entries WHERE id = ? AND state = 'published'");
  s->bind(1, id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<EntriesService::PublicStamp>{};
  return std::optional<EntriesService::PublicStamp>({s->int64(0), open_call});
}

}  // namespace

Result<std::optional<EntriesService::PublicStamp>> EntriesService::public_stamp(std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto call, latest_call_year(*connection));
  return read_public_stamp(*connection, id, call.value_or(0));
}

Result<std::optional<EntriesService::PublicPage>> EntriesService::public_page(const EntryFilter& filter, SortOrder sort,
                                                                            std::string_view lang,
                                                                            const std::optional<json::object>& after,
                                                                            int limit) {
  if (!catalog_answers(std::nullopt, filter)) return std::optional<PublicPage>{};
  catalog_->refresh_if_stale();
  PublicPage page;
  WSIS_ASSIGN(auto ids, catalog_->page(filter, sort, lang, after, limit, page.next_position));
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto call, latest_call_year(*connection));
  for (auto id : ids) {
    WSIS_ASSIGN(auto stamp, read_public_stamp(*connection, id, call.value_or(0)));
    // Unpublished since the catalog last looked: left out rather than shown (as list() does).
    if (stamp) page.entries.emplace_back(id, *stamp);
  }
  return std::optional<PublicPage>(std::move(page));
}

Result<EntryView> EntriesService::update(const Actor& actor, std::int64_t id, std::int64_t expected_version,
                                         EntryContent content) {
  auto result = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<EntryView> {
    WSIS_ASSIGN(auto record, load_record(c, id));
    if (!record || !visible_to(actor, *record)) return not_found(id);
    auto standing = standing_of(actor, *record);
    if (!privileged(standing)) return make_error(ErrorCode::forbidden, "only the owner or a moderator edits an entry");
    if (record->version != expected_version)
      return make_error(ErrorCode::precondition_failed, "entry changed since it was read");
    auto rule = edit_rule(record->status);
    if (!rule.allowed) return make_error(ErrorCode::conflict, "a " + record->status.state + " entry cannot be edited");

    std::int64_t now = clock_.now_ms();
    std::int64_t number = record->current_revision + 1;
    WSIS_TRY(save_revision(c, id, number, content, actor.user_id, now));
    WSIS_ASSIGN(auto call_year, latest_call_year(c));
    if (rule.creates_pending) {
      // The published revision stays visible; this one waits for a moderator.
      auto s = c.prepare(
          "UPDATE entries SET current_revision = ?, pending_revision = ?, pending_state = 'pending',"
          " version = version + 1, updated_at = ? WHERE id = ?");
      s->bind_all(number, number, now, id);
      WSIS_TRY(s->run());
      // Published -> published+pending (or from +returned) is a workflow step like the others:
      // the history must say who sent the revision the moderator is asked to accept, and when.
      if (record->status.pending_state != "pending") {
        std::string from =
            "published" + (record->status.pending_state.empty() ? "" : "+" + record->status.pending_state);
        WSIS_TRY(record_transition(c, id, "edit", from, "published+pending", number, actor.user_id, now, ""));
      }
    } else {
      auto s = c.prepare("UPDATE entries SET current_revision = ?, version = version + 1, updated_at = ? WHERE id = ?");
      s->bind_all(number, now, id);
      WSIS_TRY(s->run());
      WSIS_TRY(write_projection(c, id, content));
    }
    if (call_year && standing.owner) {
      // Editing during a call for updates answers it.
      auto s = c.prepare("UPDATE entries SET last_confirmed_year = ?, inactive = 0 WHERE id = ?");
      s->bind_all(static_cast<std::int64_t>(*call_year), id);
      WSIS_TRY(s->run());
    }
    WSIS_ASSIGN(auto updated, load_record(c, id));
    WSIS_TRY(announce(c, id, "update", *updated, actor.user_id, now));
    return view_of(c, std::move(*updated), actor);
  });
  if (result) after_write();
  return result;
}

Result<EntryView> EntriesService::act(const Actor& actor, std::int64_t id, std::optional<std::int64_t> expected_version,
                                      std::string_view action, std::string comment) {
  auto result = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<EntryView> {
    WSIS_ASSIGN(auto record, load_record(c, id));
    if (!record || !visible_to(actor, *record)) return not_found(id);
    auto standing = standing_of(actor, *record);
    WSIS_ASSIGN(auto outcome, apply_action(record->status, action, standing, comment));
    if (expected_version && record->version != *expected_version)
      return make_error(ErrorCode::precondition_failed, "entry changed since it was read");
    std::int64_t now = clock_.now_ms();

    std::optional<std::int64_t> published_revision = record->published_revision;
    std::optional<std::int64_t> pending_revision = record->pending_revision;
    if (outcome.publish_current) published_revision = record->current_revision;
    if (outcome.publish_pending) {
      published_revision = pending_revision;
      pending_revision.reset();
    }
    if (outcome.clear_pending) pending_revision.reset();

    auto s = c.prepare(
        "UPDATE entries SET state = ?, pending_state = ?, success_story = ?, published_revision = ?,"
        " pending_revision = ?, version = version + 1, updated_at = ?,"
        " published_at = CASE WHEN ? THEN ? ELSE published_at END WHERE id = ?");
    s->bind(1, outcome.after.state);
    if (outcome.after.pending_state.empty()) s->bind_null(2); else s->bind(2, outcome.after.pending_state);
    s->bind(3, outcome.after.success_story);
    s->bind(4, published_revision);
    s->bind(5, pending_revision);
    s->bind(6, now);
    s->bind(7, outcome.publish_current || outcome.publish_pending);
    s->bind(8, now);
    s->bind(9, id);
    WSIS_TRY(s->run());

    if (outcome.publish_current || outcome.publish_pending) {
      WSIS_ASSIGN(auto content, load_content(c, id, *published_revision));
      WSIS_TRY(write_projection(c, id, content));
    }
    if (action == "confirm") {
      WSIS_ASSIGN(auto call_year, latest_call_year(c));
      if (!call_year) return make_error(ErrorCode::conflict, "no call for updates is open");
      auto confirm = c.prepare("UPDATE entries SET last_confirmed_year = ?, inactive = 0 WHERE id = ?");
      confirm->bind_all(static_cast<std::int64_t>(*call_year), id);
      WSIS_TRY(confirm->run());
    }
    std::string to_state = outcome.after.state + (outcome.after.pending_state.empty() ? "" : "+" + outcome.after.pending_state);
    std::string from_state = record->status.state + (record->status.pending_state.empty() ? "" : "+" + record->status.pending_state);
    WSIS_TRY(record_transition(c, id, action, from_state, to_state, record->current_revision, actor.user_id, now, comment));
    WSIS_ASSIGN(auto updated, load_record(c, id));
    WSIS_TRY(announce(c, id, action, *updated, actor.user_id, now));
    return view_of(c, std::move(*updated), actor);
  });
  if (result) after_write();
  return result;
}

Result<std::vector<Revision>> EntriesService::revisions(const std::optional<Actor>& actor, std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto record, load_record(*connection, id));
  if (!record || !visible_to(actor, *record)) return not_found(id);
  if (!privileged(standing_of(actor, *record)))
    return make_error(actor ? ErrorCode::forbidden : ErrorCode::unauthorized,
                      "the revision history is for the owner and moderators");
  auto s = connection->prepare(
      "SELECT number, COALESCE(created_by, 0), created_at, content FROM entry_revisions WHERE entry_id = ? ORDER BY number");
  s->bind(1, id);
  std::vector<Revision> out;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    Revision revision;
    revision.number = s->int64(0);
    revision.created_by = s->int64(1);
    revision.created_at = s->int64(2);
    boost::system::error_code ec;
    auto value = json::parse(s->text(3), ec);
    if (!ec && value.is_object()) revision.content = content_from_json(value.as_object());
    out.push_back(std::move(revision));
  }
  return out;
}

Result<std::vector<TransitionRecord>> EntriesService::history(const std::optional<Actor>& actor, std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto record, load_record(*connection, id));
  if (!record || !visible_to(actor, *record)) return not_found(id);
  if (!privileged(standing_of(actor, *record)))
    return make_error(actor ? ErrorCode::forbidden : ErrorCode::unauthorized,
                      "the workflow history is for the owner and moderators");
  auto s = connection->prepare(
      "SELECT id, action, from_state, to_state, revision, COALESCE(actor_id, 0), at_ms, comment FROM entry_transitions"
      " WHERE entry_id = ? ORDER BY id");
  s->bind(1, id);
  std::vector<TransitionRecord> out;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    out.push_back(TransitionRecord{s->int64(0), s->string(1), s->string(2), s->string(3), s->int64(4), s->int64(5),
                                   s->int64(6), s->string(7)});
  }
  return out;
}

// ---- lists and facets ------------------------------------------------------------------------

namespace {

struct Where {
  std::string sql;
  std::vector<Bind> binds;
};

void add_in(Where& w, std::string_view column, const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.sql += " AND " + std::string(column) + " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    w.sql += i ? ",?" : "?";
    w.binds.emplace_back(values[i]);
  }
  w.sql += ")";
}

void add_in_int(Where& w, std::string_view column, const std::vector<int>& values) {
  if (values.empty()) return;
  w.sql += " AND " + std::string(column) + " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    w.sql += i ? ",?" : "?";
    w.binds.emplace_back(static_cast<std::int64_t>(values[i]));
  }
  w.sql += ")";
}

template <typename Values>
void add_exists(Where& w, std::string_view table, std::string_view column, const Values& values) {
  if (values.empty()) return;
  w.sql += " AND EXISTS (SELECT 1 FROM " + std::string(table) + " x WHERE x.entry_id = e.id AND x." +
           std::string(column) + " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    w.sql += i ? ",?" : "?";
    if constexpr (std::is_same_v<typename Values::value_type, int>) w.binds.emplace_back(static_cast<std::int64_t>(values[i]));
    else w.binds.emplace_back(values[i]);
  }
  w.sql += "))";
}

// The WHERE clause for a caller and filter; `skip` names a facet whose own filter is left out,
// so that its counts show the alternatives (disjunctive faceting).
Result<Where> build_where(const std::optional<Actor>& actor, const EntryFilter& f, std::string_view skip = {}) {
  Where w;
  w.sql = " WHERE 1=1";
  bool moderator = actor && is_moderator(*actor);
  if (f.mine) {
    if (!actor) return make_error(ErrorCode::unauthorized, "mine=true needs a logged-in caller");
    if (actor->has(Role::focal_point)) {
      w.sql += " AND (e.owner_id = ? OR e.organisation_id = ?)";
      w.binds.emplace_back(actor->user_id);
      w.binds.emplace_back(actor->organisation_id);
    } else {
      w.sql += " AND e.owner_id = ?";
      w.binds.emplace_back(actor->user_id);
    }
    if (skip != "state") add_in(w, "e.state", f.states);
  } else if (moderator && !f.states.empty()) {
    if (skip != "state") add_in(w, "e.state", f.states);
  } else {
    // The public, and moderators who did not ask for other states, see published entries.
    w.sql += " AND e.state = 'published'";
  }
  if (f.pending && (moderator || f.mine))
    w.sql += *f.pending ? " AND e.pending_state = 'pending'" : " AND (e.pending_state IS NULL OR e.pending_state <> 'pending')";
  if (skip != "action_line") add_exists(w, "entry_action_lines", "code", f.action_lines);
  if (skip != "sdg") add_exists(w, "entry_goals", "goal", f.goals);
  if (skip != "target") add_exists(w, "entry_targets", "target", f.targets);
  if (skip != "country") add_exists(w, "entry_countries", "iso3", f.countries);
  if (skip != "region") add_exists(w, "entry_countries", "region", f.regions);
  if (skip != "stakeholder_type") add_in(w, "e.stakeholder_type", f.stakeholder_types);
  if (skip != "language") add_in(w, "e.language", f.languages);
  if (skip != "status") add_in(w, "e.project_status", f.project_statuses);
  if (skip != "type") add_in(w, "e.entry_type", f.entry_types);
  if (skip != "year") add_in_int(w, "e.reporting_year", f.years);
  if (f.organisation_id) {
    w.sql += " AND e.organisation_id = ?";
    w.binds.emplace_back(*f.organisation_id);
  }
  if (f.success_story && skip != "success_story") {
    w.sql += " AND e.success_story = ?";
    w.binds.emplace_back(static_cast<std::int64_t>(*f.success_story ? 1 : 0));
  }
  return w;
}

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : bytes) {
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

Error bad_cursor() {
  FieldErrors errors;
  errors.add("cursor", "invalid_cursor");
  return errors.to_error(ErrorCode::invalid_query);
}

}  // namespace

Result<EntryPage> EntriesService::list(const std::optional<Actor>& actor, const EntryFilter& filter, SortOrder sort,
                                       std::string_view lang, const std::optional<json::object>& after, int limit) {
  if (catalog_answers(actor, filter)) {
    catalog_->refresh_if_stale();
    EntryPage page;
    WSIS_ASSIGN(auto ids, catalog_->page(filter, sort, lang, after, limit, page.next_position));
    WSIS_ASSIGN(auto connection, database_.connect());
    WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
    for (auto id : ids) {
      WSIS_ASSIGN(auto record, load_record(*connection, id));
      // Unpublished since the catalog last looked: left out rather than shown.
      if (!record || record->status.state != "published") continue;
      WSIS_ASSIGN(auto view, view_of(*connection, std::move(*record), actor));
      page.items.push_back(std::move(view));
    }
    return page;
  }
  WSIS_ASSIGN(auto where, build_where(actor, filter));
  bool published_only = where.sql.find("e.state = 'published'") != std::string::npos;
  std::string key_column = "e.title_key_" + std::string(kLanguages[language_index(lang)]);
  std::string date_column = published_only ? "e.published_at" : "e.updated_at";

  std::string sql = "SELECT e.id, " + (sort == SortOrder::title ? key_column : date_column) + " FROM entries e" + where.sql;
  if (after) {
    const auto& position = after;
    if (!position || !position->contains("i") || !position->at("i").is_int64() || !position->contains("k"))
      return bad_cursor();
    std::int64_t last_id = position->at("i").as_int64();
    if (sort == SortOrder::title) {
      if (!position->at("k").is_string()) return bad_cursor();
      std::string key_hex(position->at("k").as_string());
      std::string key;
      for (std::size_t i = 0; i + 1 < key_hex.size(); i += 2) {
        unsigned value = 0;
        auto [p, ec] = std::from_chars(key_hex.data() + i, key_hex.data() + i + 2, value, 16);
        if (ec != std::errc()) return bad_cursor();
        key += static_cast<char>(value);
      }
      sql += " AND (" + key_column + " > ? OR (" + key_column + " = ? AND e.id > ?))";
      where.binds.emplace_back(Blob{key});
      where.binds.emplace_back(Blob{key});
      where.binds.emplace_back(last_id);
    } else {
      if (!position->at("k").is_int64()) return bad_cursor();
      std::int64_t last_date = position->at("k").as_int64();
      sql += " AND (" + date_column + " < ? OR (" + date_column + " = ? AND e.id < ?))";
      where.binds.emplace_back(last_date);
      where.binds.emplace_back(last_date);
      where.binds.emplace_back(last_id);
    }
  }
  sql += sort == SortOrder::title ? " ORDER BY " + key_column + ", e.id" : " ORDER BY " + date_column + " DESC, e.id DESC";
  sql += " LIMIT ?";
  where.binds.emplace_back(static_cast<std::int64_t>(limit + 1));

  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  std::vector<std::pair<std::int64_t, Bind>> rows;
  {
    auto s = connection->prepare(sql);
    bind_all(*s, where.binds);
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      if (sort == SortOrder::title) rows.emplace_back(s->int64(0), Bind(std::string(s->text(1))));
      else rows.emplace_back(s->int64(0), Bind(s->is_null(1) ? std::int64_t{0} : s->int64(1)));
    }
  }
  EntryPage page;
  bool more = rows.size() > static_cast<std::size_t>(limit);
  if (more) rows.resize(static_cast<std::size_t>(limit));
  for (const auto& [id, key] : rows) {
    WSIS_ASSIGN(auto record, load_record(*connection, id));
    if (!record) continue;
    WSIS_ASSIGN(auto view, view_of(*connection, std::move(*record), actor));
    page.items.push_back(std::move(view));
  }
  if (more && !rows.empty()) {
    const auto& [id, key] = rows.back();
    json::object position{{"i", id}};
    if (std::holds_alternative<std::string>(key)) position["k"] = hex(std::get<std::string>(key));
    else position["k"] = std::get<std::int64_t>(key);
    page.next_position = std::move(position);
  }
  return page;
}

Result<FacetCounts> EntriesService::facets(const std::optional<Actor>& actor, const EntryFilter& filter) {
  if (catalog_answers(actor, filter)) {
    catalog_->refresh_if_stale();
    return catalog_->facets(filter);
  }
  struct Facet {
    std::string_view name;
    std::string_view value;  // the counted expression
    std::string_view from;
  };
  static constexpr Facet kFacets[] = {
      {"action_line", "x.code", " FROM entries e JOIN entry_action_lines x ON x.entry_id = e.id"},
      {"sdg", "x.goal", " FROM entries e JOIN entry_goals x ON x.entry_id = e.id"},
      {"target", "x.target", " FROM entries e JOIN entry_targets x ON x.entry_id = e.id"},
      {"country", "x.iso3", " FROM entries e JOIN entry_countries x ON x.entry_id = e.id"},
      {"region", "x.region", " FROM entries e JOIN entry_countries x ON x.entry_id = e.id"},
      {"stakeholder_type", "e.stakeholder_type", " FROM entries e"},
      {"language", "e.language", " FROM entries e"},
      {"status", "e.project_status", " FROM entries e"},
      {"type", "e.entry_type", " FROM entries e"},
      {"year", "e.reporting_year", " FROM entries e"},
      {"success_story", "CASE WHEN e.success_story = 1 THEN 'true' ELSE 'false' END", " FROM entries e"},
  };
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  FacetCounts counts;
  {
    WSIS_ASSIGN(auto where, build_where(actor, filter));
    auto s = connection->prepare("SELECT COUNT(*) FROM entries e" + where.sql);
    bind_all(*s, where.binds);
    WSIS_ASSIGN(bool row, s->step());
    counts.total = row ? s->int64(0) : 0;
  }
  for (const auto& facet : kFacets) {
    WSIS_ASSIGN(auto where, build_where(actor, filter, facet.name));
    std::string value(facet.value);
    std::string sql =
        "SELECT " + value + ", COUNT(DISTINCT e.id) AS n" + std::string(facet.from) + where.sql + " GROUP BY " + value;
    auto s = connection->prepare(sql);
    bind_all(*s, where.binds);
    auto& list = counts.facets[std::string(facet.name)];
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      list.emplace_back(std::string(s->text(0)), s->int64(1));
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  return counts;
}

Result<std::int64_t> EntriesService::open_update_call(const Actor& actor, int year) {
  if (!is_moderator(actor)) return make_error(ErrorCode::forbidden, "moderators open calls for updates");
  auto result = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<std::int64_t> {
    std::int64_t now = clock_.now_ms();
    std::vector<std::pair<int, std::int64_t>> previous;  // (year, opened_at), newest first
    {
      auto s = c.prepare("SELECT year, opened_at FROM update_calls ORDER BY year DESC LIMIT 2");
      while (true) {
        WSIS_ASSIGN(bool row, s->step());
        if (!row) break;
        previous.emplace_back(static_cast<int>(s->int64(0)), s->int64(1));
      }
    }
    if (!previous.empty() && previous.front().first >= year)
      return make_error(ErrorCode::conflict, "a call for " + std::to_string(previous.front().first) + " is already open");
    auto insert = c.prepare("INSERT INTO update_calls (year, opened_at, opened_by) VALUES (?, ?, ?)");
    insert->bind_all(static_cast<std::int64_t>(year), now, actor.user_id);
    WSIS_TRY(insert->run());
    std::int64_t marked = 0;
    if (previous.size() == 2) {
      // Published when the older call opened (so asked by both) and answered neither: inactive.
      // A draft is not asked, so creation time does not count; publication time (also that of
      // an accepted edit) does.
      const auto& older = previous[1];
      auto s = c.prepare(
          "UPDATE entries SET inactive = 1, version = version + 1 WHERE state = 'published' AND inactive = 0"
          " AND published_at < ? AND (last_confirmed_year IS NULL OR last_confirmed_year < ?)");
      s->bind_all(older.second, static_cast<std::int64_t>(older.first));
      WSIS_TRY(s->run());
      marked = s->changes();
    }
    WSIS_TRY(db::append_change(c, "update_call", std::to_string(year), "open",
                               json::serialize(json::object{{"inactive_marked", marked}}), now));
    db::AuditEvent event;
    event.actor_user_id = actor.user_id;
    event.action = "update_call.open";
    event.target_type = "update_call";
    event.target_id = std::to_string(year);
    event.at_ms = now;
    WSIS_TRY(db::append_audit(c, event));
    return marked;
  });
  if (result) after_write();
  return result;
}

}  // namespace wsis::stocktaking
