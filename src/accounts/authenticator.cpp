#include "accounts/authenticator.h"

namespace wsis::accounts {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string cookie_attributes(bool secure) {
  return std::string("; Path=/; HttpOnly; SameSite=Lax") + (secure ? "; Secure" : "");
}

}  // namespace

http::Authenticator make_authenticator(AccountsService& service) {
  return [&service](const http::Request& request) -> Result<http::AuthOutcome> {
    http::AuthOutcome outcome;
    if (auto authorization = request.header("authorization"); !authorization.empty()) {
      // A client that sends credentials expects them to count: a bad token is an error, not
      // a silent fall-back to anonymous (or to a cookie the same client happens to hold).
      if (!starts_with_ignoring_case(authorization, "bearer "))
        return make_error(ErrorCode::unauthorized, "unsupported authorization scheme");
      WSIS_ASSIGN(auto token, service.authenticate_token(trim(authorization.substr(7))));
      outcome.actor = token.actor;
      outcome.kind = http::AuthKind::bearer;
      outcome.credential_id = std::move(token.credential_id);
      return outcome;
    }
    if (auto cookie = request.cookie(kSessionCookie)) {
      if (request.session_resolved_by_handler) {
        if (auto key = AccountsService::session_key(*cookie)) {
          outcome.kind = http::AuthKind::session;
          outcome.csrf_token = std::move(key->csrf_token);
          outcome.credential_id = std::move(key->id_hash);
        }
        return outcome;
      }
      WSIS_ASSIGN(auto session, service.authenticate_session(*cookie));
      if (session) {
        outcome.actor = session->actor;
        outcome.kind = http::AuthKind::session;
        outcome.csrf_token = std::move(session->csrf_token);
        outcome.credential_id = std::move(session->credential_id);
      }
    }
    return outcome;
  };
}

std::string session_cookie(std::string_view session_id, std::int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(session_id) + "; Max-Age=" + std::to_string(max_age_seconds) +
         cookie_attributes(secure);
}

std::string expired_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Max-Age=0" + cookie_attributes(secure);
}

Caller caller_of(const http::Request& request) {
  Caller caller;
  caller.actor = request.actor;
  caller.via_token = request.auth == http::AuthKind::bearer;
  if (request.auth == http::AuthKind::session) caller.session_hash = request.credential_id;
  caller.ip = request.remote_ip;
  return caller;
}

}  // namespace wsis::accounts
