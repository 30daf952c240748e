#include "stocktaking/entry_store.h"

#include <unicode/coll.h>
#include <unicode/unistr.h>

#include <boost/json.hpp>

#include "core/language.h"
#include "db/change_feed.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::stocktaking::store {

namespace {
// ICU collators are not safe to share between threads; one set per thread is cheap.
icu::Collator& collator_for(std::size_t lang_index) {
  thread_local std::array<std::unique_ptr<icu::Collator>, kLanguages.size()> collators;
  auto& collator = collators[lang_index];
  if (!collator) {
    UErrorCode status = U_ZERO_ERROR;
    collator.reset(icu::Collator::createInstance(icu::Locale(std::string(kLanguages[lang_index]).c_str()), status));
    // Primary strength: "école" sorts with "ecole"; the id breaks ties deterministically.
    collator->setStrength(icu::Collator::PRIMARY);
  }
  return *collator;
}

}  // namespace

std::string title_sort_key(std::size_t lang_index, const std::string& title) {
  auto text = icu::UnicodeString::fromUTF8(title);
  // The first 48 characters order any realistic list and keep the stored key small.
  if (text.length() > 48) text.truncate(48);
  auto& collator = collator_for(lang_index);
  uint8_t buffer[256];
  int32_t length = collator.getSortKey(text, buffer, sizeof buffer);
  if (length > static_cast<int32_t>(sizeof buffer)) length = sizeof buffer;
  // The key ends with a zero byte that adds nothing to comparisons.
  return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(std::max(0, length - 1)));
}

const std::string& display_title(const EntryContent& content, std::string_view lang) {
  for (const auto& t : content.translations)
    if (t.lang == lang) return t.title;
  return content.title;
}



const std::string_view kRecordColumns =
    "id, external_id, organisation_id, owner_id, state, COALESCE(pending_state, ''), success_story, version, "
    "current_revision, published_revision, pending_revision, created_at, updated_at, published_at, "
    "last_confirmed_year, inactive, stakeholder_type";

EntryRecord read_record(db::Statement& s) {
  EntryRecord r;
  r.id = s.int64(0);
  r.external_id = s.optional_string(1);
  r.organisation_id = s.int64(2);
  r.owner_id = s.is_null(3) ? 0 : s.int64(3);
  r.status.state = s.string(4);
  r.status.pending_state = s.string(5);
  r.status.success_story = s.int64(6) != 0;
  r.version = s.int64(7);
  r.current_revision = s.int64(8);
  r.published_revision = s.optional_int64(9);
  r.pending_revision = s.optional_int64(10);
  r.created_at = s.int64(11);
  r.updated_at = s.int64(12);
  r.published_at = s.optional_int64(13);
  if (!s.is_null(14)) r.last_confirmed_year = static_cast<int>(s.int64(14));
  r.inactive = s.int64(15) != 0;
  r.stakeholder_type = s.string(16);
  return r;
}

