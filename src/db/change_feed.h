// The change feed (outbox): every domain write appends a row here in the same transaction, and
// derived views (search index, matrix, report caches) follow it by sequence number. Because the
// row commits or rolls back with the write, a follower never sees a change that did not happen
// and never misses one that did.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"

namespace wsis::db {

struct Change {
  std::int64_t seq = 0;
  std::string topic;      // "entry", "organisation", ...
  std::string entity_id;
  std::string op;         // "create", "update", "publish", "delete", ...
  std::string payload;    // JSON, may be empty
  std::int64_t at_ms = 0;
};

// Appends one change; call inside the write's transaction. Returns its sequence number.
Result<std::int64_t> append_change(Connection& connection, std::string_view topic, std::string_view entity_id,
                                   std::string_view op, std::string_view payload, std::int64_t at_ms);

// The sequence number of the newest change (0 when the feed is empty): where a derived view
// built from a snapshot starts following.
Result<std::int64_t> last_sequence(Connection& connection);

// Changes with seq > after, oldest first, at most `limit`.
Result<std::vector<Change>> changes_after(Connection& connection, std::int64_t after, int limit);

// Who did what, for the audit log (security events and every domain write).
struct AuditEvent {
  std::int64_t actor_user_id = 0;  // 0: anonymous or the system
  std::string action;              // "auth.login", "auth.login_failed", "token.create", ...
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string detail;              // JSON, may be empty
  std::int64_t at_ms = 0;
};

Result<void> append_audit(Connection& connection, const AuditEvent& event);

}  // namespace wsis::db
