// Who is making a request, as services see it. Built by the accounts module from a session
// cookie or a bearer token; anonymous callers have no Actor.
#pragma once

#include <cstdint>
#include <string>

namespace wsis {

enum class Role : std::uint32_t {
  contributor = 1u << 0,
  focal_point = 1u << 1,  // focal point of the actor's organisation
  moderator = 1u << 2,
  prize_expert = 1u << 3,
  administrator = 1u << 4,
};

struct Actor {
  std::int64_t user_id = 0;
  std::int64_t organisation_id = 0;  // 0: none
  std::uint32_t roles = 0;
  bool email_verified = false;

  bool has(Role role) const { return (roles & static_cast<std::uint32_t>(role)) != 0; }
};

}  // namespace wsis
