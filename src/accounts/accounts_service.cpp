// Users, registration, login and sessions, roles and the audit log. API tokens are in
// tokens.cpp, organisations in organisations.cpp.
#include "accounts/accounts_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "accounts/internal.h"
#include "accounts/roles.h"
#include "core/language.h"
#include "core/random.h"

namespace json = boost::json;

namespace wsis::accounts {

namespace detail {

std::uint32_t effective_roles(std::int64_t granted, bool has_organisation, bool focal_point) {
  std::uint32_t roles = role_bit(Role::contributor) | (static_cast<std::uint32_t>(granted) & kGrantableRoles);
  if (has_organisation && focal_point) roles |= role_bit(Role::focal_point);
  return roles;
}

User read_user(const db::Statement& s, int first) {
  User user;
  user.id = s.int64(first);
  user.email = s.string(first + 1);
  user.display_name = s.string(first + 2);
  user.language = s.string(first + 3);
  user.organisation_id = s.optional_int64(first + 5);
  user.roles = effective_roles(s.int64(first + 4), user.organisation_id.has_value(), s.int64(first + 6) != 0);
  user.email_verified = s.int64(first + 7) != 0;
  user.created_at = s.int64(first + 8);
  return user;
}

Actor actor_of(const User& user) {
  Actor actor;
  actor.user_id = user.id;
  actor.organisation_id = user.organisation_id.value_or(0);
  actor.roles = user.roles;
  actor.email_verified = user.email_verified;
  return actor;
}

Actor read_actor(const db::Statement& s, int first) {
  Actor actor;
  actor.user_id = s.int64(first);
  auto organisation_id = s.optional_int64(first + 2);
  actor.organisation_id = organisation_id.value_or(0);
  actor.roles = effective_roles(s.int64(first + 1), organisation_id.has_value(), s.int64(first + 3) != 0);
  actor.email_verified = s.int64(first + 4) != 0;
  return actor;
}

Result<std::optional<User>> load_user(db::Connection& connection, std::int64_t id) {
  auto statement = connection.prepare("SELECT " WSIS_USER_COLUMNS " FROM users WHERE users.id = ?");
  statement->bind_all(id);
  WSIS_ASSIGN(bool row, statement->step());
  if (!row) return std::optional<User>{};
  return std::optional<User>{read_user(*statement)};
}

Result<Actor> fresh_actor(db::Connection& connection, const Actor& actor) {
  WSIS_ASSIGN(auto user, load_user(connection, actor.user_id));
  if (!user) return make_error(ErrorCode::unauthorized, "the caller's account no longer exists");
  return actor_of(*user);
}

Result<Actor> require_actor(const Caller& caller) {
  if (!caller.actor) return make_error(ErrorCode::unauthorized, "login required");
  return *caller.actor;
}

Error forbidden(std::string detail) { return make_error(ErrorCode::forbidden, std::move(detail)); }
Error not_found(std::string detail) { return make_error(ErrorCode::not_found, std::move(detail)); }

std::string to_json(const json::object& object) { return json::serialize(object); }

}  // namespace detail

using namespace detail;

namespace {

// Session ids and token secrets are random_token() output: base64url of 32 bytes. Anything
// else is rejected before it costs a hash and a query.
bool looks_like_secret(std::string_view text) {
  if (text.size() < 16 || text.size() > 128) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The service's own check of what a form promises, for callers that build forms by hand (the
// command line, other modules, tests): the policy must hold whoever calls.
Result<void> check_registration(const RegistrationForm& form) {
  FieldErrors errors;
  (void)check_new_password(form.password, "password", errors);
  if (form.email.empty() || form.email.find('@') == std::string::npos || form.email.size() > 254)
    errors.add("email", "invalid_email");
  if (form.display_name.empty()) errors.add("display_name", "empty");
  if (!is_supported_language(form.language)) errors.add("language", "unknown_code", {{"code", form.language}});
  if (!errors.empty()) return errors.to_error();
  return Ok{};
}

json::array role_array(std::uint32_t roles) {
  json::array names;
  for (auto name : role_names(roles)) names.emplace_back(name);
  return names;
}

Result<void> delete_session(db::Connection& connection, std::string_view id_hash) {
  auto statement = connection.prepare("DELETE FROM sessions WHERE id_hash = ?");
  statement->bind_all(id_hash);
  return statement->run();
}

}  // namespace

AccountsService::AccountsService(db::Database& database, const Clock& clock, AccountsOptions options)
    : database_(database),
      clock_(clock),
      options_(options),
      hasher_(options.password_cost, options.max_concurrent_hashes),
      throttle_(options.throttle, clock),
      touches_(std::make_unique<SessionTouches>(database, std::chrono::milliseconds(options.touch_flush_interval_ms))) {}

AccountsService::~AccountsService() = default;

Result<void> AccountsService::flush_session_touches() { return touches_->flush(); }

std::string AccountsService::csrf_token_for(std::string_view session_id) {
  // Domain-separated from the stored hash_secret(session_id).
  return hash_secret("wsis-csrf-v1:" + std::string(session_id));
}

db::AuditEvent AccountsService::audit_event(const Caller& caller, std::string_view action, std::string_view target_type,
                                            std::string target_id, std::string detail) const {
  db::AuditEvent event;
  event.actor_user_id = caller.actor ? caller.actor->user_id : 0;
  event.action = std::string(action);
  event.target_type = std::string(target_type);
  event.target_id = std::move(target_id);
  event.ip = caller.ip;
  event.detail = std::move(detail);
  event.at_ms = clock_.now_ms();
  return event;
}

Error AccountsService::throttled(std::int64_t wait_ms) const {
  std::int64_t seconds = std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
  Error error = make_error(ErrorCode::too_many_requests, "too many failed logins", {{"seconds", seconds}});
  error.retry_after_seconds = static_cast<int>(seconds);
  return error;
}

bool AccountsService::may_manage(const Actor& actor, std::int64_t organisation_id) const {
  return actor.has(Role::administrator) ||
         (actor.has(Role::focal_point) && actor.organisation_id != 0 && actor.organisation_id == organisation_id);
}

// --- Registration, login, sessions -----------------------------------------------------------

Result<User> AccountsService::insert_user(db::Connection& connection, const RegistrationForm& form,
                                          const std::string& password_hash, std::uint32_t roles, bool email_verified) {
  {
    auto existing = connection.prepare("SELECT id FROM users WHERE email = ?");
    existing->bind_all(form.email);
    WSIS_ASSIGN(bool taken, existing->step());
    if (taken) return make_error(ErrorCode::email_taken, "email already registered");
  }
  std::int64_t now = clock_.now_ms();
  User user;
  {
    auto insert = connection.prepare(
        "INSERT INTO users (email, password_hash, display_name, language, roles, email_verified, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind_all(form.email, password_hash, form.display_name, form.language,
                     static_cast<std::int64_t>(roles & kGrantableRoles), email_verified, now, now);
    auto row = insert->step();
    // Another instance may have registered the email since the check (PostgreSQL).
    if (!row && row.error().code == ErrorCode::conflict)
      return make_error(ErrorCode::email_taken, "email already registered");
    if (!row) return std::move(row).error();
    if (!*row) return make_error(ErrorCode::internal, "user insert returned no id");
    user.id = insert->int64(0);
    WSIS_TRY(insert->run());
  }
  user.email = form.email;
  user.display_name = form.display_name;
  user.language = form.language;
  user.roles = effective_roles(roles, false, false);
  user.email_verified = email_verified;
  user.created_at = now;
  WSIS_TRY(db::append_change(connection, "user", std::to_string(user.id), "create", "{}", now));
  return user;
}

Result<void> AccountsService::purge_sessions(db::Connection& connection, std::int64_t user_id) {
  std::int64_t now = clock_.now_ms();
  {
    // Everyone's expired sessions: cheap with the indexes, and keeps the table to live ones.
    auto expired = connection.prepare("DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?");
    expired->bind_all(now - options_.session_idle_ms, now - options_.session_absolute_ms);
    WSIS_TRY(expired->run());
  }
  auto excess = connection.prepare(
      "DELETE FROM sessions WHERE user_id = ? AND id_hash NOT IN"
      " (SELECT id_hash FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC, created_at DESC LIMIT ?)");
  excess->bind_all(user_id, user_id, static_cast<std::int64_t>(options_.max_sessions_per_user));
  return excess->run();
}

Result<SessionGrant> AccountsService::open_session(db::Connection& connection, const User& user, const Caller& caller) {
  SessionGrant grant;
  grant.user = user;
  grant.session_id = random_token(32);
  grant.csrf_token = csrf_token_for(grant.session_id);
  std::int64_t now = clock_.now_ms();
  auto insert = connection.prepare(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?)");
  insert->bind_all(hash_secret(grant.session_id), user.id, now, now, caller.ip);
  WSIS_TRY(insert->run());
  WSIS_TRY(purge_sessions(connection, user.id));
  return grant;
}

Result<SessionGrant> AccountsService::register_user(const RegistrationForm& form, const Caller& caller) {
  WSIS_TRY(check_registration(form));
  // Hashed before the transaction: ~70 ms that must not hold the write lock.
  WSIS_ASSIGN(std::string password_hash, hasher_.hash(form.password));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<SessionGrant> {
    WSIS_ASSIGN(User user, insert_user(c, form, password_hash, 0, false));
    auto event = audit_event(caller, "auth.register", "user", std::to_string(user.id));
    event.actor_user_id = user.id;
    WSIS_TRY(db::append_audit(c, event));
    if (!caller.session_hash.empty()) WSIS_TRY(delete_session(c, caller.session_hash));
    return open_session(c, user, caller);
  });
}

void AccountsService::record_failed_login(std::string_view email, const Caller& caller, std::string_view reason) {
  auto recorded = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    WSIS_ASSIGN(auto locks, throttle_.record_failure(c, email, caller.ip));
    WSIS_TRY(db::append_audit(
        c, audit_event(caller, "auth.login_failed", "email", std::string(email), to_json({{"reason", reason}}))));
    std::int64_t minutes = throttle_.policy().lock_ms / 60000;
    if (locks.email)
      WSIS_TRY(db::append_audit(c, audit_event(caller, "auth.locked", "email", std::string(email),
                                               to_json({{"scope", "email"}, {"minutes", minutes}}))));
    if (locks.ip)
      WSIS_TRY(db::append_audit(
          c, audit_event(caller, "auth.locked", "ip", caller.ip, to_json({{"scope", "ip"}, {"minutes", minutes}}))));
    return Ok{};
  });
  // The caller answers login_failed either way; a lost record is for the operator to see.
  if (!recorded) spdlog::warn("could not record a failed login: {}", recorded.error().detail);
}

