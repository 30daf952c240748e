// The moderation workflow, rule by rule (workflow.h).
#include "stocktaking/workflow.h"

#include <gtest/gtest.h>

namespace wsis::stocktaking {
namespace {

const Standing kOwner{.owner = true, .moderator = false};
const Standing kModerator{.owner = false, .moderator = true};
const Standing kStranger{};

EntryStatus status(std::string state, std::string pending = "") { return EntryStatus{state, pending, false}; }

TEST(Workflow, DraftIsSubmittedByItsOwnerAndPublishedByAModerator) {
  auto submitted = apply_action(status("draft"), "submit", kOwner, "");
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->after.state, "submitted");
  auto published = apply_action(submitted->after, "publish", kModerator, "");
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->after.state, "published");
  EXPECT_TRUE(published->publish_current);
}

TEST(Workflow, OnlyModeratorsPublishReturnArchiveAndMarkSuccess) {
  for (auto action : {"publish", "return", "archive"}) {
    auto result = apply_action(status("submitted"), action, kOwner, "a comment");
    ASSERT_FALSE(result.ok()) << action;
    EXPECT_EQ(result.error().code, ErrorCode::forbidden) << action;
  }
  for (auto action : {"mark_success", "unmark_success"}) {
    auto result = apply_action(status("published"), action, kOwner, "");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::forbidden) << action;
  }
}

TEST(Workflow, OnlyOwnersSubmitWithdrawReopenAndConfirm) {
  EXPECT_EQ(apply_action(status("draft"), "submit", kModerator, "").error().code, ErrorCode::forbidden);
  EXPECT_EQ(apply_action(status("draft"), "submit", kStranger, "").error().code, ErrorCode::forbidden);
  EXPECT_EQ(apply_action(status("published"), "withdraw", kModerator, "").error().code, ErrorCode::forbidden);
  EXPECT_EQ(apply_action(status("withdrawn"), "reopen", kModerator, "").error().code, ErrorCode::forbidden);
  EXPECT_EQ(apply_action(status("published"), "confirm", kModerator, "").error().code, ErrorCode::forbidden);
}

TEST(Workflow, ReturnNeedsAComment) {
  auto result = apply_action(status("submitted"), "return", kModerator, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation);
  ASSERT_EQ(result.error().fields.size(), 1u);
  EXPECT_EQ(result.error().fields[0].field, "comment");
  auto returned = apply_action(status("submitted"), "return", kModerator, "Add the SDG targets.");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->after.state, "returned");
  auto resubmitted = apply_action(returned->after, "submit", kOwner, "");
  ASSERT_TRUE(resubmitted.ok());
  EXPECT_EQ(resubmitted->after.state, "submitted");
}

TEST(Workflow, PendingRevisionOfAPublishedEntryIsAcceptedOrReturned) {
  auto accepted = apply_action(status("published", "pending"), "publish", kModerator, "");
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->after.state, "published");
  EXPECT_EQ(accepted->after.pending_state, "");
  EXPECT_TRUE(accepted->publish_pending);
  EXPECT_FALSE(accepted->publish_current);

  auto returned = apply_action(status("published", "pending"), "return", kModerator, "Cite a source.");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->after.state, "published") << "the published version stays visible";
  EXPECT_EQ(returned->after.pending_state, "returned");
  auto resubmitted = apply_action(returned->after, "submit", kOwner, "");
  ASSERT_TRUE(resubmitted.ok());
  EXPECT_EQ(resubmitted->after.pending_state, "pending");
}

TEST(Workflow, ActionsFromTheWrongStateAreConflicts) {
  struct Case {
    const char* state;
    const char* pending;
    const char* action;
    Standing standing;
  };
  for (const auto& c : {Case{"draft", "", "publish", kModerator}, Case{"published", "", "publish", kModerator},
                        Case{"published", "", "submit", kOwner}, Case{"archived", "", "withdraw", kOwner},
                        Case{"archived", "", "archive", kModerator}, Case{"draft", "", "reopen", kOwner},
                        Case{"submitted", "", "mark_success", kModerator}, Case{"draft", "", "confirm", kOwner},
                        Case{"returned", "", "return", kModerator}, Case{"withdrawn", "", "withdraw", kOwner}}) {
    auto result = apply_action(status(c.state, c.pending), c.action, c.standing, "comment");
    ASSERT_FALSE(result.ok()) << c.state << " " << c.action;
    EXPECT_EQ(result.error().code, ErrorCode::conflict) << c.state << " " << c.action;
  }
}

TEST(Workflow, WithdrawAndArchiveDropAPendingRevision) {
  auto withdrawn = apply_action(status("published", "pending"), "withdraw", kOwner, "");
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_EQ(withdrawn->after.state, "withdrawn");
  EXPECT_TRUE(withdrawn->clear_pending);
  auto reopened = apply_action(withdrawn->after, "reopen", kOwner, "");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->after.state, "draft");
  auto archived = apply_action(status("published", "returned"), "archive", kModerator, "");
  ASSERT_TRUE(archived.ok());
  EXPECT_EQ(archived->after.state, "archived");
  EXPECT_TRUE(archived->clear_pending);
}

TEST(Workflow, SuccessStoryIsAFlagOnPublishedEntries) {
  auto marked = apply_action(status("published"), "mark_success", kModerator, "");
  ASSERT_TRUE(marked.ok());
  EXPECT_TRUE(marked->after.success_story);
  auto unmarked = apply_action(marked->after, "unmark_success", kModerator, "");
  ASSERT_TRUE(unmarked.ok());
  EXPECT_FALSE(unmarked->after.success_story);
}

TEST(Workflow, UnknownActionIsAFieldError) {
  auto result = apply_action(status("draft"), "teleport", kOwner, "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation);
  EXPECT_EQ(result.error().fields.at(0).field, "action");
}

TEST(Workflow, EditRules) {
  EXPECT_TRUE(edit_rule(status("draft")).allowed);
  EXPECT_FALSE(edit_rule(status("draft")).creates_pending);
  EXPECT_TRUE(edit_rule(status("returned")).allowed);
  EXPECT_TRUE(edit_rule(status("published")).creates_pending);
  EXPECT_FALSE(edit_rule(status("withdrawn")).allowed);
  EXPECT_FALSE(edit_rule(status("archived")).allowed);
}

}  // namespace
}  // namespace wsis::stocktaking
