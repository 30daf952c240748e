#include "db/change_feed.h"

namespace wsis::db {

Result<std::int64_t> append_change(Connection& connection, std::string_view topic, std::string_view entity_id,
                                   std::string_view op, std::string_view payload, std::int64_t at_ms) {
  auto statement = connection.prepare(
      "INSERT INTO change_feed (topic, entity_id, op, payload, at_ms) VALUES (?, ?, ?, ?, ?) RETURNING seq");
  statement->bind_all(topic, entity_id, op, payload, at_ms);
  WSIS_ASSIGN(bool row, statement->step());
  if (!row) return make_error(ErrorCode::internal, "change feed insert returned no sequence");
  std::int64_t seq = statement->int64(0);
  WSIS_TRY(statement->run());
  return seq;
}

Result<std::int64_t> last_sequence(Connection& connection) {
  auto statement = connection.prepare("SELECT COALESCE(MAX(seq), 0) FROM change_feed");
  WSIS_ASSIGN(bool row, statement->step());
  return row ? statement->int64(0) : std::int64_t{0};
}

Result<std::vector<Change>> changes_after(Connection& connection, std::int64_t after, int limit) {
  auto statement = connection.prepare(
      "SELECT seq, topic, entity_id, op, payload, at_ms FROM change_feed WHERE seq > ? ORDER BY seq LIMIT ?");
  statement->bind_all(after, static_cast<std::int64_t>(limit));
  std::vector<Change> changes;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    changes.push_back(Change{statement->int64(0), statement->string(1), statement->string(2), statement->string(3),
                             statement->string(4), statement->int64(5)});
  }
  return changes;
}

Result<void> append_audit(Connection& connection, const AuditEvent& event) {
  auto statement = connection.prepare(
      "INSERT INTO audit_log (at_ms, actor_user_id, action, target_type, target_id, ip, detail)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  statement->bind(1, event.at_ms);
  if (event.actor_user_id) statement->bind(2, event.actor_user_id); else statement->bind_null(2);
  statement->bind(3, event.action);
  statement->bind(4, event.target_type);
  statement->bind(5, event.target_id);
  statement->bind(6, event.ip);
  statement->bind(7, event.detail);
  return statement->run();
}

}  // namespace wsis::db
