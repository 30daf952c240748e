#include "accounts/api.h"

#include <boost/json.hpp>
#include <charconv>
#include <functional>
#include <memory>

#include "accounts/authenticator.h"
#include "accounts/roles.h"
#include "core/clock.h"
#include "core/json_input.h"
#include "http/pagination.h"
#include "http/problem.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::accounts {

namespace {

// Bodies here are a few fields; nothing needs more.
http::RouteOptions small_body() {
  http::RouteOptions options;
  options.body_limit = 16 * 1024;
  return options;
}

json::value optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(format_timestamp(*ms)) : json::value(nullptr);
}

json::object user_json(const User& user) {
  json::array roles;
  for (auto name : role_names(user.roles)) roles.emplace_back(name);
  return {{"id", user.id},
          {"email", user.email},
          {"display_name", user.display_name},
          {"language", user.language},
          {"roles", std::move(roles)},
          {"organisation_id", user.organisation_id ? json::value(*user.organisation_id) : json::value(nullptr)},
          {"email_verified", user.email_verified},
          {"created_at", format_timestamp(user.created_at)}};
}

json::object organisation_json(const Organisation& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"stakeholder_type", o.stakeholder_type},
          {"country", o.country},
          {"website", o.website ? json::value(*o.website) : json::value(nullptr)},
          {"version", o.version},
          {"created_at", format_timestamp(o.created_at)},
          {"updated_at", format_timestamp(o.updated_at)}};
}

json::object token_json(const ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", format_timestamp(t.created_at)},
          {"expires_at", optional_time(t.expires_at)},
          {"last_used_at", optional_time(t.last_used_at)}};
}

json::object member_json(const Member& m) {
  return {{"user_id", m.user_id}, {"email", m.email}, {"display_name", m.display_name}, {"focal_point", m.focal_point}};
}

json::object audit_json(const AuditEntry& e) {
  json::value detail = nullptr;
  if (!e.detail.empty()) {
    boost::system::error_code ec;
    detail = json::parse(e.detail, ec);
    if (ec) detail = json::value(e.detail);
  }
  return {{"id", e.id},
          {"at", format_timestamp(e.at)},
          {"actor_user_id", e.actor_user_id ? json::value(e.actor_user_id) : json::value(nullptr)},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"ip", e.ip},
          {"detail", std::move(detail)}};
}

std::string etag_of(const Organisation& o) { return "\"v" + std::to_string(o.version) + "\""; }


// If-Match: the versions it names ("v<N>" strong tags). "*" would match any version and so
// defeat the point of asking for it: it counts as no If-Match.
ExpectedVersion expected_version(std::string_view header) {
  ExpectedVersion expected;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  header = trim(header);
  if (header.empty() || header == "*") return expected;
  expected.given = true;
  while (!header.empty() && expected.versions.size() < 16) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (item.size() < 4 || !item.starts_with("\"v") || !item.ends_with('"')) continue;
    auto digits = item.substr(2, item.size() - 3);
    std::int64_t version = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec == std::errc() && ptr == digits.data() + digits.size()) expected.versions.push_back(version);
  }
  return expected;
}

Result<json::object> json_body(const http::Request& request) { return parse_json_object(request.body); }

json::object session_body(const User& user, const std::string& csrf_token) {
  return {{"user", user_json(user)},
          {"csrf_token", csrf_token.empty() ? json::value(nullptr) : json::value(csrf_token)}};
}

// A reference code in a query parameter, checked like a body field would be.
Result<std::optional<std::string>> code_param(const http::Request& request, std::string_view name,
                                              bool (*known)(std::string_view)) {
  auto value = request.query_param(name);
  if (!value || value->empty()) return std::optional<std::string>{};
  if (value->size() > 64 || !known(*value)) {
    FieldErrors errors;
    errors.add(std::string(name), "unknown_code", {{"code", std::string(value->substr(0, 64))}});
    return errors.to_error(ErrorCode::invalid_query);
  }
  return std::optional<std::string>{std::string(*value)};
}

