// Role names as the API spells them, and the bits of core/actor.h behind them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/actor.h"

namespace wsis::accounts {

inline constexpr std::uint32_t role_bit(Role role) { return static_cast<std::uint32_t>(role); }

// The roles an administrator grants. Contributor is every user's, and focal point follows
// membership of an organisation, so neither is granted through PUT /users/{id}/roles.
inline constexpr std::uint32_t kGrantableRoles =
    role_bit(Role::moderator) | role_bit(Role::prize_expert) | role_bit(Role::administrator);

// "contributor", "focal_point", "moderator", "prize_expert", "administrator".
std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
// The names of every role set in `roles`, in the order above.
std::vector<std::string_view> role_names(std::uint32_t roles);

}  // namespace wsis::accounts
