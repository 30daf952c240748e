// Shared by the prizes service's source files; not a public header.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

inline Result<Actor> prize_expert(const std::optional<Actor>& actor) {
  if (!actor) return not_logged_in();
  if (!actor->has(Role::prize_expert)) return forbidden("prize experts only");
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

// Every row of a statement, each turned into a value by `read(statement)`.
template <typename Read>
auto collect_rows(db::Statement& statement, Read&& read) -> Result<std::vector<decltype(read(statement))>> {
  std::vector<decltype(read(statement))> out;
  while (true) {
    WSIS_ASSIGN(bool row, statement.step());
    if (!row) return out;
    out.push_back(read(statement));
  }
}

// JSON this module stored itself; anything else is corruption (internal), never the
// caller's fault.
inline Result<boost::json::object> stored_object(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_object()) return make_error(ErrorCode::internal, "stored " + std::string(what) + " is not JSON");
  return std::move(parsed.get_object());
}

}  // namespace wsis::prizes::detail