Result<SessionGrant> AccountsService::login(const LoginForm& form, const Caller& caller) {
  std::optional<std::pair<std::int64_t, std::string>> account;  // id, password hash
  {
    WSIS_ASSIGN(auto connection, database_.connect());
    WSIS_ASSIGN(std::int64_t wait_ms, throttle_.locked_for(*connection, form.email, caller.ip));
    if (wait_ms > 0) return throttled(wait_ms);
    auto statement = connection->prepare("SELECT id, password_hash FROM users WHERE email = ?");
    statement->bind_all(form.email);
    WSIS_ASSIGN(bool row, statement->step());
    if (row) account.emplace(statement->int64(0), statement->string(1));
  }  // the connection goes back to the pool before the slow part

  bool verified = false;
  if (account)
    verified = hasher_.verify(account->second, form.password);
  else
    hasher_.verify_dummy(form.password);
  if (!verified) {
    record_failed_login(form.email, caller, account ? "wrong_password" : "unknown_email");
    return make_error(ErrorCode::login_failed, "email or password not correct");
  }

  // Hashes made with older parameters are upgraded while the password is at hand.
  std::optional<std::string> upgraded;
  if (hasher_.needs_rehash(account->second)) {
    if (auto fresh = hasher_.hash(form.password)) upgraded = std::move(*fresh);
  }
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<SessionGrant> {
    WSIS_TRY(throttle_.reset(c, form.email));
    if (upgraded) {
      // Only if the hash is still the one verified: a concurrent password change wins.
      auto update = c.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?");
      update->bind_all(*upgraded, account->first, account->second);
      WSIS_TRY(update->run());
    }
    WSIS_ASSIGN(auto user, load_user(c, account->first));
    if (!user) return make_error(ErrorCode::login_failed, "account disappeared during login");
    if (!caller.session_hash.empty()) WSIS_TRY(delete_session(c, caller.session_hash));
    auto event = audit_event(caller, "auth.login", "user", std::to_string(user->id));
    event.actor_user_id = user->id;
    WSIS_TRY(db::append_audit(c, event));
    return open_session(c, *user, caller);
  });
}