bool known_country(std::string_view code) { return reference::ReferenceData::instance().country(code) != nullptr; }
bool known_stakeholder_type(std::string_view code) {
  return reference::ReferenceData::instance().is_stakeholder_type(code);
}

Result<std::optional<std::string>> action_param(const http::Request& request) {
  auto value = request.query_param("action");
  if (!value || value->empty()) return std::optional<std::string>{};
  bool ok = value->size() <= 64;
  for (char c : *value) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
  if (!ok) {
    FieldErrors errors;
    errors.add("action", "invalid_value");
    return errors.to_error(ErrorCode::invalid_query);
  }
  return std::optional<std::string>{std::string(*value)};
}

// GET /users?role=prize_expert&q=ana: a role by its API name; q, a piece of an email or name.
Result<UserFilter> user_filter(const http::Request& request) {
  constexpr std::size_t kMaxText = 100;
  UserFilter filter;
  FieldErrors errors;
  if (auto role = request.query_param("role"); role && !role->empty()) {
    filter.role = role_from_name(*role);
    if (!filter.role) errors.add("role", "unknown_code", {{"code", std::string(role->substr(0, 64))}});
  }
  if (auto text = request.query_param("q")) {
    if (text->size() > kMaxText) errors.add("q", "too_long", {{"max", static_cast<std::int64_t>(kMaxText)}});
    else filter.text = std::string(*text);
  }
  if (!errors.empty()) return errors.to_error(ErrorCode::invalid_query);
  return filter;
}

template <typename T, typename ToJson>
json::object page_json(const Page<T>& page, ToJson to_json) {
  json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  std::optional<std::string> next;
  if (page.next_after) next = http::encode_id_cursor(*page.next_after);
  return http::page_body(std::move(items), next);
}

// One member function per route: JSON in, the service, JSON out. Each returns a Result so
// that WSIS_TRY/WSIS_ASSIGN carry any error to one place (route()), where it becomes a
// problem+json answer in the caller's language.
class Handlers {
 public:
  Handlers(AccountsService& service, ApiOptions options) : s_(service), options_(options) {}

