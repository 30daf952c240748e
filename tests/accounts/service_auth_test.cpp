// The accounts service without HTTP: registration, login, throttling, sessions, password
// changes and API tokens, with a manual clock for every deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "accounts_fixture.h"
#include "core/random.h"

namespace wsis::testing {
namespace {

using accounts::Caller;
using accounts::LoginForm;
using accounts::ProfileForm;
using accounts::RegistrationForm;
using accounts::TokenForm;

Caller from_ip(const std::string& ip) {
  Caller caller;
  caller.ip = ip;
  return caller;
}

using accounts_registration = ServiceTest;
using accounts_login = ServiceTest;
using accounts_throttle = ServiceTest;
using accounts_sessions = ServiceTest;
using accounts_password_change = ServiceTest;
using accounts_tokens = ServiceTest;

TEST_F(accounts_registration, CreatesALoggedInContributor) {
  auto grant = register_user("ada@example.org", "Ada");
  EXPECT_GT(grant.user.id, 0);
  EXPECT_EQ(grant.user.roles, static_cast<std::uint32_t>(Role::contributor));
  EXPECT_FALSE(grant.user.email_verified);
  EXPECT_EQ(grant.session_id.size(), 43u);
  EXPECT_EQ(grant.csrf_token, accounts::AccountsService::csrf_token_for(grant.session_id));
  auto caller = session_caller(grant);
  ASSERT_TRUE(caller.actor);
  EXPECT_EQ(caller.actor->user_id, grant.user.id);
  // The user row, its change-feed entry and its audit entry were written together.
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'user' AND op = 'create' AND entity_id = '" +
                  std::to_string(grant.user.id) + "'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.register' AND actor_user_id = " +
                  std::to_string(grant.user.id) + " AND ip = '192.0.2.1'"),
            1);
}

TEST_F(accounts_registration, EmailTakenChangesNothing) {
  register_user("ada@example.org");
  auto before_feed = count("SELECT COUNT(*) FROM change_feed");
  auto again = service_->register_user(RegistrationForm{"ada@example.org", kPassword, "Other", "fr"}, from_ip("x"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::email_taken);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed"), before_feed);
}

TEST_F(accounts_registration, ServiceEnforcesThePolicyForHandMadeForms) {
  auto weak = service_->register_user(RegistrationForm{"bob@example.org", "short", "Bob", "en"}, {});
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().code, ErrorCode::validation);
  ASSERT_EQ(weak.error().fields.size(), 1u);
  EXPECT_EQ(weak.error().fields[0].code, "weak_password");
  auto language = service_->register_user(RegistrationForm{"bob@example.org", kPassword, "Bob", "de"}, {});
  ASSERT_FALSE(language.ok());
  EXPECT_EQ(language.error().fields.at(0).field, "language");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_F(accounts_registration, PasswordsAndSessionIdsAreStoredOnlyHashed) {
  auto grant = register_user("ada@example.org");
  auto connection = database_->connect();
  ASSERT_TRUE(connection.ok());
  auto users = (*connection)->prepare("SELECT password_hash FROM users");
  ASSERT_TRUE(*users->step());
  EXPECT_TRUE(users->string(0).starts_with("$argon2id$"));
  EXPECT_EQ(users->string(0).find(kPassword), std::string::npos);
  auto sessions = (*connection)->prepare("SELECT id_hash FROM sessions");
  ASSERT_TRUE(*sessions->step());
  EXPECT_EQ(sessions->string(0), hash_secret(grant.session_id));
  EXPECT_EQ(sessions->string(0).find(grant.session_id), std::string::npos);
}

TEST_F(accounts_login, SucceedsWithTheRightPasswordOnly) {
  auto registered = register_user("ada@example.org");
  auto wrong = service_->login(LoginForm{"ada@example.org", "not the password"}, from_ip("192.0.2.9"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::login_failed);
  auto unknown = service_->login(LoginForm{"nobody@example.org", kPassword}, from_ip("192.0.2.9"));
  ASSERT_FALSE(unknown.ok());
  // Indistinguishable to the caller.
  EXPECT_EQ(unknown.error().code, ErrorCode::login_failed);
  EXPECT_EQ(unknown.error().detail, wrong.error().detail);
  auto right = service_->login(LoginForm{"ada@example.org", kPassword}, from_ip("192.0.2.9"));
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(right->user.id, registered.user.id);
  EXPECT_NE(right->session_id, registered.session_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND ip = '192.0.2.9'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login' AND target_id = '" +
                  std::to_string(registered.user.id) + "'"),
            1);
}

TEST_F(accounts_login, ReplacesTheCallersPreviousSession) {
  auto first = register_user("ada@example.org");
  auto caller = session_caller(first);
  auto second = service_->login(LoginForm{"ada@example.org", kPassword}, caller);
  ASSERT_TRUE(second.ok());
  auto old = service_->authenticate_session(first.session_id);
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 1);
}

