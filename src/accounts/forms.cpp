#include "accounts/forms.h"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "accounts/passwords.h"
#include "accounts/roles.h"
#include "core/json_input.h"
#include "core/language.h"
#include "core/text.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::accounts {

namespace {

// JsonReader trims and normalises text, which must not happen to a password. So the password
// fields are taken out of the object before the reader sees the rest, and read here as they
// are. Returns nullopt (with an error when required) when absent, null or not a string.
std::optional<std::string> take_password(json::object& rest, std::string_view key, bool required, FieldErrors& errors) {
  auto it = rest.find(key);
  if (it == rest.end() || it->value().is_null()) {
    if (it != rest.end()) rest.erase(it);
    if (required) errors.add(std::string(key), "required");
    return std::nullopt;
  }
  if (!it->value().is_string()) {
    errors.add(std::string(key), "expected_string");
    rest.erase(it);
    return std::nullopt;
  }
  std::string value(it->value().as_string());
  rest.erase(it);
  return value;
}

std::optional<std::string> read_language(JsonReader& reader, std::string_view key, bool required) {
  auto value = reader.text(key, required, TextRule{.min = 1, .max = 16});
  if (!value) return std::nullopt;
  if (!is_supported_language(*value)) {
    reader.errors().add(reader.path(key), "unknown_code", {{"code", *value}});
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_stakeholder_type(JsonReader& reader, bool required) {
  auto value = reader.text("stakeholder_type", required, TextRule{.min = 1, .max = 64});
  if (!value) return std::nullopt;
  if (!reference::ReferenceData::instance().is_stakeholder_type(*value)) {
    reader.errors().add(reader.path("stakeholder_type"), "unknown_code", {{"code", *value}});
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_country(JsonReader& reader, bool required) {
  auto value = reader.text("country", required, TextRule{.min = 1, .max = 16});
  if (!value) return std::nullopt;
  std::string code = *value;
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::toupper(c)) : static_cast<char>(c); });
  if (code.size() != 3 || !reference::ReferenceData::instance().country(code)) {
    reader.errors().add(reader.path("country"), "unknown_code", {{"code", *value}});
    return std::nullopt;
  }
  return code;
}

std::optional<std::string> read_website(JsonReader& reader) {
  auto value = reader.text("website", false, TextRule{.min = 1, .max = kMaxWebsite});
  if (!value) return std::nullopt;
  if (!is_valid_website(*value)) {
    reader.errors().add(reader.path("website"), "invalid_url");
    return std::nullopt;
  }
  return value;
}

Result<void> finish(JsonReader& reader, const FieldErrors& errors) {
  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  return Ok{};
}

}  // namespace

bool is_valid_website(std::string_view url) {
  return !url.empty() && count_code_points(url) <= kMaxWebsite && is_web_url(url);
}

Result<RegistrationForm> read_registration(const json::object& body, std::string_view default_language) {
  FieldErrors errors;
  json::object rest = body;
  auto password = take_password(rest, "password", true, errors);
  JsonReader reader(rest, errors);
  RegistrationForm form;
  auto email = reader.email("email", true);
  auto display_name = reader.text("display_name", true, TextRule{.min = 1, .max = kMaxDisplayName});
  auto language = read_language(reader, "language", false);
  std::optional<std::string> checked;
  if (password) checked = check_new_password(*password, "password", errors);
  WSIS_TRY(finish(reader, errors));
  form.email = std::move(*email);
  form.password = std::move(*checked);
  form.display_name = std::move(*display_name);
  form.language = language ? *language : std::string(default_language);
  if (!is_supported_language(form.language)) form.language = std::string(kDefaultLanguage);
  return form;
}

Result<LoginForm> read_login(const json::object& body) {
  FieldErrors errors;
  json::object rest = body;
  auto password = take_password(rest, "password", true, errors);
  JsonReader reader(rest, errors);
  auto email = reader.email("email", true);
  if (password) {
    std::size_t length = count_code_points(*password);
    if (length == 0)
      errors.add("password", "empty");
    else if (length > kMaxPasswordLength)
      errors.add("password", "too_long", {{"max", static_cast<std::int64_t>(kMaxPasswordLength)}});
  }
  WSIS_TRY(finish(reader, errors));
  return LoginForm{std::move(*email), normalize_password(*password)};
}

Result<ProfileForm> read_profile(const json::object& body) {
  FieldErrors errors;
  json::object rest = body;
  auto current = take_password(rest, "current_password", false, errors);
  auto fresh = take_password(rest, "new_password", false, errors);
  JsonReader reader(rest, errors);
  ProfileForm form;
  form.display_name = reader.text("display_name", false, TextRule{.min = 1, .max = kMaxDisplayName});
  form.language = read_language(reader, "language", false);
  bool has_current = body.if_contains("current_password") && !body.at("current_password").is_null();
  bool has_new = body.if_contains("new_password") && !body.at("new_password").is_null();
  if (has_new && !has_current) errors.add("current_password", "required");
  if (has_current && !has_new) errors.add("new_password", "required");
  if (fresh) form.new_password = check_new_password(*fresh, "new_password", errors);
  if (current) {
    if (count_code_points(*current) > kMaxPasswordLength)
      errors.add("current_password", "too_long", {{"max", static_cast<std::int64_t>(kMaxPasswordLength)}});
    else
      form.current_password = normalize_password(*current);
  }
  WSIS_TRY(finish(reader, errors));
  return form;
}

Result<TokenForm> read_token(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  auto name = reader.text("name", true, TextRule{.min = 1, .max = kMaxTokenName});
  auto days = reader.integer("expires_in_days", false, 1, kMaxTokenDays);
  WSIS_TRY(finish(reader, errors));
  return TokenForm{std::move(*name), days};
}

Result<OrganisationForm> read_organisation(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  auto name = reader.text("name", true, TextRule{.min = 2, .max = kMaxOrganisationName});
  auto type = read_stakeholder_type(reader, true);
  auto country = read_country(reader, true);
  auto website = read_website(reader);
  WSIS_TRY(finish(reader, errors));
  return OrganisationForm{std::move(*name), std::move(*type), std::move(*country), std::move(website)};
}

Result<OrganisationPatch> read_organisation_patch(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  OrganisationPatch patch;
  // null is no value for a required attribute: only the website may be cleared.
  for (std::string_view key : {"name", "stakeholder_type", "country"})
    if (const auto* v = body.if_contains(key); v && v->is_null()) errors.add(std::string(key), "required");
  patch.name = reader.text("name", false, TextRule{.min = 2, .max = kMaxOrganisationName});
  patch.stakeholder_type = read_stakeholder_type(reader, false);
  patch.country = read_country(reader, false);
  auto website = read_website(reader);
  if (const auto* v = body.if_contains("website")) {
    if (v->is_null())
      patch.website = std::optional<std::string>{};
    else if (website)
      patch.website = std::move(website);
  }
  WSIS_TRY(finish(reader, errors));
  return patch;
}

Result<MemberForm> read_member(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  auto email = reader.email("email", true);
  auto focal_point = reader.boolean("focal_point", false);
  WSIS_TRY(finish(reader, errors));
  return MemberForm{std::move(*email), focal_point.value_or(false)};
}

Result<MemberUpdateForm> read_member_update(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  auto focal_point = reader.boolean("focal_point", true);
  WSIS_TRY(finish(reader, errors));
  return MemberUpdateForm{focal_point.value_or(false)};
}

Result<RolesForm> read_roles(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  RolesForm form;
  if (const auto* list = reader.array("roles", true, 8)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string field = "roles/" + std::to_string(i);
      const auto& item = (*list)[i];
      if (!item.is_string()) {
        errors.add(field, "expected_string");
        continue;
      }
      auto role = role_from_name(std::string_view(item.as_string().data(), item.as_string().size()));
      // Contributor is everyone's and may be listed (a client echoing what it read);
      // focal point is granted through an organisation's members, not here.
      if (role == Role::contributor) continue;
      if (!role || (role_bit(*role) & kGrantableRoles) == 0) {
        errors.add(field, "invalid_value");
        continue;
      }
      form.roles |= role_bit(*role);
    }
  }
  WSIS_TRY(finish(reader, errors));
  return form;
}

}  // namespace wsis::accounts
