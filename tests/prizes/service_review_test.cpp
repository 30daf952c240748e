// Expert review: assignment, conflicts of interest (declared, and the expert's own
// organisation), scoring against the rubric, eligibility and the shortlist, published names.
#include "prizes_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class PrizesReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<PrizesWorld>(dir_.path(), kStartMs);
    cycle_ = w().cycle(2027, times_);
    nomination_a_ = w().nominate(cycle_, w().contributor_a, w().published_entry(w().contributor_a, "Networks"), "C1");
    nomination_b_ = w().nominate(cycle_, w().contributor_b, w().published_entry(w().contributor_b, "Health"), "C1");
    w().assign(cycle_, "C1", {w().expert_a, w().expert_x});
    w().clock.set(times_.review_open() + kHourMs);
  }
  PrizesWorld& w() { return *world_; }
  std::vector<std::int64_t> queue_of(std::int64_t expert) {
    auto queue = w().prizes->review_queue(w().actor(expert), cycle_.id);
    EXPECT_TRUE(queue);
    std::vector<std::int64_t> ids;
    if (queue)
      for (const auto& n : *queue) ids.push_back(n.id);
    return ids;
  }
  Result<prizes::Review> review(std::int64_t expert, std::int64_t nomination, bool eligible) {
    auto form = prizes::parse_review_form(review_body(eligible), cycle_.config.rules);
    if (!form) return std::move(form).error();
    return w().prizes->review(w().actor(expert), nomination, *form);
  }

  TempDir dir_;
  std::unique_ptr<PrizesWorld> world_;
  CycleTimes times_{kStartMs};
  prizes::Cycle cycle_;
  std::int64_t nomination_a_ = 0, nomination_b_ = 0;
};

// "Or creates one": a project new to the Stocktaking is nominated as soon as its entry is
// submitted; experts see it, and can review it, only once a moderator has published it. A draft
// is refused.
TEST_F(PrizesReviewTest, AnEntryAwaitingModerationIsReviewedOnlyOncePublished) {
  w().clock.set(times_.start + kHourMs);
  auto draft = w().entry_in_state(w().contributor_b, "Draft project", "draft");
  auto draft_form = prizes::parse_nomination_form(nomination_body(draft, "C2"));
  ASSERT_TRUE(draft_form);
  auto refused = w().prizes->nominate(w().actor(w().contributor_b), cycle_.id, *draft_form);
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field + ":" + refused.error().fields[0].code, "entry_id:entry_not_submitted");
  // Another organisation's entry in moderation is not the nominator's to see.
  auto submitted = w().entry_in_state(w().contributor_b, "New project", "submitted");
  auto form = prizes::parse_nomination_form(nomination_body(submitted, "C2"));
  ASSERT_TRUE(form);
  auto foreign = w().prizes->nominate(w().actor(w().contributor_a), cycle_.id, *form);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().fields[0].code, "not_found");
  auto nominated = w().prizes->nominate(w().actor(w().contributor_b), cycle_.id, *form);
  ASSERT_TRUE(nominated) << nominated.error().detail;
  EXPECT_FALSE(nominated->entry_published);
  w().assign(cycle_, "C2", {w().expert_x});

  w().clock.set(times_.review_open() + kHourMs);
  EXPECT_EQ(queue_of(w().expert_x), (std::vector<std::int64_t>{nomination_a_, nomination_b_}));
  auto early = review(w().expert_x, nominated->id, true);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::not_found);
  EXPECT_FALSE(w().prizes->get_nomination(w().actor(w().expert_x), nominated->id));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_reviews"), 0);
  // Its owner still sees it, marked as waiting for the entry's publication.
  auto own = w().prizes->get_nomination(w().actor(w().contributor_b), nominated->id);
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->entry_published);

  w().publish_entry(submitted);
  EXPECT_EQ(queue_of(w().expert_x), (std::vector<std::int64_t>{nomination_a_, nomination_b_, nominated->id}));
  ASSERT_TRUE(review(w().expert_x, nominated->id, true));
  auto after = w().prizes->get_nomination(w().actor(w().expert_x), nominated->id);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->entry_published);
}

TEST_F(PrizesReviewTest, AnExpertNeverSeesTheirOwnOrganisationsNominations) {
  EXPECT_EQ(queue_of(w().expert_a), (std::vector<std::int64_t>{nomination_b_}));
  EXPECT_EQ(queue_of(w().expert_x), (std::vector<std::int64_t>{nomination_a_, nomination_b_}));
  auto own = review(w().expert_a, nomination_a_, true);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::not_found);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_reviews"), 0);
}

