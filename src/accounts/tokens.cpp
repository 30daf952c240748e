// API tokens: bearer credentials for scripts and other systems. Only a hash of the secret is
// stored; the secret itself is shown once, in the answer that creates it.
#include <spdlog/spdlog.h>

#include "accounts/accounts_service.h"
#include "accounts/internal.h"
#include "core/random.h"
#include "core/text.h"

namespace wsis::accounts {

using namespace detail;

namespace {

constexpr std::string_view kTokenPrefix = "wsis_";

bool is_base64url_secret(std::string_view text) {
  if (text.size() < 16 || text.size() > 128) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

ApiToken read_token(const db::Statement& s) {
  ApiToken token;
  token.id = s.int64(0);
  token.name = s.string(1);
  token.created_at = s.int64(2);
  token.expires_at = s.optional_int64(3);
  token.last_used_at = s.optional_int64(4);
  return token;
}

}  // namespace

Result<Authenticated> AccountsService::authenticate_token(std::string_view secret) {
  if (!secret.starts_with(kTokenPrefix) || !is_base64url_secret(secret.substr(kTokenPrefix.size())))
    return make_error(ErrorCode::unauthorized, "malformed API token");
  std::string token_hash = hash_secret(secret);
  std::int64_t now = clock_.now_ms();
  WSIS_ASSIGN(auto connection, database_.connect());
  std::int64_t token_id = 0;
  std::optional<std::int64_t> last_used_at;
  User user;
  {
    auto statement = connection->prepare(
        "SELECT api_tokens.id, api_tokens.expires_at, api_tokens.revoked_at, "
        "api_tokens.last_used_at, " WSIS_USER_COLUMNS
        " FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = ?");
    statement->bind_all(token_hash);
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) return make_error(ErrorCode::unauthorized, "unknown API token");
    if (!statement->is_null(2)) return make_error(ErrorCode::unauthorized, "revoked API token");
    if (!statement->is_null(1) && statement->int64(1) <= now)
      return make_error(ErrorCode::unauthorized, "expired API token");
    token_id = statement->int64(0);
    last_used_at = statement->optional_int64(3);
    user = read_user(*statement, 4);
  }
  if (!last_used_at || now - *last_used_at >= options_.touch_interval_ms) {
    auto touched = [&]() -> Result<void> {
      WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::write));
      auto touch = connection->prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
      touch->bind_all(now, token_id);
      WSIS_TRY(touch->run());
      return transaction.commit();
    }();
    if (!touched) spdlog::debug("token last-used time not written: {}", touched.error().detail);
  }
  return Authenticated{actor_of(user), std::to_string(token_id), {}};
}

Result<std::vector<ApiToken>> AccountsService::list_tokens(const Caller& caller) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  WSIS_ASSIGN(auto connection, database_.connect());
  auto statement = connection->prepare(
      "SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens"
      " WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT ?");
  // At most 50 are active, but expired ones stay listed until revoked: bound the answer.
  statement->bind_all(actor.user_id, std::int64_t{200});
  std::vector<ApiToken> tokens;
  while (true) {
    WSIS_ASSIGN(bool row, statement->step());
    if (!row) break;
    tokens.push_back(read_token(*statement));
  }
  return tokens;
}

Result<CreatedToken> AccountsService::create_token(const Caller& caller, const TokenForm& form) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  if (caller.via_token || caller.session_hash.empty())
    return forbidden("creating an API token needs a browser session");
  FieldErrors errors;
  if (form.name.empty()) errors.add("name", "empty");
  if (count_code_points(form.name) > kMaxTokenName)
    errors.add("name", "too_long", {{"max", static_cast<std::int64_t>(kMaxTokenName)}});
  if (form.expires_in_days && (*form.expires_in_days < 1 || *form.expires_in_days > kMaxTokenDays))
    errors.add("expires_in_days", "out_of_range", {{"min", std::int64_t{1}}, {"max", kMaxTokenDays}});
  if (!errors.empty()) return errors.to_error();
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<CreatedToken> {
    std::int64_t now = clock_.now_ms();
    {
      auto count = c.prepare(
          "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL"
          " AND (expires_at IS NULL OR expires_at > ?)");
      count->bind_all(actor.user_id, now);
      WSIS_ASSIGN(bool row, count->step());
      if (row && count->int64(0) >= options_.max_tokens_per_user)
        return make_error(ErrorCode::conflict, "too many active API tokens; revoke one first");
    }
    CreatedToken created;
    created.secret = std::string(kTokenPrefix) + random_token(32);
    created.token.name = form.name;
    created.token.created_at = now;
    if (form.expires_in_days) created.token.expires_at = now + *form.expires_in_days * kDayMs;
    auto insert = c.prepare(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id");
    insert->bind_all(actor.user_id, form.name, hash_secret(created.secret), now, created.token.expires_at);
    WSIS_ASSIGN(bool row, insert->step());
    if (!row) return make_error(ErrorCode::internal, "token insert returned no id");
    created.token.id = insert->int64(0);
    WSIS_TRY(insert->run());
    WSIS_TRY(db::append_audit(c, audit_event(caller, "token.create", "token", std::to_string(created.token.id),
                                             to_json({{"name", form.name}}))));
    return created;
  });
}

Result<void> AccountsService::revoke_token(const Caller& caller, std::int64_t token_id) {
  WSIS_ASSIGN(Actor actor, require_actor(caller));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    // Scoped to the caller's own tokens: someone else's is "not found", not "forbidden", so
    // token ids cannot be probed.
    auto update = c.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
    update->bind_all(clock_.now_ms(), token_id, actor.user_id);
    WSIS_TRY(update->run());
    if (update->changes() == 0) return not_found("no such API token");
    return db::append_audit(c, audit_event(caller, "token.revoke", "token", std::to_string(token_id)));
  });
}

}  // namespace wsis::accounts
