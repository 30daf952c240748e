// Organisations and their members. A user belongs to at most one organisation; its focal
// points edit it and manage its members.
#include <algorithm>
#include <boost/json/array.hpp>

#include "accounts/accounts_service.h"
#include "accounts/internal.h"
#include "accounts/organisation_directory.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::accounts {

using namespace detail;

namespace {

#define WSIS_ORGANISATION_COLUMNS "id, name, stakeholder_type, country, website, version, created_at, updated_at"

Organisation read_organisation(const db::Statement& s) {
  Organisation o;
  o.id = s.int64(0);
  o.name = s.string(1);
  o.stakeholder_type = s.string(2);
  o.country = s.string(3);
  o.website = s.optional_string(4);
  o.version = s.int64(5);
  o.created_at = s.int64(6);
  o.updated_at = s.int64(7);
  return o;
}

Result<std::optional<Organisation>> load_organisation(db::Connection& connection, std::int64_t id) {
  auto statement = connection.prepare("SELECT " WSIS_ORGANISATION_COLUMNS " FROM organisations WHERE id = ?");
  statement->bind_all(id);
  WSIS_ASSIGN(bool row, statement->step());
  if (!row) return std::optional<Organisation>{};
  return std::optional<Organisation>{read_organisation(*statement)};
}

Result<Organisation> existing_organisation(db::Connection& connection, std::int64_t id) {
  WSIS_ASSIGN(auto organisation, load_organisation(connection, id));
  if (!organisation) return not_found("no such organisation");
  return std::move(*organisation);
}

Result<std::int64_t> count(db::Connection& connection, std::string_view sql, std::int64_t id) {
  auto statement = connection.prepare(sql);
  statement->bind_all(id);
  WSIS_ASSIGN(bool row, statement->step());
  return row ? statement->int64(0) : 0;
}

// The same rules as forms.cpp, for callers that build the values by hand.
Result<void> check_codes(const std::optional<std::string>& stakeholder_type, const std::optional<std::string>& country,
                         const std::optional<std::string>& website) {
  const auto& reference = reference::ReferenceData::instance();
  FieldErrors errors;
  if (stakeholder_type && !reference.is_stakeholder_type(*stakeholder_type))
    errors.add("stakeholder_type", "unknown_code", {{"code", *stakeholder_type}});
  if (country && !reference.country(*country)) errors.add("country", "unknown_code", {{"code", *country}});
  if (website && !is_valid_website(*website)) errors.add("website", "invalid_url");
  if (!errors.empty()) return errors.to_error();
  return Ok{};
}

// 404 before any permission check, on a connection of its own (the writes check again in
// their transaction).
Result<void> organisation_exists(db::Database& database, std::int64_t id) {
  WSIS_ASSIGN(auto connection, database.connect());
  WSIS_TRY(existing_organisation(*connection, id));
  return {};
}

json::object membership_payload(std::int64_t user_id, bool focal_point) {
  return {{"user_id", user_id}, {"focal_point", focal_point}};
}

}  // namespace

Result<Page<Organisation>> AccountsService::list_organisations(const OrganisationFilter& filter,
                                                               std::optional<std::int64_t> after, int limit) {
  limit = std::clamp(limit, 1, 100);
  std::string sql = "SELECT " WSIS_ORGANISATION_COLUMNS " FROM organisations WHERE id > ?";
  if (filter.country) sql += " AND country = ?";
  if (filter.stakeholder_type) sql += " AND stakeholder_type = ?";
  sql += " ORDER BY id LIMIT ?";
  WSIS_ASSIGN(auto connection, database_.connect());
  auto statement = connection->prepare(sql);
  int index = 1;
  statement->bind(index++, after.value_or(0));
  if (filter.country) statement->bind(index++, *filter.country);
  if (filter.stakeholder_type) statement->bind(index++, *filter.stakeholder_type);
  statement->bind(index, static_cast<std::int64_t>(limit) + 1);
  Page<Organisation> page;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    page.items.push_back(read_organisation(*statement));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

Result<Organisation> AccountsService::get_organisation(std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  return existing_organisation(*connection, id);
}

Result<Organisation> AccountsService::create_organisation(const Caller& caller, const OrganisationForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_TRY(check_codes(form.stakeholder_type, form.country, form.website));
  if (form.name.empty()) {
    FieldErrors errors;
    errors.add("name", "empty");
    return errors.to_error();
  }
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Organisation> {
    // Read again inside the transaction: the actor was built before it began.
    WSIS_ASSIGN(auto user, load_user(c, actor.user_id));
    if (!user) return make_error(ErrorCode::unauthorized, "the caller's account no longer exists");
    if (user->organisation_id) return make_error(ErrorCode::conflict, "the caller already belongs to an organisation");
    std::int64_t now = clock_.now_ms();
    Organisation organisation;
    WSIS_ASSIGN(organisation.id,
                insert_organisation_row(c, form.name, form.stakeholder_type, form.country, form.website, now));
    auto join = c.prepare("UPDATE users SET organisation_id = ?, focal_point = 1, updated_at = ? WHERE id = ?");
    join->bind_all(organisation.id, now, actor.user_id);
    WSIS_TRY(join->run());
    std::string id = std::to_string(organisation.id);
    WSIS_TRY(
        db::append_change(c, "organisation", id, "member_add", to_json(membership_payload(actor.user_id, true)), now));
    WSIS_TRY(db::append_audit(
        c, audit_event(caller, "organisation.create", "organisation", id, to_json({{"name", form.name}}))));
    WSIS_ASSIGN(organisation, existing_organisation(c, organisation.id));
    return organisation;
  });
}