Result<void> AccountsService::logout(const Caller& caller) {
  if (caller.session_hash.empty()) return Ok{};
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    auto statement = c.prepare("DELETE FROM sessions WHERE id_hash = ?");
    statement->bind_all(caller.session_hash);
    WSIS_TRY(statement->run());
    if (statement->changes() > 0 && caller.actor)
      WSIS_TRY(db::append_audit(c, audit_event(caller, "auth.logout", "user", std::to_string(caller.actor->user_id))));
    return Ok{};
  });
}

std::optional<AccountsService::SessionKey> AccountsService::session_key(std::string_view session_id) {
  if (!looks_like_secret(session_id)) return std::nullopt;
  return SessionKey{hash_secret(session_id), csrf_token_for(session_id)};
}

Result<AccountsService::SessionState> AccountsService::session_state(db::Connection& connection,
                                                                      const std::string& id_hash) {
  std::int64_t now = clock_.now_ms();
  std::int64_t created_at = 0, last_seen_at = 0;
  SessionState state;
  {
    auto statement =
        connection.prepare("SELECT sessions.created_at, sessions.last_seen_at, " WSIS_ACTOR_COLUMNS
                           " FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.id_hash = ?");
    statement->bind_all(id_hash);
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) return state;
    created_at = statement->int64(0);
    last_seen_at = statement->int64(1);
    state.actor = read_actor(*statement, 2);
  }
  // A use noted but not yet written counts.
  if (auto noted = touches_->pending(id_hash)) last_seen_at = std::max(last_seen_at, *noted);
  if (now - created_at >= options_.session_absolute_ms || now - last_seen_at >= options_.session_idle_ms) {
    touches_->forget(id_hash);
    state.actor.reset();
    state.expired = true;
    return state;
  }
  if (now - last_seen_at >= options_.touch_interval_ms) touches_->note(id_hash, now);
  return state;
}