  // --- auth ------------------------------------------------------------------------------
  Result<http::Response> register_user(http::Request& r) {
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_registration(body, r.lang));
    WSIS_ASSIGN(auto grant, s_.register_user(form, caller_of(r)));
    return with_session(http::json_response(201, session_body(grant.user, grant.csrf_token)), grant);
  }

  Result<http::Response> login(http::Request& r) {
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_login(body));
    WSIS_ASSIGN(auto grant, s_.login(form, caller_of(r)));
    return with_session(http::json_response(200, session_body(grant.user, grant.csrf_token)), grant);
  }

  Result<http::Response> logout(http::Request& r) {
    WSIS_TRY(s_.logout(caller_of(r)));
    auto response = http::no_content();
    response.set_header("set-cookie", expired_session_cookie(options_.secure_cookies));
    return response;
  }

  Result<http::Response> session(http::Request& r) {
    WSIS_ASSIGN(auto user, s_.current_user(caller_of(r)));
    // The CSRF token is derived from the cookie the authenticator just accepted.
    std::string csrf;
    if (r.auth == http::AuthKind::session)
      if (auto cookie = r.cookie(kSessionCookie)) csrf = AccountsService::csrf_token_for(*cookie);
    auto response = http::json_response(200, session_body(user, csrf));
    response.set_header("cache-control", "no-store");
    return response;
  }

  // --- users -----------------------------------------------------------------------------
  Result<http::Response> me(http::Request& r) {
    WSIS_ASSIGN(auto user, s_.current_user(caller_of(r)));
    return http::json_response(200, user_json(user));
  }

  Result<http::Response> update_me(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_profile(body));
    WSIS_ASSIGN(auto user, s_.update_profile(caller_of(r), form));
    return http::json_response(200, user_json(user));
  }

  Result<http::Response> list_users(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto page, http::parse_page(r));
    WSIS_ASSIGN(auto after, page.after_id());
    WSIS_ASSIGN(auto filter, user_filter(r));
    WSIS_ASSIGN(auto users, s_.list_users(caller_of(r), filter, after, page.limit));
    return http::json_response(200, page_json(users, user_json));
  }

  Result<http::Response> set_roles(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_roles(body));
    WSIS_ASSIGN(auto user, s_.set_roles(caller_of(r), id, form));
    return http::json_response(200, user_json(user));
  }

  // --- API tokens ------------------------------------------------------------------------
  Result<http::Response> list_tokens(http::Request& r) {
    WSIS_ASSIGN(auto tokens, s_.list_tokens(caller_of(r)));
    json::array items;
    for (const auto& t : tokens) items.push_back(token_json(t));
    return http::json_response(200, {{"items", std::move(items)}});
  }

  Result<http::Response> create_token(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_token(body));
    WSIS_ASSIGN(auto created, s_.create_token(caller_of(r), form));
    json::object out = token_json(created.token);
    out["token"] = created.secret;
    auto response = http::json_response(201, out);
    // The secret is in this body and nowhere else: no cache may keep a copy.
    response.set_header("cache-control", "no-store");
    return response;
  }

  Result<http::Response> revoke_token(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_TRY(s_.revoke_token(caller_of(r), id));
    return http::no_content();
  }

  // --- organisations ---------------------------------------------------------------------
  Result<http::Response> list_organisations(http::Request& r) {
    WSIS_ASSIGN(auto page, http::parse_page(r));
    WSIS_ASSIGN(auto after, page.after_id());
    OrganisationFilter filter;
    WSIS_ASSIGN(filter.country, code_param(r, "country", known_country));
    WSIS_ASSIGN(filter.stakeholder_type, code_param(r, "stakeholder_type", known_stakeholder_type));
    WSIS_ASSIGN(auto organisations, s_.list_organisations(filter, after, page.limit));
    return http::json_response(200, page_json(organisations, organisation_json));
  }

  Result<http::Response> create_organisation(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_organisation(body));
    WSIS_ASSIGN(auto organisation, s_.create_organisation(caller_of(r), form));
    auto response = http::json_response(201, organisation_json(organisation));
    response.set_header("etag", etag_of(organisation));
    response.set_header("location", "/api/v1/organisations/" + std::to_string(organisation.id));
    return response;
  }

  Result<http::Response> get_organisation(http::Request& r) {
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto organisation, s_.get_organisation(id));
    auto response = http::json_response(200, organisation_json(organisation));
    response.set_header("etag", etag_of(organisation));
    return response;
  }

  Result<http::Response> update_organisation(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto patch, read_organisation_patch(body));
    WSIS_ASSIGN(auto organisation,
                s_.update_organisation(caller_of(r), id, expected_version(r.header("if-match")), patch));
    auto response = http::json_response(200, organisation_json(organisation));
    response.set_header("etag", etag_of(organisation));
    return response;
  }

  Result<http::Response> list_members(http::Request& r) {
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto members, s_.list_members(caller_of(r), id));
    json::array items;
    for (const auto& m : members) items.push_back(member_json(m));
    return http::json_response(200, {{"items", std::move(items)}});
  }

  Result<http::Response> add_member(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_member(body));
    WSIS_ASSIGN(auto member, s_.add_member(caller_of(r), id, form));
    return http::json_response(201, member_json(member));
  }

  Result<http::Response> remove_member(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto user_id, r.id_param("user_id"));
    WSIS_TRY(s_.remove_member(caller_of(r), id, user_id));
    return http::no_content();
  }

  Result<http::Response> update_member(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto id, r.id_param("id"));
    WSIS_ASSIGN(auto user_id, r.id_param("user_id"));
    WSIS_ASSIGN(auto body, json_body(r));
    WSIS_ASSIGN(auto form, read_member_update(body));
    WSIS_ASSIGN(auto member, s_.update_member(caller_of(r), id, user_id, form));
    return http::json_response(200, member_json(member));
  }

  // --- audit log -------------------------------------------------------------------------
  Result<http::Response> audit(http::Request& r) {
    WSIS_TRY(require_login(r));
    WSIS_ASSIGN(auto page, http::parse_page(r));
    WSIS_ASSIGN(auto after, page.after_id());
    WSIS_ASSIGN(auto action, action_param(r));
    WSIS_ASSIGN(auto entries, s_.list_audit(caller_of(r), action, after, page.limit));
    return http::json_response(200, page_json(entries, audit_json));
  }

 private:
  // The service decides every permission; this only keeps an anonymous caller from being told
  // about a malformed body before being told to log in.
  static Result<void> require_login(const http::Request& r) {
    if (!r.actor) return make_error(ErrorCode::unauthorized, "login required");
    return Ok{};
  }

  http::Response with_session(http::Response response, const SessionGrant& grant) const {
    response.set_header("set-cookie", session_cookie(grant.session_id, s_.options().session_absolute_ms / 1000,
                                                     options_.secure_cookies));
    response.set_header("cache-control", "no-store");
    return response;
  }

  AccountsService& s_;
  ApiOptions options_;
};