TEST_F(PrizesReviewTest, ADeclaredConflictHidesTheNominationAndDropsTheExpertsReview) {
  ASSERT_TRUE(review(w().expert_x, nomination_b_, true));
  ASSERT_TRUE(w().prizes->declare_conflict(w().actor(w().expert_x), cycle_.id, nomination_b_, "I advised them in 2025"));
  EXPECT_EQ(queue_of(w().expert_x), (std::vector<std::int64_t>{nomination_a_}));
  auto refused = review(w().expert_x, nomination_b_, true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  EXPECT_FALSE(w().prizes->get_nomination(w().actor(w().expert_x), nomination_b_));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_reviews"), 0);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_conflicts"), 1);
}

TEST_F(PrizesReviewTest, OnlyAssignedExpertsReviewAndScoresFollowTheRubric) {
  auto other = w().user("expert-y@example.org", "Expert Y");
  w().grant(other, Role::prize_expert);
  auto unassigned = review(other, nomination_b_, true);
  ASSERT_FALSE(unassigned);
  EXPECT_EQ(unassigned.error().code, ErrorCode::not_found);
  for (auto who : {w().contributor_b, w().moderator}) {
    auto refused = review(who, nomination_b_, true);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  }
  auto body = review_body(true);
  body["scores"].as_object()["impact"] = 11;
  body["scores"].as_object().erase("innovation");
  body["scores"].as_object()["charm"] = 3;
  auto bad = prizes::parse_review_form(body, cycle_.config.rules);
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& f : bad.error().fields) fields.push_back(f.field + ":" + f.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"scores/impact:out_of_range", "scores/innovation:required",
                                              "scores/charm:unknown_field"}));
  auto done = review(w().expert_x, nomination_b_, true);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->total, 28);
}

// The review's conflict rules hold for the expert group's pick: neither a nomination of the
// expert's own organisation nor one they declared a conflict on, though both are finalists
// the expert sees; nothing is written when refused.
TEST_F(PrizesReviewTest, AnExpertPicksNeitherTheirOwnOrganisationsNorAConflictedNomination) {
  ASSERT_TRUE(w().prizes->declare_conflict(w().actor(w().expert_x), cycle_.id, nomination_b_, "I advised them"));
  ASSERT_TRUE(review(w().expert_x, nomination_a_, true));
  ASSERT_TRUE(review(w().expert_a, nomination_b_, true));
  w().clock.set(times_.voting_close());
  auto finalists = w().prizes->finalists(w().actor(w().expert_a), cycle_.id, "C1");
  ASSERT_TRUE(finalists) << finalists.error().detail;
  ASSERT_EQ(finalists->size(), 2u);

  auto pick = [&](std::int64_t who, std::int64_t nomination) {
    return w().prizes->pick_winner(w().actor(who), cycle_.id, "C1", nomination);
  };
  auto own = pick(w().expert_a, nomination_a_);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::forbidden);
  ASSERT_EQ(own.error().fields.size(), 1u);
  EXPECT_EQ(own.error().fields[0].field + ":" + own.error().fields[0].code, "nomination_id:own_organisation");
  auto conflicted = pick(w().expert_x, nomination_b_);
  ASSERT_FALSE(conflicted);
  EXPECT_EQ(conflicted.error().code, ErrorCode::forbidden);
  ASSERT_EQ(conflicted.error().fields.size(), 1u);
  EXPECT_EQ(conflicted.error().fields[0].field + ":" + conflicted.error().fields[0].code,
            "nomination_id:declared_conflict");
  // An administrator of organisation A is refused its nomination too.
  w().grant(w().contributor_a2, Role::administrator);
  auto admin_own = pick(w().contributor_a2, nomination_a_);
  ASSERT_FALSE(admin_own);
  EXPECT_EQ(admin_own.error().fields.at(0).code, "own_organisation");
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_winners"), 0);

  // Each may pick the other one.
  ASSERT_TRUE(pick(w().expert_x, nomination_a_));
  ASSERT_TRUE(pick(w().expert_a, nomination_b_));
  EXPECT_EQ(w().count("SELECT nomination_id FROM prize_winners WHERE category = 'C1'"), nomination_b_);
}

