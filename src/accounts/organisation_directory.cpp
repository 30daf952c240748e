#include "accounts/organisation_directory.h"

#include "db/change_feed.h"

namespace wsis::accounts {

namespace {
Result<std::optional<OrganisationRef>> read_one(db::StatementHandle& s) {
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<OrganisationRef>{};
  return std::optional<OrganisationRef>(OrganisationRef{s->int64(0), s->string(1), s->string(2), s->string(3)});
}
}  // namespace

Result<std::optional<OrganisationRef>> find_organisation(db::Connection& connection, std::int64_t id) {
  auto s = connection.prepare("SELECT id, name, stakeholder_type, country FROM organisations WHERE id = ?");
  s->bind(1, id);
  return read_one(s);
}

Result<std::optional<OrganisationRef>> find_organisation_by_name(db::Connection& connection, std::string_view name) {
  auto s = connection.prepare(
      "SELECT id, name, stakeholder_type, country FROM organisations WHERE name = ? ORDER BY id LIMIT 1");
  s->bind(1, name);
  return read_one(s);
}

Result<std::int64_t> insert_organisation_row(db::Connection& connection, std::string_view name,
                                             std::string_view stakeholder_type, std::string_view country,
                                             const std::optional<std::string>& website, std::int64_t now) {
  auto insert = connection.prepare(
      "INSERT INTO organisations (name, stakeholder_type, country, website, version, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id");
  insert->bind_all(name, stakeholder_type, country, website, now, now);
  WSIS_ASSIGN(bool row, insert->step());
  if (!row) return make_error(ErrorCode::internal, "organisation insert returned no id");
  std::int64_t id = insert->int64(0);
  WSIS_TRY(insert->run());
  WSIS_TRY(db::append_change(connection, "organisation", std::to_string(id), "create", "{}", now));
  return id;
}

Result<OrganisationRef> insert_organisation(db::Connection& connection, std::string_view name,
                                            std::string_view stakeholder_type, std::string_view country,
                                            std::int64_t actor_user_id, std::int64_t now) {
  WSIS_ASSIGN(std::int64_t id, insert_organisation_row(connection, name, stakeholder_type, country, std::nullopt, now));
  db::AuditEvent event;
  event.actor_user_id = actor_user_id;
  event.action = "organisation.create";
  event.target_type = "organisation";
  event.target_id = std::to_string(id);
  event.at_ms = now;
  WSIS_TRY(db::append_audit(connection, event));
  return OrganisationRef{id, std::string(name), std::string(stakeholder_type), std::string(country)};
}

}  // namespace wsis::accounts