TEST_F(accounts_login, UpgradesHashesMadeWithOlderParameters) {
  // Registered while the cost was at the minimum ...
  register_user("ada@example.org");
  auto connection = database_->connect();
  ASSERT_TRUE(connection.ok());
  auto read_hash = [&] {
    auto s = (*connection)->prepare("SELECT password_hash FROM users WHERE email = 'ada@example.org'");
    EXPECT_TRUE(*s->step());
    return s->string(0);
  };
  std::string old_hash = read_hash();
  accounts::AccountsService interactive(*database_, clock_);  // ... now at interactive limits
  EXPECT_TRUE(interactive.hasher().needs_rehash(old_hash));
  auto wrong = interactive.login(LoginForm{"ada@example.org", "not the password"}, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(read_hash(), old_hash);  // a failed login upgrades nothing
  auto grant = interactive.login(LoginForm{"ada@example.org", kPassword}, {});
  ASSERT_TRUE(grant.ok());
  std::string new_hash = read_hash();
  EXPECT_NE(new_hash, old_hash);
  EXPECT_TRUE(new_hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_FALSE(interactive.hasher().needs_rehash(new_hash));
  EXPECT_TRUE(interactive.login(LoginForm{"ada@example.org", kPassword}, {}).ok());
  EXPECT_EQ(read_hash(), new_hash);  // already current: left alone
}

TEST_F(accounts_throttle, FiveFailuresLockTheEmailForFifteenMinutes) {
  register_user("ada@example.org");
  for (int i = 0; i < 5; ++i) {
    auto failed =
        service_->login(LoginForm{"ada@example.org", "guess number " + std::to_string(i)}, from_ip("198.51.100.1"));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::login_failed) << i;
    clock_.advance(kMinuteMs);
  }
  // Even the right password, from another address, is refused while locked.
  auto locked = service_->login(LoginForm{"ada@example.org", kPassword}, from_ip("203.0.113.7"));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::too_many_requests);
  // Locked at the fifth failure (4 minutes after the first), for 15 minutes from then.
  EXPECT_EQ(locked.error().retry_after_seconds, 14 * 60);
  ASSERT_EQ(locked.error().args.size(), 1u);
  EXPECT_EQ(locked.error().args[0].name, "seconds");
  EXPECT_EQ(std::get<std::int64_t>(locked.error().args[0].value), 14 * 60);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.locked' AND target_id = 'ada@example.org'"), 1);
  // Refused attempts do not count as failures (or the lock would never end).
  EXPECT_EQ(count("SELECT COUNT(*) FROM login_failures WHERE email = 'ada@example.org'"), 5);

  clock_.advance(14 * kMinuteMs - 1000);
  auto still = service_->login(LoginForm{"ada@example.org", kPassword}, from_ip("203.0.113.7"));
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.error().code, ErrorCode::too_many_requests);
  EXPECT_EQ(still.error().retry_after_seconds, 1);
  clock_.advance(1000);
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, from_ip("203.0.113.7")).ok());
}

TEST_F(accounts_throttle, UnknownEmailsAreLockedAlike) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(service_->login(LoginForm{"ghost@example.org", "guess guess"}, from_ip("198.51.100.1")).error().code,
              ErrorCode::login_failed);
  // Locking does not reveal whether an account exists.
  EXPECT_EQ(service_->login(LoginForm{"ghost@example.org", "guess guess"}, from_ip("198.51.100.1")).error().code,
            ErrorCode::too_many_requests);
}

TEST_F(accounts_throttle, FailuresOutsideTheWindowDoNotCount) {
  register_user("ada@example.org");
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(service_->login(LoginForm{"ada@example.org", "wrong password"}, {}).ok());
  clock_.advance(15 * kMinuteMs + 1);
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(service_->login(LoginForm{"ada@example.org", "wrong password"}, {}).ok());
  // Eight failures, but never five within fifteen minutes.
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, {}).ok());
}

TEST_F(accounts_throttle, SuccessForgivesTheEmailsFailures) {
  register_user("ada@example.org");
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(service_->login(LoginForm{"ada@example.org", "wrong password"}, {}).ok());
  ASSERT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, {}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM login_failures WHERE email = 'ada@example.org'"), 0);
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(service_->login(LoginForm{"ada@example.org", "wrong password"}, {}).ok());
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, {}).ok());
}

