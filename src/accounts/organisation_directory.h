// Organisations as other modules see them, read or created inside the caller's own
// transaction (stocktaking entries carry their organisation's stakeholder type; imports and the
// demo generator create organisations in the same transaction as their entries). The rules of
// who may create or change an organisation through the API stay in AccountsService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/database.h"

namespace wsis::accounts {

struct OrganisationRef {
  std::int64_t id = 0;
  std::string name;
  std::string stakeholder_type;
  std::string country;  // ISO alpha-3
};

Result<std::optional<OrganisationRef>> find_organisation(db::Connection& connection, std::int64_t id);

// The organisation with exactly this name, if any (imports match organisations by name).
Result<std::optional<OrganisationRef>> find_organisation_by_name(db::Connection& connection, std::string_view name);

// Inserts an organisation row (and its "create" change-feed row); returns its id. The caller
// records the audit event, which only it can describe (who, from where, why).
Result<std::int64_t> insert_organisation_row(db::Connection& connection, std::string_view name,
                                             std::string_view stakeholder_type, std::string_view country,
                                             const std::optional<std::string>& website, std::int64_t now);

// Creates an organisation without members, recording it in the change feed and the audit log
// as done by `actor_user_id` (0: the system). The caller has checked the codes and its rights.
Result<OrganisationRef> insert_organisation(db::Connection& connection, std::string_view name,
                                            std::string_view stakeholder_type, std::string_view country,
                                            std::int64_t actor_user_id, std::int64_t now);

}  // namespace wsis::accounts