Result<Organisation> AccountsService::update_organisation(const Caller& caller, std::int64_t id,
                                                          const ExpectedVersion& expected,
                                                          const OrganisationPatch& patch) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  {
    WSIS_ASSIGN(auto connection, database_.connect());
    WSIS_TRY(existing_organisation(*connection, id));
  }
  if (!may_manage(actor, id)) return forbidden("only the organisation's focal point or an administrator may edit it");
  if (!expected.given) return make_error(ErrorCode::precondition_required, "If-Match required");
  std::optional<std::string> website = patch.website ? *patch.website : std::nullopt;
  WSIS_TRY(check_codes(patch.stakeholder_type, patch.country, website));
  if (patch.name && patch.name->empty()) {
    FieldErrors errors;
    errors.add("name", "empty");
    return errors.to_error();
  }
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Organisation> {
    WSIS_ASSIGN(Organisation current, existing_organisation(c, id));
    WSIS_ASSIGN(Actor fresh, fresh_actor(c, actor));
    if (!may_manage(fresh, id)) return forbidden("only the organisation's focal point or an administrator may edit it");
    if (std::find(expected.versions.begin(), expected.versions.end(), current.version) == expected.versions.end())
      return make_error(ErrorCode::precondition_failed, "organisation changed since it was read");
    Organisation next = current;
    json::array changed;
    auto apply = [&](auto& field, const auto& value, std::string_view name) {
      if (value && *value != field) {
        field = *value;
        changed.emplace_back(name);
      }
    };
    apply(next.name, patch.name, "name");
    apply(next.stakeholder_type, patch.stakeholder_type, "stakeholder_type");
    apply(next.country, patch.country, "country");
    apply(next.website, patch.website, "website");
    if (changed.empty()) return current;
    std::int64_t now = clock_.now_ms();
    auto update = c.prepare(
        "UPDATE organisations SET name = ?, stakeholder_type = ?, country = ?, website = ?, version = version + 1,"
        " updated_at = ? WHERE id = ? AND version = ?");
    update->bind_all(next.name, next.stakeholder_type, next.country, next.website, now, id, current.version);
    WSIS_TRY(update->run());
    if (update->changes() != 1) return make_error(ErrorCode::precondition_failed, "organisation changed meanwhile");
    WSIS_TRY(db::append_change(c, "organisation", std::to_string(id), "update", "{}", now));
    WSIS_TRY(db::append_audit(c, audit_event(caller, "organisation.update", "organisation", std::to_string(id),
                                             to_json({{"fields", changed}}))));
    return existing_organisation(c, id);
  });
}

Result<std::vector<Member>> AccountsService::list_members(const Caller& caller, std::int64_t organisation_id) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_TRY(existing_organisation(*connection, organisation_id));
  if (!may_manage(actor, organisation_id) && !actor.has(Role::moderator))
    return forbidden("only the organisation's focal point, moderators and administrators see its members");
  auto statement = connection->prepare(
      "SELECT id, email, display_name, focal_point FROM users WHERE organisation_id = ? ORDER BY id LIMIT ?");
  statement->bind_all(organisation_id, static_cast<std::int64_t>(options_.max_members_per_organisation));
  std::vector<Member> members;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    members.push_back(
        Member{statement->int64(0), statement->string(1), statement->string(2), statement->int64(3) != 0});
  }
  return members;
}

Result<Member> AccountsService::add_member(const Caller& caller, std::int64_t organisation_id, const MemberForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_TRY(organisation_exists(database_, organisation_id));
  if (!may_manage(actor, organisation_id))
    return forbidden("only the organisation's focal point or an administrator may add members");
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Member> {
    WSIS_ASSIGN(Actor fresh, fresh_actor(c, actor));
    if (!may_manage(fresh, organisation_id))
      return forbidden("only the organisation's focal point or an administrator may add members");
    Member member;
    std::optional<std::int64_t> current_organisation;
    {
      auto find = c.prepare("SELECT id, email, display_name, organisation_id FROM users WHERE email = ?");
      find->bind_all(form.email);
      WSIS_ASSIGN(bool row, find->step());
      if (!row) {
        FieldErrors errors;
        errors.add("email", "not_found");
        return errors.to_error();
      }
      member = Member{find->int64(0), find->string(1), find->string(2), form.focal_point};
      current_organisation = find->optional_int64(3);
    }
    if (current_organisation) return make_error(ErrorCode::conflict, "the user already belongs to an organisation");
    WSIS_ASSIGN(std::int64_t members,
                count(c, "SELECT COUNT(*) FROM users WHERE organisation_id = ?", organisation_id));
    if (members >= options_.max_members_per_organisation)
      return make_error(ErrorCode::conflict, "the organisation has the most members allowed");
    std::int64_t now = clock_.now_ms();
    auto join = c.prepare(
        "UPDATE users SET organisation_id = ?, focal_point = ?, updated_at = ? WHERE id = ? AND organisation_id IS "
        "NULL");
    join->bind_all(organisation_id, form.focal_point, now, member.user_id);
    WSIS_TRY(join->run());
    std::string id = std::to_string(organisation_id);
    auto payload = membership_payload(member.user_id, form.focal_point);
    WSIS_TRY(db::append_change(c, "organisation", id, "member_add", to_json(payload), now));
    WSIS_TRY(db::append_audit(c, audit_event(caller, "organisation.member_add", "organisation", id, to_json(payload))));
    return member;
  });
}

