// The accounts module's values as services return them. None of them carries a password hash
// or a token hash: those never leave accounts_service.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"

namespace wsis::accounts {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::string language;
  std::uint32_t roles = 0;  // every role, contributor and focal point included (core/actor.h)
  std::optional<std::int64_t> organisation_id;
  bool email_verified = false;
  std::int64_t created_at = 0;  // unix ms
};

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::string stakeholder_type;  // a code of reference::ReferenceData::stakeholder_types()
  std::string country;           // ISO 3166-1 alpha-3
  std::optional<std::string> website;
  std::int64_t version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Member {
  std::int64_t user_id = 0;
  std::string email;
  std::string display_name;
  bool focal_point = false;
};

struct ApiToken {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> last_used_at;
};

// A token just created: the only time its secret exists outside the client.
struct CreatedToken {
  ApiToken token;
  std::string secret;  // "wsis_" + 43 characters of base64url
};

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::int64_t actor_user_id = 0;  // 0: anonymous or the system
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string detail;  // JSON or empty
};

// One page of a keyset-paginated list; `next_after` is the key to continue after, if any.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> next_after;
};

// Who calls a service function and how: what permission checks and the audit log need.
struct Caller {
  std::optional<Actor> actor;  // nullopt: anonymous
  bool via_token = false;      // authenticated by an API token rather than a browser session
  std::string session_hash;    // hash of the caller's browser session, if that is how
  std::string ip;              // for the audit log and per-IP throttling; "" from the CLI
};

// A browser session just opened (register, login): the cookie value and the CSRF token that
// state-changing requests must echo. Neither is stored as such.
struct SessionGrant {
  User user;
  std::string session_id;
  std::string csrf_token;
};

// What a valid session cookie or API token resolves to.
struct Authenticated {
  Actor actor;
  std::string credential_id;  // session: hash of its id; token: the token's id
  std::string csrf_token;     // session only
};

}  // namespace wsis::accounts
