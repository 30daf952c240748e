#include "stocktaking/workflow.h"

#include <algorithm>

#include "core/json_input.h"

namespace wsis::stocktaking {

namespace {
Error forbidden(std::string_view action) {
  return make_error(ErrorCode::forbidden, "not allowed to " + std::string(action) + " this entry");
}
Error wrong_state(std::string_view action, const EntryStatus& status) {
  return make_error(ErrorCode::conflict, "cannot " + std::string(action) + " an entry that is " + status.state +
                                             (status.pending_state.empty() ? "" : " with a " + status.pending_state + " revision"));
}
}  // namespace

EditRule edit_rule(const EntryStatus& status) {
  const auto& s = status.state;
  if (s == "draft" || s == "submitted" || s == "returned") return {true, false};
  if (s == "published") return {true, true};
  return {false, false};
}

Result<Outcome> apply_action(const EntryStatus& before, std::string_view action, const Standing& standing,
                             const std::string& comment) {
  if (std::find(kActions.begin(), kActions.end(), action) == kActions.end()) {
    FieldErrors errors;
    errors.add("action", "invalid_value");
    return errors.to_error();
  }
  Outcome out;
  out.after = before;
  const auto& state = before.state;
  const bool published = state == "published";

  if (action == "submit") {
    if (!standing.owner) return forbidden(action);
    if (state == "draft" || state == "returned") out.after.state = "submitted";
    else if (published && before.pending_state == "returned") out.after.pending_state = "pending";
    else return wrong_state(action, before);
  } else if (action == "publish") {
    if (!standing.moderator) return forbidden(action);
    if (state == "submitted") {
      out.after.state = "published";
      out.publish_current = true;
    } else if (published && before.pending_state == "pending") {
      out.after.pending_state.clear();
      out.publish_pending = true;
    } else {
      return wrong_state(action, before);
    }
  } else if (action == "return") {
    if (!standing.moderator) return forbidden(action);
    // The owner must learn what to fix.
    if (comment.empty()) {
      FieldErrors errors;
      errors.add("comment", "required");
      return errors.to_error();
    }
    if (state == "submitted") out.after.state = "returned";
    else if (published && before.pending_state == "pending") out.after.pending_state = "returned";
    else return wrong_state(action, before);
  } else if (action == "withdraw") {
    if (!standing.owner) return forbidden(action);
    if (state == "withdrawn" || state == "archived") return wrong_state(action, before);
    out.after.state = "withdrawn";
    out.after.pending_state.clear();
    out.clear_pending = !before.pending_state.empty();
  } else if (action == "reopen") {
    if (!standing.owner) return forbidden(action);
    if (state != "withdrawn") return wrong_state(action, before);
    out.after.state = "draft";
  } else if (action == "archive") {
    if (!standing.moderator) return forbidden(action);
    if (state == "archived") return wrong_state(action, before);
    out.after.state = "archived";
    out.after.pending_state.clear();
    out.clear_pending = !before.pending_state.empty();
  } else if (action == "mark_success" || action == "unmark_success") {
    if (!standing.moderator) return forbidden(action);
    if (!published) return wrong_state(action, before);
    out.after.success_story = action == "mark_success";
  } else if (action == "confirm") {
    // The yearly call for updates: the owner says the published entry is still current.
    if (!standing.owner) return forbidden(action);
    if (!published) return wrong_state(action, before);
  }
  return out;
}

}  // namespace wsis::stocktaking