Result<std::optional<Actor>> AccountsService::resolve_session(db::Connection& connection, const std::string& id_hash) {
  WSIS_ASSIGN(auto state, session_state(connection, id_hash));
  return std::move(state.actor);
}

Result<std::optional<Authenticated>> AccountsService::authenticate_session(std::string_view session_id) {
  using Outcome = std::optional<Authenticated>;
  auto key = session_key(session_id);
  if (!key) return Outcome{};
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto state, session_state(*connection, key->id_hash));
  if (state.expired) {
    // Best effort: a busy database must not turn a read into an error.
    auto deleted = [&]() -> Result<void> {
      WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::write));
      WSIS_TRY(delete_session(*connection, key->id_hash));
      return transaction.commit();
    }();
    if (!deleted) spdlog::debug("expired session not deleted: {}", deleted.error().detail);
  }
  if (!state.actor) return Outcome{};
  return Outcome{Authenticated{*state.actor, std::move(key->id_hash), std::move(key->csrf_token)}};
}

// --- Users -----------------------------------------------------------------------------------

Result<User> AccountsService::current_user(const Caller& caller) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_ASSIGN(auto user, find_user(actor.user_id));
  if (!user) return make_error(ErrorCode::unauthorized, "the caller's account no longer exists");
  return std::move(*user);
}

Result<std::optional<User>> AccountsService::find_user(std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  return load_user(*connection, id);
}