Result<void> AccountsService::remove_member(const Caller& caller, std::int64_t organisation_id, std::int64_t user_id) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_TRY(organisation_exists(database_, organisation_id));
  bool leaving = actor.user_id == user_id && actor.organisation_id == organisation_id;
  if (!may_manage(actor, organisation_id) && !leaving)
    return forbidden("only the organisation's focal point or an administrator may remove members");
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    WSIS_ASSIGN(Actor fresh, fresh_actor(c, actor));
    bool still_leaving = fresh.user_id == user_id && fresh.organisation_id == organisation_id;
    if (!may_manage(fresh, organisation_id) && !still_leaving)
      return forbidden("only the organisation's focal point or an administrator may remove members");
    bool focal_point = false;
    {
      auto find = c.prepare("SELECT focal_point FROM users WHERE id = ? AND organisation_id = ?");
      find->bind_all(user_id, organisation_id);
      WSIS_ASSIGN(bool row, find->step());
      if (!row) return not_found("no such member");
      focal_point = find->int64(0) != 0;
    }
    if (focal_point) {
      // An organisation without a focal point could only be managed by administrators.
      WSIS_ASSIGN(
          std::int64_t focal_points,
          count(c, "SELECT COUNT(*) FROM users WHERE organisation_id = ? AND focal_point <> 0", organisation_id));
      if (focal_points <= 1) return make_error(ErrorCode::conflict, "the last focal point cannot be removed");
    }
    std::int64_t now = clock_.now_ms();
    auto leave = c.prepare(
        "UPDATE users SET organisation_id = NULL, focal_point = 0, updated_at = ? WHERE id = ? AND organisation_id = "
        "?");
    leave->bind_all(now, user_id, organisation_id);
    WSIS_TRY(leave->run());
    std::string id = std::to_string(organisation_id);
    auto payload = membership_payload(user_id, focal_point);
    WSIS_TRY(db::append_change(c, "organisation", id, "member_remove", to_json(payload), now));
    return db::append_audit(c, audit_event(caller, "organisation.member_remove", "organisation", id, to_json(payload)));
  });
}

Result<Member> AccountsService::update_member(const Caller& caller, std::int64_t organisation_id, std::int64_t user_id,
                                              const MemberUpdateForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_TRY(organisation_exists(database_, organisation_id));
  if (!may_manage(actor, organisation_id))
    return forbidden("only the organisation's focal point or an administrator may change its focal points");
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Member> {
    WSIS_ASSIGN(Actor fresh, fresh_actor(c, actor));
    if (!may_manage(fresh, organisation_id))
      return forbidden("only the organisation's focal point or an administrator may change its focal points");
    Member member;
    {
      auto find =
          c.prepare("SELECT id, email, display_name, focal_point FROM users WHERE id = ? AND organisation_id = ?");
      find->bind_all(user_id, organisation_id);
      WSIS_ASSIGN(bool row, find->step());
      if (!row) return not_found("no such member");
      member = Member{find->int64(0), find->string(1), find->string(2), find->int64(3) != 0};
    }
    if (member.focal_point == form.focal_point) return member;  // nothing to change, nothing to record
    if (!form.focal_point) {
      // As for removal: an organisation without a focal point could only be managed by administrators.
      WSIS_ASSIGN(
          std::int64_t focal_points,
          count(c, "SELECT COUNT(*) FROM users WHERE organisation_id = ? AND focal_point <> 0", organisation_id));
      if (focal_points <= 1) return make_error(ErrorCode::conflict, "the last focal point cannot step down");
    }
    std::int64_t now = clock_.now_ms();
    auto update = c.prepare("UPDATE users SET focal_point = ?, updated_at = ? WHERE id = ? AND organisation_id = ?");
    update->bind_all(form.focal_point, now, user_id, organisation_id);
    WSIS_TRY(update->run());
    member.focal_point = form.focal_point;
    std::string id = std::to_string(organisation_id);
    auto payload = membership_payload(user_id, form.focal_point);
    WSIS_TRY(db::append_change(c, "organisation", id, "member_update", to_json(payload), now));
    WSIS_TRY(
        db::append_audit(c, audit_event(caller, "organisation.member_update", "organisation", id, to_json(payload))));
    return member;
  });
}

}  // namespace wsis::accounts
