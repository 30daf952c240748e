// The moderation workflow of an entry, as a pure function of its state and the caller's role,
// so every rule is unit-tested without a database.
//
//   draft ──submit──▶ submitted ──publish──▶ published
//     ▲                 │    ▲                   │ edit: a pending revision, the published
//     │               return │submit             │ one stays visible until a moderator
//     │                 ▼    │                   │ publishes (accepts) or returns it
//     │               returned                   ▼
//   reopen ◀── withdrawn (owner, from any but archived)      archived (moderator, from any)
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace wsis::stocktaking {

inline constexpr std::array<std::string_view, 6> kEntryStates = {"draft",     "submitted", "returned",
                                                                 "published", "withdrawn", "archived"};
inline constexpr std::array<std::string_view, 9> kActions = {"submit",  "publish", "return",       "withdraw",
                                                             "archive", "reopen",  "mark_success", "unmark_success",
                                                             "confirm"};

// What the caller is to this entry.
struct Standing {
  bool owner = false;      // the entry's owner, or a focal point of its organisation
  bool moderator = false;
};

struct EntryStatus {
  std::string state;
  // For a published entry with an edit awaiting moderation: "pending" or "returned"; else "".
  std::string pending_state;
  bool success_story = false;
};

struct Outcome {
  EntryStatus after;
  bool publish_pending = false;   // the pending revision becomes the published one
  bool publish_current = false;   // the newest revision becomes the published one
  bool clear_pending = false;     // drop the pending revision
};

// The result of `action` by a caller with `standing`, or: forbidden (the role may not),
// conflict (not from this state), validation (a return without a comment).
Result<Outcome> apply_action(const EntryStatus& before, std::string_view action, const Standing& standing,
                             const std::string& comment);

// Whether content may be edited now, and whether the edit becomes a pending revision.
struct EditRule {
  bool allowed = false;
  bool creates_pending = false;
};
EditRule edit_rule(const EntryStatus& status);

}  // namespace wsis::stocktaking