Result<User> AccountsService::update_profile(const Caller& caller, const ProfileForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  std::optional<std::string> new_hash;
  std::string email, stored;
  if (form.new_password || form.current_password) {
    if (caller.via_token || caller.session_hash.empty()) return forbidden("a password change needs a browser session");
    FieldErrors errors;
    if (!form.current_password) errors.add("current_password", "required");
    if (!form.new_password)
      errors.add("new_password", "required");
    else
      (void)check_new_password(*form.new_password, "new_password", errors);
    if (!errors.empty()) return errors.to_error();

    {
      WSIS_ASSIGN(auto connection, database_.connect());
      auto statement = connection->prepare("SELECT email, password_hash FROM users WHERE id = ?");
      statement->bind_all(actor.user_id);
      WSIS_ASSIGN(bool row, statement->step());
      if (!row) return make_error(ErrorCode::unauthorized, "the caller's account no longer exists");
      email = statement->string(0);
      stored = statement->string(1);
      WSIS_ASSIGN(std::int64_t wait_ms, throttle_.locked_for(*connection, email, caller.ip));
      if (wait_ms > 0) return throttled(wait_ms);
    }
    // Whoever holds a session must still know the password to change it, and guessing it
    // here counts against the same limits as guessing at the login form.
    if (!hasher_.verify(stored, *form.current_password)) {
      record_failed_login(email, caller, "password_change");
      FieldErrors wrong;
      wrong.add("current_password", "invalid_value");
      return wrong.to_error();
    }
    WSIS_ASSIGN(new_hash, hasher_.hash(*form.new_password));
  }
  if (form.language && !is_supported_language(*form.language)) {
    FieldErrors errors;
    errors.add("language", "unknown_code", {{"code", *form.language}});
    return errors.to_error();
  }
  if (form.display_name && form.display_name->empty()) {
    FieldErrors errors;
    errors.add("display_name", "empty");
    return errors.to_error();
  }

  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<User> {
    WSIS_ASSIGN(auto current, load_user(c, actor.user_id));
    if (!current) return make_error(ErrorCode::unauthorized, "the caller's account no longer exists");
    json::array changed;
    if (form.display_name && *form.display_name != current->display_name) changed.emplace_back("display_name");
    if (form.language && *form.language != current->language) changed.emplace_back("language");
    if (changed.empty() && !new_hash) return std::move(*current);
    if (new_hash) {
      // The hash checked above must still be the one stored: of two concurrent changes
      // verified against the same old password, only the first is applied.
      auto check = c.prepare("SELECT 1 FROM users WHERE id = ? AND password_hash = ?");
      check->bind_all(actor.user_id, stored);
      WSIS_ASSIGN(bool unchanged, check->step());
      if (!unchanged) return make_error(ErrorCode::conflict, "the password changed meanwhile");
    }
    std::int64_t now = clock_.now_ms();
    auto update = c.prepare(
        "UPDATE users SET display_name = ?, language = ?, password_hash = COALESCE(?, password_hash),"
        " updated_at = ? WHERE id = ?");
    update->bind_all(form.display_name.value_or(current->display_name), form.language.value_or(current->language),
                     new_hash, now, actor.user_id);
    WSIS_TRY(update->run());
    if (new_hash) {
      // Whoever else holds a session (perhaps the reason for the change) is logged out.
      auto others = c.prepare("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?");
      others->bind_all(actor.user_id, caller.session_hash);
      WSIS_TRY(others->run());
      WSIS_TRY(throttle_.reset(c, current->email));
      WSIS_TRY(db::append_audit(c, audit_event(caller, "user.password_change", "user", std::to_string(actor.user_id),
                                               to_json({{"sessions_closed", others->changes()}}))));
    }
    if (!changed.empty()) {
      WSIS_TRY(db::append_change(c, "user", std::to_string(actor.user_id), "update", "{}", now));
      WSIS_TRY(db::append_audit(c, audit_event(caller, "user.update", "user", std::to_string(actor.user_id),
                                               to_json({{"fields", changed}}))));
    }
    WSIS_ASSIGN(auto updated, load_user(c, actor.user_id));
    return std::move(*updated);
  });
}

Result<Page<User>> AccountsService::list_users(const Caller& caller, const UserFilter& filter,
                                               std::optional<std::int64_t> after, int limit) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  if (!actor.has(Role::administrator) && !actor.has(Role::moderator))
    return forbidden("listing users needs the moderator or administrator role");
  limit = std::clamp(limit, 1, 100);
  WSIS_ASSIGN(auto connection, database_.connect());
  // One statement text per combination of filters, each kept in the connection's cache.
  std::string sql = "SELECT " WSIS_USER_COLUMNS " FROM users WHERE users.id > ?";
  // As effective_roles derives them: contributor is everyone's, focal point follows the
  // membership, only the granted roles are bits of the roles column.
  bool granted_role = filter.role && (role_bit(*filter.role) & kGrantableRoles) != 0;
  if (granted_role) sql += " AND (users.roles & ?) <> 0";
  else if (filter.role == Role::focal_point) sql += " AND users.organisation_id IS NOT NULL AND users.focal_point <> 0";
  if (!filter.text.empty())
    sql += " AND (lower(users.email) LIKE ? ESCAPE '\\' OR lower(users.display_name) LIKE ? ESCAPE '\\')";
  sql += " ORDER BY users.id LIMIT ?";
  auto statement = connection->prepare(sql);
  int index = 1;
  statement->bind(index++, after.value_or(0));
  if (granted_role) statement->bind(index++, static_cast<std::int64_t>(role_bit(*filter.role)));
  if (!filter.text.empty()) {
    // The text is matched as it is: % and _ are not wildcards here.
    std::string pattern = "%";
    for (char c : filter.text) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    pattern += '%';
    statement->bind(index++, pattern);
    statement->bind(index++, pattern);
  }
  statement->bind(index++, static_cast<std::int64_t>(limit) + 1);
  Page<User> page;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    page.items.push_back(read_user(*statement));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

