// Throttling of password guessing, kept in the database so that it holds across restarts and
// across the instances of a scaled-out deployment. Per email: `email_failures` failed logins
// within `window_ms` lock that email for `lock_ms`, whoever tries. Per IP address:
// `ip_failures` within the window lock that address for `lock_ms`, whichever emails it tries.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "db/database.h"

namespace wsis::accounts {

struct ThrottlePolicy {
  int email_failures = 5;
  int ip_failures = 50;
  std::int64_t window_ms = 15 * 60 * 1000;
  std::int64_t lock_ms = 15 * 60 * 1000;
};

class LoginThrottle {
 public:
  LoginThrottle(ThrottlePolicy policy, const Clock& clock) : policy_(policy), clock_(clock) {}

  // Milliseconds until `email` and `ip` may try again; 0 when neither is locked.
  Result<std::int64_t> locked_for(db::Connection& connection, std::string_view email, std::string_view ip) const;

  struct Locks {
    bool email = false;  // this failure locked the email
    bool ip = false;     // this failure locked the address
  };
  // Records one failure and sets the locks it brings about. Call in a write transaction of its
  // own, committed even though the request fails: a guess must count whatever happens next.
  Result<Locks> record_failure(db::Connection& connection, std::string_view email, std::string_view ip) const;

  // After a successful login: the email's failures are forgiven. The address's are not, or
  // an attacker could clear them by logging in to an account of their own between guesses.
  Result<void> reset(db::Connection& connection, std::string_view email) const;

  const ThrottlePolicy& policy() const { return policy_; }

 private:
  ThrottlePolicy policy_;
  const Clock& clock_;
};

}  // namespace wsis::accounts
