// The accounts service: users, browser sessions, API tokens, organisations and their members,
// roles, login throttling and the audit log's security events. Every rule and permission check
// lives here; the HTTP handlers (api.h) and the `wsis admin create` command only translate.
//
// Permission failures: 401 unauthorized for an anonymous caller where login is needed, 403
// forbidden for a caller without the role, 404 where existence must not leak (another user's
// API token). Every write runs in one write transaction together with its change-feed rows
// and audit entries, so a refused or failed call changes nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/forms.h"
#include "accounts/login_throttle.h"
#include "accounts/model.h"
#include "accounts/passwords.h"
#include "accounts/session_touches.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/change_feed.h"
#include "db/database.h"

namespace wsis::accounts {

inline constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

struct AccountsOptions {
  PasswordCost password_cost = PasswordCost::interactive();
  unsigned max_concurrent_hashes = 4;
  std::int64_t session_absolute_ms = 30 * kDayMs;  // a session ends this long after login
  std::int64_t session_idle_ms = 7 * kDayMs;       // ... or this long after its last use
  // last_seen_at is written at most this often, so reads do not turn into writes ...
  std::int64_t touch_interval_ms = 60 * 1000;
  // ... and then in batches, by a background thread this often (SessionTouches).
  std::int64_t touch_flush_interval_ms = 1000;
  int max_sessions_per_user = 100;  // the least recently used beyond this are closed
  int max_tokens_per_user = 50;     // active (not revoked, not expired) API tokens
  int max_members_per_organisation = 500;
  ThrottlePolicy throttle;
};

// The versions an update may apply to, from an If-Match header.
struct ExpectedVersion {
  bool given = false;                  // false: no If-Match (428)
  std::vector<std::int64_t> versions;  // empty with given: If-Match named no version of ours (412)
};

struct OrganisationFilter {
  std::optional<std::string> country;
  std::optional<std::string> stakeholder_type;
};

// Narrows GET /users: an administrator looking for the prize experts, or for one account
// among many thousands of voters by a piece of its email or name.
struct UserFilter {
  std::optional<Role> role;  // accounts holding this role
  std::string text;          // found in the email or the display name, ignoring ASCII case
};

class AccountsService {
 public:
  AccountsService(db::Database& database, const Clock& clock, AccountsOptions options = {});
  ~AccountsService();

  // --- Registration, login, sessions -------------------------------------------------------
  // A new contributor, logged in at once. email_taken (409) if the email has an account.
  // Replaces the caller's current session, if any.
  Result<SessionGrant> register_user(const RegistrationForm& form, const Caller& caller);
  // too_many_requests (429, Retry-After) while the email or the caller's IP is locked;
  // login_failed (401) for an unknown email or a wrong password alike, in the same time.
  Result<SessionGrant> login(const LoginForm& form, const Caller& caller);
  // Ends the caller's browser session; a no-op for other callers.
  Result<void> logout(const Caller& caller);
  // The session a cookie names: nullopt (anonymous) when unknown, malformed or expired. A use
  // counts for the idle timeout at once; it is written to last_seen_at in the next batch.
  Result<std::optional<Authenticated>> authenticate_session(std::string_view session_id);
  // What a cookie names without reading the database: the hash of the session id (the
  // sessions row's key) and its CSRF token; nullopt when the cookie cannot be a session id.
  // For routes that resolve the session themselves (http::RouteOptions::session_resolved_by_handler).
  struct SessionKey {
    std::string id_hash;
    std::string csrf_token;
  };
  static std::optional<SessionKey> session_key(std::string_view session_id);
  // The actor of the session whose id hashes to `id_hash`, read on `connection` (the caller's
  // transaction: a vote resolves its session in the transaction that writes it, so a logout
  // or an expiry is seen up to the commit). nullopt when unknown or expired; a use is noted
  // as by authenticate_session. An expired row is left for the next authenticate_session.
  Result<std::optional<Actor>> resolve_session(db::Connection& connection, const std::string& id_hash);
  // Writes the noted session uses now instead of at the next batch (tests).
  Result<void> flush_session_touches();
  // The token an Authorization header carries: unauthorized when unknown, malformed, revoked
  // or expired.
  Result<Authenticated> authenticate_token(std::string_view secret);
  // The CSRF token of a session: derived from its id, so nothing more is stored, and a copy of
  // the database (which holds only hashes of ids) does not reveal it.
  static std::string csrf_token_for(std::string_view session_id);