using Method = Result<http::Response> (Handlers::*)(http::Request&);

}  // namespace

void register_routes(http::Router& router, AccountsService& service, ApiOptions options) {
  auto handlers = std::make_shared<Handlers>(service, options);
  auto route = [&](const char* method, const char* pattern, Method member, bool body = false) {
    http::Handler handler = [handlers, member](http::Request& request) -> http::Response {
      auto response = ((*handlers).*member)(request);
      if (!response) return http::problem_response(response.error(), request.lang);
      return std::move(*response);
    };
    router.add(method, pattern, std::move(handler), body ? small_body() : http::RouteOptions{});
  };
  constexpr bool kBody = true;
  route("POST", "/api/v1/auth/register", &Handlers::register_user, kBody);
  route("POST", "/api/v1/auth/login", &Handlers::login, kBody);
  route("POST", "/api/v1/auth/logout", &Handlers::logout, kBody);
  route("GET", "/api/v1/auth/session", &Handlers::session);
  route("GET", "/api/v1/users/me", &Handlers::me);
  route("PATCH", "/api/v1/users/me", &Handlers::update_me, kBody);
  route("GET", "/api/v1/users", &Handlers::list_users);
  route("PUT", "/api/v1/users/{id}/roles", &Handlers::set_roles, kBody);
  route("GET", "/api/v1/tokens", &Handlers::list_tokens);
  route("POST", "/api/v1/tokens", &Handlers::create_token, kBody);
  route("DELETE", "/api/v1/tokens/{id}", &Handlers::revoke_token, kBody);
  route("GET", "/api/v1/organisations", &Handlers::list_organisations);
  route("POST", "/api/v1/organisations", &Handlers::create_organisation, kBody);
  route("GET", "/api/v1/organisations/{id}", &Handlers::get_organisation);
  route("PATCH", "/api/v1/organisations/{id}", &Handlers::update_organisation, kBody);
  route("GET", "/api/v1/organisations/{id}/members", &Handlers::list_members);
  route("POST", "/api/v1/organisations/{id}/members", &Handlers::add_member, kBody);
  route("DELETE", "/api/v1/organisations/{id}/members/{user_id}", &Handlers::remove_member, kBody);
  route("PATCH", "/api/v1/organisations/{id}/members/{user_id}", &Handlers::update_member, kBody);
  route("GET", "/api/v1/audit", &Handlers::audit);
}

}  // namespace wsis::accounts