// The expert workspace's past reviews: each expert reads their own, with scores and reason,
// and a changed review once; nobody else's. Other roles are refused.
TEST_F(PrizesReviewTest, AnExpertReadsTheirOwnReviewsOfTheCycleOnly) {
  ASSERT_TRUE(review(w().expert_x, nomination_a_, true));
  ASSERT_TRUE(review(w().expert_x, nomination_b_, true));
  ASSERT_TRUE(review(w().expert_x, nomination_b_, false));  // changed: still one review
  ASSERT_TRUE(review(w().expert_a, nomination_b_, true));
  auto mine = w().prizes->my_reviews(w().actor(w().expert_x), cycle_.id);
  ASSERT_TRUE(mine) << mine.error().detail;
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].nomination_id, nomination_a_);
  EXPECT_TRUE((*mine)[0].eligible);
  EXPECT_EQ((*mine)[1].nomination_id, nomination_b_);
  EXPECT_FALSE((*mine)[1].eligible);
  for (const auto& r : *mine) {
    EXPECT_EQ(r.expert_id, w().expert_x);
    EXPECT_FALSE(r.scores.empty());
    EXPECT_FALSE(r.reason.empty());
  }
  auto theirs = w().prizes->my_reviews(w().actor(w().expert_a), cycle_.id);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].nomination_id, nomination_b_);
  auto refused = w().prizes->my_reviews(w().actor(w().contributor_a), cycle_.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  auto anonymous = w().prizes->my_reviews(std::nullopt, cycle_.id);
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::unauthorized);
  auto unknown = w().prizes->my_reviews(w().actor(w().expert_x), 987654);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

// The expert workspace's categories: the ones the expert is assigned to in that cycle.
TEST_F(PrizesReviewTest, AnExpertReadsTheCategoriesAssignedToThem) {
  w().assign(cycle_, "C3", {w().expert_x});
  auto mine = w().prizes->my_categories(w().actor(w().expert_x), cycle_.id);
  ASSERT_TRUE(mine) << mine.error().detail;
  EXPECT_EQ(*mine, (std::vector<std::string>{"C1", "C3"}));
  auto theirs = w().prizes->my_categories(w().actor(w().expert_a), cycle_.id);
  ASSERT_TRUE(theirs);
  EXPECT_EQ(*theirs, (std::vector<std::string>{"C1"}));
  auto refused = w().prizes->my_categories(w().actor(w().contributor_b), cycle_.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_F(PrizesReviewTest, EligibleByMajorityFormsTheShortlist) {
  ASSERT_TRUE(review(w().expert_x, nomination_a_, true));
  ASSERT_TRUE(review(w().expert_x, nomination_b_, false));
  ASSERT_TRUE(review(w().expert_a, nomination_b_, true));  // one each: no majority
  w().clock.set(times_.voting_open());
  auto listed = w().prizes->list_nominations(std::nullopt, cycle_.id, false, std::string("C1"));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, nomination_a_);
}

TEST_F(PrizesReviewTest, ExpertNamesArePublishedWhenTheCycleSaysSo) {
  auto names = w().prizes->experts(std::nullopt, cycle_.id, "C1");
  ASSERT_TRUE(names);
  EXPECT_EQ(names->names, (std::vector<std::string>{"Expert A", "Expert X"}));
  EXPECT_TRUE(names->user_ids.empty());
  auto hidden = w().cycle(2028, CycleTimes{times_.start + 10 * kDayMs}, {{"publish_expert_names", false}});
  w().assign(hidden, "C1", {w().expert_x});
  auto none = w().prizes->experts(std::nullopt, hidden.id, "C1");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->names.empty());
  auto admin = w().prizes->experts(w().actor(w().admin), hidden.id, "C1");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->user_ids, (std::vector<std::int64_t>{w().expert_x}));
}

TEST_F(PrizesReviewTest, OnlyAdministratorsAssignAndOnlyPrizeExperts) {
  auto refused = w().prizes->assign_experts(w().actor(w().moderator), cycle_.id, "C1", {w().expert_x});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  auto not_expert = w().prizes->assign_experts(w().actor(w().admin), cycle_.id, "C1", {w().expert_x, w().contributor_b});
  ASSERT_FALSE(not_expert);
  ASSERT_EQ(not_expert.error().fields.size(), 1u);
  EXPECT_EQ(not_expert.error().fields[0].field, "user_ids/1");
  EXPECT_EQ(not_expert.error().fields[0].code, "not_expert");
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_experts"), 2);  // unchanged
}

}  // namespace
}  // namespace wsis::testing