TEST_F(accounts_throttle, FiftyFailuresFromOneAddressLockIt) {
  register_user("ada@example.org");
  const std::string attacker = "198.51.100.66";
  // Spread over many emails, four each: no email lock, only the address's.
  for (int i = 0; i < 50; ++i) {
    auto failed = service_->login(LoginForm{"victim" + std::to_string(i / 4) + "@example.org", "password guess"},
                                  from_ip(attacker));
    ASSERT_EQ(failed.error().code, ErrorCode::login_failed) << i;
  }
  auto locked = service_->login(LoginForm{"ada@example.org", kPassword}, from_ip(attacker));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::too_many_requests);
  EXPECT_EQ(locked.error().retry_after_seconds, 15 * 60);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.locked' AND target_type = 'ip'"), 1);
  // Other addresses are not affected, and a success elsewhere does not unlock the attacker.
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, from_ip("203.0.113.7")).ok());
  EXPECT_EQ(service_->login(LoginForm{"ada@example.org", kPassword}, from_ip(attacker)).error().code,
            ErrorCode::too_many_requests);
  clock_.advance(15 * kMinuteMs);
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, from_ip(attacker)).ok());
}

TEST_F(accounts_throttle, FailuresAreRecordedEvenThoughTheRequestFails) {
  register_user("ada@example.org");
  ASSERT_FALSE(service_->login(LoginForm{"ada@example.org", "wrong password"}, from_ip("198.51.100.1")).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM login_failures WHERE email = 'ada@example.org' AND ip = '198.51.100.1'"), 1);
}

TEST_F(accounts_sessions, IdleSessionsExpireAfterSevenDays) {
  auto grant = register_user("ada@example.org");
  clock_.advance(7 * accounts::kDayMs - 1);
  EXPECT_TRUE(session_caller(grant).actor);  // and this use counts: last seen now
  clock_.advance(7 * accounts::kDayMs - 1);
  EXPECT_TRUE(session_caller(grant).actor);
  clock_.advance(7 * accounts::kDayMs);
  auto expired = service_->authenticate_session(grant.session_id);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);  // and removed
}

TEST_F(accounts_sessions, SessionsEndThirtyDaysAfterLoginHoweverUsed) {
  auto grant = register_user("ada@example.org");
  for (int day = 1; day < 30; ++day) {
    clock_.advance(accounts::kDayMs);
    ASSERT_TRUE(session_caller(grant).actor) << "day " << day;
  }
  clock_.advance(accounts::kDayMs);
  auto expired = service_->authenticate_session(grant.session_id);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
}

