#include "accounts/login_throttle.h"

#include <algorithm>

namespace wsis::accounts {

namespace {

Result<std::int64_t> count_since(db::Connection& connection, std::string_view sql, std::string_view subject,
                                 std::int64_t since) {
  auto statement = connection.prepare(sql);
  statement->bind_all(subject, since);
  WSIS_ASSIGN(bool row, statement->step());
  return row ? statement->int64(0) : 0;
}

Result<void> lock(db::Connection& connection, std::string_view scope, std::string_view subject, std::int64_t until) {
  auto statement = connection.prepare(
      "INSERT INTO login_locks (scope, subject, until_ms) VALUES (?, ?, ?)"
      " ON CONFLICT (scope, subject) DO UPDATE SET until_ms = excluded.until_ms");
  statement->bind_all(scope, subject, until);
  return statement->run();
}

}  // namespace

Result<std::int64_t> LoginThrottle::locked_for(db::Connection& connection, std::string_view email,
                                               std::string_view ip) const {
  auto statement = connection.prepare(
      "SELECT MAX(until_ms) FROM login_locks"
      " WHERE (scope = 'email' AND subject = ?) OR (scope = 'ip' AND subject = ?)");
  statement->bind_all(email, ip);
  WSIS_ASSIGN(bool row, statement->step());
  if (!row || statement->is_null(0)) return std::int64_t{0};
  return std::max<std::int64_t>(0, statement->int64(0) - clock_.now_ms());
}

Result<LoginThrottle::Locks> LoginThrottle::record_failure(db::Connection& connection, std::string_view email,
                                                           std::string_view ip) const {
  std::int64_t now = clock_.now_ms();
  std::int64_t since = now - policy_.window_ms;
  {
    // Failures that left the window can never count again.
    auto prune = connection.prepare("DELETE FROM login_failures WHERE at_ms <= ?");
    prune->bind_all(since);
    WSIS_TRY(prune->run());
    auto expired = connection.prepare("DELETE FROM login_locks WHERE until_ms <= ?");
    expired->bind_all(now);
    WSIS_TRY(expired->run());
  }
  {
    auto insert = connection.prepare("INSERT INTO login_failures (email, ip, at_ms) VALUES (?, ?, ?)");
    insert->bind_all(email, ip, now);
    WSIS_TRY(insert->run());
  }
  Locks locks;
  WSIS_ASSIGN(
      auto by_email,
      count_since(connection, "SELECT COUNT(*) FROM login_failures WHERE email = ? AND at_ms > ?", email, since));
  if (by_email >= policy_.email_failures) {
    WSIS_TRY(lock(connection, "email", email, now + policy_.lock_ms));
    locks.email = true;
  }
  // The CLI and tests call without an address; an empty one is nobody's to lock.
  if (!ip.empty()) {
    WSIS_ASSIGN(auto by_ip,
                count_since(connection, "SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at_ms > ?", ip, since));
    if (by_ip >= policy_.ip_failures) {
      WSIS_TRY(lock(connection, "ip", ip, now + policy_.lock_ms));
      locks.ip = true;
    }
  }
  return locks;
}

Result<void> LoginThrottle::reset(db::Connection& connection, std::string_view email) const {
  auto failures = connection.prepare("DELETE FROM login_failures WHERE email = ?");
  failures->bind_all(email);
  WSIS_TRY(failures->run());
  auto locks = connection.prepare("DELETE FROM login_locks WHERE scope = 'email' AND subject = ?");
  locks->bind_all(email);
  return locks->run();
}

}  // namespace wsis::accounts