Result<User> AccountsService::set_roles(const Caller& caller, std::int64_t user_id, const RolesForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  if (!actor.has(Role::administrator)) return forbidden("changing roles needs the administrator role");
  std::uint32_t granted = form.roles & kGrantableRoles;
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<User> {
    WSIS_ASSIGN(Actor fresh, fresh_actor(c, actor));
    if (!fresh.has(Role::administrator)) return forbidden("changing roles needs the administrator role");
    WSIS_ASSIGN(auto target, load_user(c, user_id));
    if (!target) return not_found("no such user");
    std::uint32_t before = target->roles & kGrantableRoles;
    if (before == granted) return std::move(*target);
    bool loses_admin = (before & role_bit(Role::administrator)) && !(granted & role_bit(Role::administrator));
    if (loses_admin) {
      // Counted inside the write transaction, so two administrators demoting each other at
      // once cannot both succeed.
      auto count = c.prepare("SELECT COUNT(*) FROM users WHERE (roles & ?) <> 0");
      count->bind_all(static_cast<std::int64_t>(role_bit(Role::administrator)));
      WSIS_ASSIGN(bool row, count->step());
      if (!row || count->int64(0) <= 1)
        return make_error(ErrorCode::conflict, "the last administrator cannot lose the administrator role");
    }
    std::int64_t now = clock_.now_ms();
    auto update = c.prepare("UPDATE users SET roles = ?, updated_at = ? WHERE id = ?");
    update->bind_all(static_cast<std::int64_t>(granted), now, user_id);
    WSIS_TRY(update->run());
    WSIS_TRY(db::append_change(c, "user", std::to_string(user_id), "roles", "{}", now));
    WSIS_TRY(
        db::append_audit(c, audit_event(caller, "user.roles", "user", std::to_string(user_id),
                                        to_json({{"before", role_array(before)}, {"after", role_array(granted)}}))));
    WSIS_ASSIGN(auto updated, load_user(c, user_id));
    return std::move(*updated);
  });
}

Result<User> AccountsService::create_administrator(const RegistrationForm& form, const Caller& caller) {
  WSIS_TRY(check_registration(form));
  WSIS_ASSIGN(std::string password_hash, hasher_.hash(form.password));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<User> {
    WSIS_ASSIGN(User user, insert_user(c, form, password_hash, role_bit(Role::administrator), true));
    WSIS_TRY(db::append_audit(c, audit_event(caller, "admin.create", "user", std::to_string(user.id))));
    return user;
  });
}

// --- Audit log -------------------------------------------------------------------------------

Result<Page<AuditEntry>> AccountsService::list_audit(const Caller& caller, const std::optional<std::string>& action,
                                                     std::optional<std::int64_t> after, int limit) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  if (!actor.has(Role::administrator)) return forbidden("the audit log needs the administrator role");
  limit = std::clamp(limit, 1, 100);
  std::string sql = "SELECT id, at_ms, actor_user_id, action, target_type, target_id, ip, detail FROM audit_log";
  if (action && after)
    sql += " WHERE action = ? AND id < ?";
  else if (action)
    sql += " WHERE action = ?";
  else if (after)
    sql += " WHERE id < ?";
  sql += " ORDER BY id DESC LIMIT ?";
  WSIS_ASSIGN(auto connection, database_.connect());
  auto statement = connection->prepare(sql);
  int index = 1;
  if (action) statement->bind(index++, *action);
  if (after) statement->bind(index++, *after);
  statement->bind(index, static_cast<std::int64_t>(limit) + 1);
  Page<AuditEntry> page;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    AuditEntry entry;
    entry.id = statement->int64(0);
    entry.at = statement->int64(1);
    entry.actor_user_id = statement->is_null(2) ? 0 : statement->int64(2);
    entry.action = statement->string(3);
    entry.target_type = statement->string(4);
    entry.target_id = statement->string(5);
    entry.ip = statement->string(6);
    entry.detail = statement->string(7);
    page.items.push_back(std::move(entry));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

}  // namespace wsis::accounts
