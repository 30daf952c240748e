// Reading the accounts module's inputs from JSON objects: every field checked (type, length,
// codes against the reference data, password policy) and every problem reported at once as a
// field error, unknown fields included. Handlers and the `wsis admin create` command read
// through here, so both hold input to the same rules.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace wsis::accounts {

inline constexpr std::size_t kMaxDisplayName = 100;
inline constexpr std::size_t kMaxOrganisationName = 200;
inline constexpr std::size_t kMaxTokenName = 100;
inline constexpr std::size_t kMaxWebsite = 500;
inline constexpr std::int64_t kMaxTokenDays = 3650;

struct RegistrationForm {
  std::string email;     // lower-cased
  std::string password;  // normalised (passwords.h), passes the policy
  std::string display_name;
  std::string language;  // one of the six; the caller's language when not given
};

struct LoginForm {
  std::string email;
  std::string password;  // normalised; not checked against the policy (it may predate it)
};

struct ProfileForm {
  std::optional<std::string> display_name;
  std::optional<std::string> language;
  // Both or neither: a password change needs the current one.
  std::optional<std::string> current_password;
  std::optional<std::string> new_password;
};

struct TokenForm {
  std::string name;
  std::optional<std::int64_t> expires_in_days;
};

struct OrganisationForm {
  std::string name;
  std::string stakeholder_type;
  std::string country;  // upper-cased ISO alpha-3
  std::optional<std::string> website;
};

// A partial update: absent fields are kept. `website` distinguishes absent (nullopt) from
// null (clear it: an engaged optional holding nullopt).
struct OrganisationPatch {
  std::optional<std::string> name;
  std::optional<std::string> stakeholder_type;
  std::optional<std::string> country;
  std::optional<std::optional<std::string>> website;
};

struct MemberForm {
  std::string email;
  bool focal_point = false;
};

struct MemberUpdateForm {
  bool focal_point = false;
};

struct RolesForm {
  std::uint32_t roles = 0;  // grantable bits only (roles.h)
};

// Each returns a validation error listing every bad field, or the cleaned form.
Result<RegistrationForm> read_registration(const boost::json::object& body, std::string_view default_language);
Result<LoginForm> read_login(const boost::json::object& body);
Result<ProfileForm> read_profile(const boost::json::object& body);
Result<TokenForm> read_token(const boost::json::object& body);
Result<OrganisationForm> read_organisation(const boost::json::object& body);
Result<OrganisationPatch> read_organisation_patch(const boost::json::object& body);
Result<MemberForm> read_member(const boost::json::object& body);
Result<MemberUpdateForm> read_member_update(const boost::json::object& body);
Result<RolesForm> read_roles(const boost::json::object& body);

// An http(s) URL with a host and no user name or password in it, at most kMaxWebsite
// characters (link targets that pass this cannot run script or spoof their host).
bool is_valid_website(std::string_view url);

}  // namespace wsis::accounts