  // --- Users -------------------------------------------------------------------------------
  Result<User> current_user(const Caller& caller);
  // Display name and language; a password change needs the current password and a browser
  // session, counts a wrong current password as a failed login and closes the user's other
  // sessions.
  Result<User> update_profile(const Caller& caller, const ProfileForm& form);
  // Moderators and administrators; by id, narrowed by `filter`.
  Result<Page<User>> list_users(const Caller& caller, const UserFilter& filter, std::optional<std::int64_t> after,
                                int limit);
  // Administrators; sets the grantable roles. conflict (409) when it would leave no
  // administrator.
  Result<User> set_roles(const Caller& caller, std::int64_t user_id, const RolesForm& form);
  // `wsis admin create`: an administrator with a verified email, no session.
  Result<User> create_administrator(const RegistrationForm& form, const Caller& caller);
  // For other modules: a user by id, emails included (never show them to other users).
  Result<std::optional<User>> find_user(std::int64_t id);

  // --- API tokens (always the caller's own) --------------------------------------------------
  Result<std::vector<ApiToken>> list_tokens(const Caller& caller);
  // Needs a browser session: a leaked token must not be able to mint its own successor.
  Result<CreatedToken> create_token(const Caller& caller, const TokenForm& form);
  // not_found for another user's token, an unknown or an already revoked one.
  Result<void> revoke_token(const Caller& caller, std::int64_t token_id);

  // --- Organisations -----------------------------------------------------------------------
  Result<Page<Organisation>> list_organisations(const OrganisationFilter& filter, std::optional<std::int64_t> after,
                                                int limit);
  Result<Organisation> get_organisation(std::int64_t id);
  // A logged-in user without an organisation, who becomes its member and focal point.
  Result<Organisation> create_organisation(const Caller& caller, const OrganisationForm& form);
  // Its focal point or an administrator. precondition_required (428) without If-Match,
  // precondition_failed (412) when it names another version.
  Result<Organisation> update_organisation(const Caller& caller, std::int64_t id, const ExpectedVersion& expected,
                                           const OrganisationPatch& patch);
  // Its focal points, moderators and administrators.
  Result<std::vector<Member>> list_members(const Caller& caller, std::int64_t organisation_id);
  // Its focal point or an administrator; adds a registered user who has no organisation.
  Result<Member> add_member(const Caller& caller, std::int64_t organisation_id, const MemberForm& form);
  // Its focal point, an administrator, or the member leaving. conflict (409) for the last
  // focal point.
  Result<void> remove_member(const Caller& caller, std::int64_t organisation_id, std::int64_t user_id);
  // Its focal point or an administrator makes a member a focal point or takes it back;
  // conflict (409) for taking it from the last focal point.
  Result<Member> update_member(const Caller& caller, std::int64_t organisation_id, std::int64_t user_id,
                               const MemberUpdateForm& form);

  // --- Audit log ---------------------------------------------------------------------------
  // Administrators; newest first; `after` is the id to continue below.
  Result<Page<AuditEntry>> list_audit(const Caller& caller, const std::optional<std::string>& action,
                                      std::optional<std::int64_t> after, int limit);

  const AccountsOptions& options() const { return options_; }
  const PasswordHasher& hasher() const { return hasher_; }

 private:
  struct SessionState {
    std::optional<Actor> actor;  // nullopt: unknown or expired
    bool expired = false;
  };
  Result<SessionState> session_state(db::Connection& connection, const std::string& id_hash);
  Result<User> insert_user(db::Connection& connection, const RegistrationForm& form, const std::string& password_hash,
                           std::uint32_t roles, bool email_verified);
  Result<SessionGrant> open_session(db::Connection& connection, const User& user, const Caller& caller);
  Result<void> purge_sessions(db::Connection& connection, std::int64_t user_id);
  db::AuditEvent audit_event(const Caller& caller, std::string_view action, std::string_view target_type,
                             std::string target_id, std::string detail = {}) const;
  void record_failed_login(std::string_view email, const Caller& caller, std::string_view reason);
  Error throttled(std::int64_t wait_ms) const;
  bool may_manage(const Actor& actor, std::int64_t organisation_id) const;

  db::Database& database_;
  const Clock& clock_;
  AccountsOptions options_;
  PasswordHasher hasher_;
  LoginThrottle throttle_;
  std::unique_ptr<SessionTouches> touches_;  // last: its thread stops first
};

}  // namespace wsis::accounts