TEST_F(accounts_sessions, LastSeenIsWrittenAtMostOnceAMinute) {
  auto grant = register_user("ada@example.org");
  // Uses are written in batches: each check writes what is noted first.
  auto last_seen = [&] {
    EXPECT_TRUE(service_->flush_session_touches().ok());
    return count("SELECT last_seen_at FROM sessions");
  };
  EXPECT_EQ(last_seen(), kStartMs);
  clock_.advance(30'000);
  ASSERT_TRUE(session_caller(grant).actor);
  EXPECT_EQ(last_seen(), kStartMs);
  clock_.advance(30'000);
  ASSERT_TRUE(session_caller(grant).actor);
  EXPECT_EQ(last_seen(), kStartMs + 60'000);
  clock_.advance(59'000);
  ASSERT_TRUE(session_caller(grant).actor);
  EXPECT_EQ(last_seen(), kStartMs + 60'000);
}

TEST_F(accounts_sessions, UsesKeepASessionAliveBeforeAndAfterTheirBatchIsWritten) {
  auto grant = register_user("ada@example.org");
  // A use is not written at once (a request never waits for that write) ...
  clock_.advance(6 * accounts::kDayMs);
  ASSERT_TRUE(session_caller(grant).actor);
  EXPECT_EQ(count("SELECT last_seen_at FROM sessions"), kStartMs);
  // ... yet it counts: six more days would be twelve since the last written use.
  clock_.advance(6 * accounts::kDayMs);
  ASSERT_TRUE(session_caller(grant).actor);
  // Written in one batch, it keeps the session alive for whoever reads the table too.
  ASSERT_TRUE(service_->flush_session_touches().ok());
  EXPECT_EQ(count("SELECT last_seen_at FROM sessions"), kStartMs + 12 * accounts::kDayMs);
  clock_.advance(6 * accounts::kDayMs);
  ASSERT_TRUE(session_caller(grant).actor);
  // And a session left idle for seven days still ends.
  clock_.advance(7 * accounts::kDayMs);
  auto expired = service_->authenticate_session(grant.session_id);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
}

TEST_F(accounts_sessions, UsesAreWrittenByTheBackgroundBatchWithoutAFlush) {
  auto grant = register_user("ada@example.org");
  clock_.advance(61'000);
  ASSERT_TRUE(session_caller(grant).actor);
  // The batch runs every touch_flush_interval_ms of real time (the fixture's default: 1 s).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (count("SELECT last_seen_at FROM sessions") != kStartMs + 61'000 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(count("SELECT last_seen_at FROM sessions"), kStartMs + 61'000);
}

TEST_F(accounts_sessions, UnknownAndMalformedSessionIdsAreAnonymous) {
  register_user("ada@example.org");
  for (std::string id :
       {std::string(), std::string("short"), random_token(32), std::string(43, '*'), std::string(500, 'a')}) {
    auto session = service_->authenticate_session(id);
    ASSERT_TRUE(session.ok());
    EXPECT_FALSE(session->has_value()) << id;
  }
}

TEST_F(accounts_sessions, LogoutDeletesOnlyTheCallersSession) {
  auto first = register_user("ada@example.org");
  auto second = service_->login(LoginForm{"ada@example.org", kPassword}, {});
  ASSERT_TRUE(second.ok());
  auto caller = session_caller(first);
  ASSERT_TRUE(service_->logout(caller).ok());
  EXPECT_FALSE(service_->authenticate_session(first.session_id)->has_value());
  EXPECT_TRUE(service_->authenticate_session(second->session_id)->has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout'"), 1);
  // Logging out again, or without a session, is harmless.
  EXPECT_TRUE(service_->logout(caller).ok());
  EXPECT_TRUE(service_->logout(Caller{}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout'"), 1);
}

TEST_F(accounts_sessions, CsrfTokensDifferPerSession) {
  auto a = register_user("ada@example.org");
  auto b = register_user("bob@example.org");
  EXPECT_NE(a.csrf_token, b.csrf_token);
  EXPECT_EQ(a.csrf_token.size(), 64u);
  auto session = service_->authenticate_session(a.session_id);
  ASSERT_TRUE(session.ok() && session->has_value());
  EXPECT_EQ((*session)->csrf_token, a.csrf_token);
  // Neither the stored hash nor the CSRF token gives the session id back, nor each other.
  EXPECT_NE(a.csrf_token, hash_secret(a.session_id));
}

TEST_F(accounts_sessions, RolesAreReadFreshOnEveryRequest) {
  auto admin = make_admin("root@example.org");
  auto user = register_user("ada@example.org");
  EXPECT_FALSE(session_caller(user).actor->has(Role::moderator));
  ASSERT_TRUE(
      service_->set_roles(session_caller(admin), user.user.id, {static_cast<std::uint32_t>(Role::moderator)}).ok());
  EXPECT_TRUE(session_caller(user).actor->has(Role::moderator));
}

TEST_F(accounts_password_change, NeedsTheCurrentPasswordAndClosesOtherSessions) {
  auto current = register_user("ada@example.org");
  auto other = service_->login(LoginForm{"ada@example.org", kPassword}, {});
  ASSERT_TRUE(other.ok());
  auto caller = session_caller(current);

  ProfileForm wrong;
  wrong.current_password = "not my password";
  wrong.new_password = "a brand new password";
  auto refused = service_->update_profile(caller, wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::validation);
  EXPECT_EQ(refused.error().fields.at(0).field, "current_password");
  EXPECT_EQ(count("SELECT COUNT(*) FROM login_failures WHERE email = 'ada@example.org'"), 1);
  EXPECT_TRUE(service_->authenticate_session(other->session_id)->has_value());

  ProfileForm change;
  change.current_password = kPassword;
  change.new_password = "a brand new password";
  change.display_name = "Ada L.";
  auto changed = service_->update_profile(caller, change);
  ASSERT_TRUE(changed.ok()) << changed.error().detail;
  EXPECT_EQ(changed->display_name, "Ada L.");
  EXPECT_TRUE(service_->authenticate_session(current.session_id)->has_value());
  EXPECT_FALSE(service_->authenticate_session(other->session_id)->has_value());
  EXPECT_FALSE(service_->login(LoginForm{"ada@example.org", kPassword}, {}).ok());
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", "a brand new password"}, {}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_change'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'user' AND op = 'update'"), 1);
}

TEST_F(accounts_password_change, GuessingTheCurrentPasswordIsThrottled) {
  auto grant = register_user("ada@example.org");
  auto caller = session_caller(grant);
  ProfileForm guess;
  guess.current_password = "guess guess";
  guess.new_password = "a brand new password";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(service_->update_profile(caller, guess).error().code, ErrorCode::validation);
  EXPECT_EQ(service_->update_profile(caller, guess).error().code, ErrorCode::too_many_requests);
}

TEST_F(accounts_password_change, RefusedThroughAnApiToken) {
  auto grant = register_user("ada@example.org");
  auto token = service_->create_token(session_caller(grant), TokenForm{"script", std::nullopt});
  ASSERT_TRUE(token.ok());
  ProfileForm change;
  change.current_password = kPassword;
  change.new_password = "a brand new password";
  auto refused = service_->update_profile(token_caller(token->secret), change);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_TRUE(service_->login(LoginForm{"ada@example.org", kPassword}, {}).ok());
}

TEST_F(accounts_tokens, SecretIsShownOnceAndStoredHashed) {
  auto grant = register_user("ada@example.org");
  auto created = service_->create_token(session_caller(grant), TokenForm{"CI pipeline", 30});
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->secret.starts_with("wsis_"));
  EXPECT_EQ(created->secret.size(), 5u + 43u);
  EXPECT_EQ(created->token.expires_at, kStartMs + 30 * accounts::kDayMs);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '" + hash_secret(created->secret) + "'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE '%" + created->secret.substr(5, 20) + "%'"),
            0);
  auto authenticated = service_->authenticate_token(created->secret);
  ASSERT_TRUE(authenticated.ok());
  EXPECT_EQ(authenticated->actor.user_id, grant.user.id);
  EXPECT_EQ(authenticated->credential_id, std::to_string(created->token.id));
  auto listed = service_->list_tokens(session_caller(grant));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).name, "CI pipeline");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'token.create'"), 1);
}

TEST_F(accounts_tokens, ExpireAtTheirDeadline) {
  auto grant = register_user("ada@example.org");
  auto created = service_->create_token(session_caller(grant), TokenForm{"one day", 1});
  ASSERT_TRUE(created.ok());
  clock_.advance(accounts::kDayMs - 1);
  EXPECT_TRUE(service_->authenticate_token(created->secret).ok());
  clock_.advance(1);
  auto expired = service_->authenticate_token(created->secret);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::unauthorized);
}

TEST_F(accounts_tokens, RevokedTokensStopWorkingAndOthersCannotRevoke) {
  auto ada = register_user("ada@example.org");
  auto bob = register_user("bob@example.org");
  auto created = service_->create_token(session_caller(ada), TokenForm{"script", std::nullopt});
  ASSERT_TRUE(created.ok());
  auto by_bob = service_->revoke_token(session_caller(bob), created->token.id);
  ASSERT_FALSE(by_bob.ok());
  EXPECT_EQ(by_bob.error().code, ErrorCode::not_found);
  EXPECT_TRUE(service_->authenticate_token(created->secret).ok());
  ASSERT_TRUE(service_->revoke_token(session_caller(ada), created->token.id).ok());
  auto revoked = service_->authenticate_token(created->secret);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, ErrorCode::unauthorized);
  EXPECT_EQ(service_->revoke_token(session_caller(ada), created->token.id).error().code, ErrorCode::not_found);
  EXPECT_TRUE(service_->list_tokens(session_caller(ada))->empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'"), 1);
}

TEST_F(accounts_tokens, MalformedAndUnknownSecretsAreUnauthorized) {
  for (std::string secret : {std::string(), std::string("wsis_"), std::string("wsis_short"), "wsis_" + random_token(32),
                             "xxxx_" + random_token(32), "wsis_" + std::string(40, '!')}) {
    auto result = service_->authenticate_token(secret);
    ASSERT_FALSE(result.ok()) << secret;
    EXPECT_EQ(result.error().code, ErrorCode::unauthorized);
  }
}

TEST_F(accounts_tokens, CreatingNeedsABrowserSessionAndHasALimit) {
  auto grant = register_user("ada@example.org");
  auto first = service_->create_token(session_caller(grant), TokenForm{"first", std::nullopt});
  ASSERT_TRUE(first.ok());
  auto via_token = service_->create_token(token_caller(first->secret), TokenForm{"successor", std::nullopt});
  ASSERT_FALSE(via_token.ok());
  EXPECT_EQ(via_token.error().code, ErrorCode::forbidden);
  for (int i = 1; i < 50; ++i)
    ASSERT_TRUE(service_->create_token(session_caller(grant), TokenForm{"t" + std::to_string(i), std::nullopt}).ok());
  auto over = service_->create_token(session_caller(grant), TokenForm{"one too many", std::nullopt});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::conflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_tokens"), 50);
}

}  // namespace
}  // namespace wsis::testing