Result<std::optional<EntryRecord>> load_record(db::Connection& connection, std::int64_t id) {
  auto s = connection.prepare("SELECT " + std::string(kRecordColumns) + " FROM entries WHERE id = ?");
  s->bind(1, id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<EntryRecord>{};
  return std::optional<EntryRecord>(read_record(*s));
}

Result<EntryContent> load_content(db::Connection& connection, std::int64_t id, std::int64_t number) {
  auto s = connection.prepare("SELECT content FROM entry_revisions WHERE entry_id = ? AND number = ?");
  s->bind_all(id, number);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return make_error(ErrorCode::internal, "entry " + std::to_string(id) + " lacks revision " + std::to_string(number));
  boost::system::error_code ec;
  auto value = json::parse(s->text(0), ec);
  if (ec || !value.is_object()) return make_error(ErrorCode::internal, "stored revision is not a JSON object");
  return content_from_json(value.as_object());
}

Result<void> save_revision(db::Connection& connection, std::int64_t id, std::int64_t number, const EntryContent& content,
                           std::int64_t actor_id, std::int64_t now) {
  auto s = connection.prepare(
      "INSERT INTO entry_revisions (entry_id, number, content, created_by, created_at) VALUES (?, ?, ?, ?, ?)");
  s->bind_all(id, number, json::serialize(content_to_json(content, true)), actor_id, now);
  return s->run();
}

// Makes the entries row and link tables describe `content` (the visible revision).
Result<void> write_projection(db::Connection& connection, std::int64_t id, const EntryContent& content) {
  {
    auto s = connection.prepare(
        "UPDATE entries SET entry_type = ?, language = ?, title = ?, project_status = ?, reporting_year = ?,"
        " is_global = ?, title_key_ar = ?, title_key_en = ?, title_key_es = ?, title_key_fr = ?, title_key_ru = ?,"
        " title_key_zh = ? WHERE id = ?");
    s->bind_all(content.type, content.language, content.title, content.project_status,
                static_cast<std::int64_t>(content.reporting_year),
                static_cast<std::int64_t>(content.countries.size() == 1 && content.countries[0] == kGlobal));
    for (std::size_t lang = 0; lang < kLanguages.size(); ++lang)
      s->bind_blob(7 + static_cast<int>(lang), title_sort_key(lang, display_title(content, kLanguages[lang])));
    s->bind(13, id);
    WSIS_TRY(s->run());
  }
  for (auto table : {"entry_action_lines", "entry_countries", "entry_goals", "entry_targets"}) {
    auto s = connection.prepare("DELETE FROM " + std::string(table) + " WHERE entry_id = ?");
    s->bind(1, id);
    WSIS_TRY(s->run());
  }
  for (const auto& code : content.action_lines) {
    auto s = connection.prepare("INSERT INTO entry_action_lines (entry_id, code, is_primary) VALUES (?, ?, ?)");
    s->bind_all(id, code, code == content.primary_action_line);
    WSIS_TRY(s->run());
  }
  const auto& data = reference::ReferenceData::instance();
  for (const auto& iso3 : content.countries) {
    const auto* country = data.country(iso3);
    if (!country) continue;  // "global", or a code retired since
    auto s = connection.prepare("INSERT INTO entry_countries (entry_id, iso3, region) VALUES (?, ?, ?)");
    s->bind_all(id, iso3, country->region);
    WSIS_TRY(s->run());
  }
  for (int goal : content.sdg_goals) {
    auto s = connection.prepare("INSERT INTO entry_goals (entry_id, goal) VALUES (?, ?)");
    s->bind_all(id, static_cast<std::int64_t>(goal));
    WSIS_TRY(s->run());
  }
  for (const auto& target : content.sdg_targets) {
    auto s = connection.prepare("INSERT INTO entry_targets (entry_id, target) VALUES (?, ?)");
    s->bind_all(id, target);
    WSIS_TRY(s->run());
  }
  return Ok{};
}

Result<void> record_transition(db::Connection& connection, std::int64_t id, std::string_view action,
                               std::string_view from, std::string_view to, std::int64_t revision,
                               std::int64_t actor_id, std::int64_t now, std::string_view comment) {
  auto s = connection.prepare(
      "INSERT INTO entry_transitions (entry_id, action, from_state, to_state, revision, actor_id, at_ms, comment)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s->bind_all(id, action, from, to, revision, actor_id, now, comment);
  return s->run();
}

Result<void> announce(db::Connection& connection, std::int64_t id, std::string_view op, const EntryRecord& record,
                      std::int64_t actor_id, std::int64_t now, std::string_view ip) {
  json::object payload{{"state", record.status.state}, {"version", record.version}};
  WSIS_TRY(db::append_change(connection, "entry", std::to_string(id), op, json::serialize(payload), now));
  db::AuditEvent event;
  event.actor_user_id = actor_id;
  event.action = "entry." + std::string(op);
  event.target_type = "entry";
  event.target_id = std::to_string(id);
  event.ip = std::string(ip);
  event.at_ms = now;
  return db::append_audit(connection, event);
}

Result<std::string> load_content_text(db::Connection& connection, std::int64_t id, std::int64_t number) {
  auto s = connection.prepare("SELECT content FROM entry_revisions WHERE entry_id = ? AND number = ?");
  s->bind_all(id, number);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return make_error(ErrorCode::internal, "entry " + std::to_string(id) + " lacks revision " + std::to_string(number));
  return s->string(0);
}

Result<std::optional<EntryRecord>> find_record_by_external_id(db::Connection& connection, std::string_view external_id) {
  auto s = connection.prepare("SELECT " + std::string(kRecordColumns) + " FROM entries WHERE external_id = ?");
  s->bind(1, external_id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<EntryRecord>{};
  return std::optional<EntryRecord>(read_record(*s));
}

Result<std::string> local_id_prefix(db::Connection& connection) {
  // schema_migrations belongs to db/migrations.cpp; its first row is the database's birth.
  auto s = connection.prepare("SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1");
  WSIS_ASSIGN(bool row, s->step());
  std::uint64_t born = row && !s->is_null(0) ? static_cast<std::uint64_t>(s->int64(0)) : 0;
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[born % 36]);
    born /= 36;
  } while (born);
  return "wsis:" + digits + ":";
}

Result<std::int64_t> insert_entry(db::Connection& connection, const EntryRecord& r) {
  auto s = connection.prepare(
      "INSERT INTO entries (external_id, organisation_id, owner_id, state, version, current_revision,"
      " published_revision, pending_revision, pending_state, success_story, created_at, updated_at, published_at,"
      " last_confirmed_year, inactive, entry_type, language, title, project_status, reporting_year, stakeholder_type)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', 0, ?) RETURNING id");
  s->bind(1, r.external_id);
  s->bind(2, r.organisation_id);
  if (r.owner_id) s->bind(3, r.owner_id); else s->bind_null(3);
  s->bind(4, r.status.state);
  s->bind(5, r.version);
  s->bind(6, r.current_revision);
  s->bind(7, r.published_revision);
  s->bind(8, r.pending_revision);
  if (r.status.pending_state.empty()) s->bind_null(9); else s->bind(9, r.status.pending_state);
  s->bind(10, r.status.success_story);
  s->bind(11, r.created_at);
  s->bind(12, r.updated_at);
  s->bind(13, r.published_at);
  if (r.last_confirmed_year) s->bind(14, static_cast<std::int64_t>(*r.last_confirmed_year)); else s->bind_null(14);
  s->bind(15, r.inactive);
  s->bind(16, r.stakeholder_type);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return make_error(ErrorCode::internal, "entry insert returned no id");
  std::int64_t id = s->int64(0);
  WSIS_TRY(s->run());
  return id;
}

// The year of the newest call for updates, if any.
Result<std::optional<int>> latest_call_year(db::Connection& connection) {
  auto s = connection.prepare("SELECT MAX(year) FROM update_calls");
  WSIS_ASSIGN(bool row, s->step());
  if (!row || s->is_null(0)) return std::optional<int>{};
  return std::optional<int>(static_cast<int>(s->int64(0)));
}

}  // namespace wsis::stocktaking::store
