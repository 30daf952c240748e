// Shared by the prizes service's source files; not a public header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/actor.h"
#include "core/result.h"
#include "db/change_feed.h"
#include "db/database.h"

namespace wsis::prizes::detail {

inline Error not_logged_in() { return make_error(ErrorCode::unauthorized, "log in to do this"); }
inline Error forbidden(std::string detail) { return make_error(ErrorCode::forbidden, std::move(detail)); }
inline bool is_admin(const Actor& actor) { return actor.has(Role::administrator); }

// Logged in, else unauthorized.
inline Result<Actor> logged_in(const std::optional<Actor>& actor) {
  if (!actor) return not_logged_in();
  return *actor;
}

inline Result<Actor> administrator(const std::optional<Actor>& actor) {
  if (!actor) return not_logged_in();
  if (!is_admin(*actor)) return forbidden("administrators only");
  return *actor;
}

// One field error as a validation (or other) error.
inline Error field_error(std::string field, std::string code, ErrorCode error_code = ErrorCode::validation) {
  Error error = make_error(error_code, field + ": " + code);
  error.fields.push_back({std::move(field), std::move(code), {}});
  return error;
}

// A domain write's change-feed row and audit entry, in the write's transaction.
inline Result<void> record_write(db::Connection& connection, std::string_view topic, std::int64_t id,
                                 std::string_view op, const Actor& actor, std::int64_t now, std::string detail = {}) {
  WSIS_TRY(db::append_change(connection, topic, std::to_string(id), op, detail, now));
  db::AuditEvent event;
  event.actor_user_id = actor.user_id;
  event.action = std::string(topic) + "." + std::string(op);
  event.target_type = std::string(topic);
  event.target_id = std::to_string(id);
  event.detail = std::move(detail);
  event.at_ms = now;
  return db::append_audit(connection, event);
}

}  // namespace wsis::prizes::detail
