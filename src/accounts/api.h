// The accounts module's HTTP routes (/api/v1/auth, /users, /tokens, /organisations, /audit):
// JSON in, the service, JSON or problem+json out. No rule is decided here.
#pragma once

#include "accounts/accounts_service.h"
#include "http/router.h"

namespace wsis::accounts {

struct ApiOptions {
  bool secure_cookies = false;  // ServeConfig::secure_cookies: behind HTTPS
};

void register_routes(http::Router& router, AccountsService& service, ApiOptions options = {});

}  // namespace wsis::accounts
