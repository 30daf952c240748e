// Shared by the accounts service's source files only; not part of the module's interface.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "accounts/model.h"
#include "core/result.h"
#include "db/database.h"

namespace wsis::accounts::detail {

// The columns read_user expects, in order.
#define WSIS_USER_COLUMNS                                                                           \
  "users.id, users.email, users.display_name, users.language, users.roles, users.organisation_id, " \
  "users.focal_point, users.email_verified, users.created_at"

// The columns read_actor expects, in order: only what a request's actor needs, so that the
// lookup behind every authenticated request copies no strings.
#define WSIS_ACTOR_COLUMNS \
  "users.id, users.roles, users.organisation_id, users.focal_point, users.email_verified"

// Every role a user holds: contributor always, the granted ones, focal point while a focal
// point of an organisation.
std::uint32_t effective_roles(std::int64_t granted, bool has_organisation, bool focal_point);

// A user from WSIS_USER_COLUMNS starting at column `first`.
User read_user(const db::Statement& statement, int first = 0);
Actor actor_of(const User& user);
// An actor from WSIS_ACTOR_COLUMNS starting at column `first`.
Actor read_actor(const db::Statement& statement, int first = 0);

Result<std::optional<User>> load_user(db::Connection& connection, std::int64_t id);

// The caller as the database has them now, inside a write transaction: roles and membership
// may have changed since the request was authenticated, and a permission must hold when the
// write commits, not only when it was asked for.
Result<Actor> fresh_actor(db::Connection& connection, const Actor& actor);

// The caller's actor, or unauthorized.
Result<Actor> require_actor(const Caller& caller);
Error forbidden(std::string detail);
Error not_found(std::string detail);

// Small JSON for audit details and change-feed payloads (escaped by the serializer).
std::string to_json(const boost::json::object& object);

}  // namespace wsis::accounts::detail
