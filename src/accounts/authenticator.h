// How a request becomes a caller: the pipeline's authenticator hook (a bearer token, else the
// session cookie), and the session cookie itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "accounts/accounts_service.h"
#include "http/message.h"
#include "http/pipeline.h"

namespace wsis::accounts {

inline constexpr std::string_view kSessionCookie = "wsis_session";

// For Pipeline::set_authenticator. "Authorization: Bearer wsis_..." is checked first and
// must be valid (else 401; any other scheme is 401 too); then the session cookie, whose
// absence, expiry or unknown value leaves the request anonymous. A session also yields its
// CSRF token, which the pipeline then requires on unsafe methods. On a route whose handler
// resolves the session (RouteOptions::session_resolved_by_handler) the cookie is only named:
// its key and CSRF token, no actor, no database read.
http::Authenticator make_authenticator(AccountsService& service);

// The Set-Cookie value of a new session: HttpOnly (no script can read it), SameSite=Lax (not
// sent with cross-site subrequests or form posts), Path=/, Max-Age; Secure when `secure`.
std::string session_cookie(std::string_view session_id, std::int64_t max_age_seconds, bool secure);
// The same cookie emptied with Max-Age=0, which makes the browser drop it.
std::string expired_session_cookie(bool secure);

// The Caller the service needs, from what the authenticator put on the request.
Caller caller_of(const http::Request& request);

}  // namespace wsis::accounts
