#include "accounts/roles.h"

#include <array>
#include <utility>

namespace wsis::accounts {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::contributor, "contributor"},
    {Role::focal_point, "focal_point"},
    {Role::moderator, "moderator"},
    {Role::prize_expert, "prize_expert"},
    {Role::administrator, "administrator"},
}};
}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return {};
}

std::optional<Role> role_from_name(std::string_view name) {
  for (const auto& [r, n] : kRoles)
    if (n == name) return r;
  return std::nullopt;
}

std::vector<std::string_view> role_names(std::uint32_t roles) {
  std::vector<std::string_view> names;
  for (const auto& [r, name] : kRoles)
    if (roles & role_bit(r)) names.push_back(name);
  return names;
}

}  // namespace wsis::accounts
