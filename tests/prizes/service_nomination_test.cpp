// Nominations: the answers' validation, the cycle's rules and who may do what.
#include "prizes_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class PrizesNominationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<PrizesWorld>(dir_.path(), kStartMs);
    cycle_ = w().cycle(2027, times_);
    entry_a_ = w().published_entry(w().contributor_a, "Community networks");
    entry_a2_ = w().published_entry(w().contributor_a, "Digital skills for women");
    entry_b_ = w().published_entry(w().contributor_b, "E-health records");
    w().clock.set(times_.start + kHourMs);
  }
  PrizesWorld& w() { return *world_; }
  Result<prizes::Nomination> nominate(std::int64_t who, const json::object& body) {
    auto form = prizes::parse_nomination_form(body);
    if (!form) return std::move(form).error();
    return w().prizes->nominate(w().actor(who), cycle_.id, *form);
  }
  static std::vector<std::string> fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.fields) out.push_back(f.field + ":" + f.code);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<PrizesWorld> world_;
  CycleTimes times_{kStartMs};
  prizes::Cycle cycle_;
  std::int64_t entry_a_ = 0, entry_a2_ = 0, entry_b_ = 0;
};

TEST_F(PrizesNominationTest, AnswersAreValidatedFieldByField) {
  auto body = nomination_body(entry_a_);
  auto& answers = body["answers"].as_object();
  answers["summary"] = summary_of(149);
  answers["sdg_links"] = json::array{{{"action_line", "C99"}, {"goal", 18}, {"explanation", ""}}};
  answers.erase("impact");
  answers["extra"] = "x";
  auto refused = nominate(w().contributor_a, body);
  ASSERT_FALSE(refused);
  EXPECT_EQ(fields(refused.error()),
            (std::vector<std::string>{"answers/summary:word_count", "answers/sdg_links/0/action_line:unknown_code",
                                      "answers/sdg_links/0/goal:out_of_range", "answers/sdg_links/0/explanation:empty",
                                      "answers/impact:required", "answers/extra:unknown_field"}));
  answers = nomination_body(entry_a_)["answers"].as_object();
  answers["summary"] = summary_of(201);
  EXPECT_FALSE(nominate(w().contributor_a, body));
  for (int words : {150, 200}) {
    answers["summary"] = summary_of(words);
    auto ok = nominate(w().contributor_a, body);
    ASSERT_TRUE(ok) << words << ": " << ok.error().detail;
    ASSERT_TRUE(w().prizes->withdraw(w().actor(w().contributor_a), ok->id));
  }
  EXPECT_EQ(prizes::count_words("这是一个 test"), 5);
}

TEST_F(PrizesNominationTest, OnlyAPublishedEntryOfTheNominatorsOrganisation) {
  auto other = nominate(w().contributor_a, nomination_body(entry_b_));
  ASSERT_FALSE(other);
  EXPECT_EQ(fields(other.error()), (std::vector<std::string>{"entry_id:organisation_differs"}));
  auto missing = nominate(w().contributor_a, nomination_body(999999));
  ASSERT_FALSE(missing);
  EXPECT_EQ(fields(missing.error()), (std::vector<std::string>{"entry_id:not_found"}));
  auto category = nominate(w().contributor_a, nomination_body(entry_a_, "C42"));
  ASSERT_FALSE(category);
  EXPECT_EQ(fields(category.error()), (std::vector<std::string>{"category:unknown_code"}));
  auto voter = w().voter("no-org@example.org");
  auto no_org = nominate(voter, nomination_body(entry_a_));
  ASSERT_FALSE(no_org);
  EXPECT_EQ(no_org.error().code, ErrorCode::forbidden);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_nominations"), 0);
}

TEST_F(PrizesNominationTest, OneCategoryPerProjectAndOneProjectPerOrganisationPerCategory) {
  ASSERT_TRUE(nominate(w().contributor_a, nomination_body(entry_a_, "C1")));
  auto second_category = nominate(w().contributor_a2, nomination_body(entry_a_, "C4"));
  ASSERT_FALSE(second_category);
  EXPECT_EQ(second_category.error().code, ErrorCode::conflict);
  EXPECT_EQ(fields(second_category.error()), (std::vector<std::string>{"entry_id:already_nominated"}));
  auto same_category = nominate(w().contributor_a2, nomination_body(entry_a2_, "C1"));
  ASSERT_FALSE(same_category);
  EXPECT_EQ(fields(same_category.error()), (std::vector<std::string>{"category:organisation_limit"}));
  EXPECT_TRUE(nominate(w().contributor_a2, nomination_body(entry_a2_, "C4")));
  EXPECT_TRUE(nominate(w().contributor_b, nomination_body(entry_b_, "C1")));
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_nominations"), 3);
}

TEST_F(PrizesNominationTest, TheRulesAreTheCyclesOwn) {
  CycleTimes later{times_.start + 10 * kDayMs};
  auto lenient = w().cycle(2028, later, {{"one_category_per_project", false}, {"entries_per_organisation_per_category", 2}});
  w().clock.set(later.start + kHourMs);
  for (auto [entry, category] : {std::pair{entry_a_, "C1"}, std::pair{entry_a_, "C4"}, std::pair{entry_a2_, "C1"}}) {
    auto form = prizes::parse_nomination_form(nomination_body(entry, category));
    ASSERT_TRUE(form);
    auto n = w().prizes->nominate(w().actor(w().contributor_a), lenient.id, *form);
    EXPECT_TRUE(n) << n.error().detail;
  }
}

TEST_F(PrizesNominationTest, PastWinnersAreNotEligibleWhenTheCycleSaysSo) {
  // 2027 runs to its results with entry A as the only shortlisted nomination of C1: it wins.
  auto n = w().nominate(cycle_, w().contributor_a, entry_a_, "C1");
  w().assign(cycle_, "C1", {w().expert_x});
  w().review(cycle_, n, true);
  w().clock.set(times_.results());
  auto results = w().prizes->results(cycle_.id);
  ASSERT_TRUE(results) << results.error().detail;
  EXPECT_EQ(results->categories.front().winner, n);

  CycleTimes next{times_.start + 30 * kDayMs};
  auto strict = w().cycle(2028, next);
  auto open = w().cycle(2029, CycleTimes{times_.start + 60 * kDayMs}, {{"past_winners_ineligible", false}});
  auto form = prizes::parse_nomination_form(nomination_body(entry_a_, "C1"));
  w().clock.set(next.start + kHourMs);
  auto refused = w().prizes->nominate(w().actor(w().contributor_a), strict.id, *form);
  ASSERT_FALSE(refused);
  EXPECT_EQ(fields(refused.error()), (std::vector<std::string>{"entry_id:past_winner"}));
  w().clock.set(open.config.nominations.opens + kHourMs);
  EXPECT_TRUE(w().prizes->nominate(w().actor(w().contributor_a), open.id, *form));
}

TEST_F(PrizesNominationTest, EditableUntilTheDeadlineAndWithdrawnOnlyByTheOwner) {
  auto n = nominate(w().contributor_a, nomination_body(entry_a_, "C1"));
  ASSERT_TRUE(n);
  auto edited_body = nomination_body(entry_a_, "C3");
  edited_body["answers"].as_object()["impact"] = "Now forty schools.";
  auto form = prizes::parse_nomination_form(edited_body);
  ASSERT_TRUE(form);
  // Someone else of the same organisation, or of another, may read but not edit or withdraw.
  for (auto who : {w().contributor_a2, w().contributor_b, w().moderator}) {
    auto edit = w().prizes->update_nomination(w().actor(who), n->id, *form);
    ASSERT_FALSE(edit);
    EXPECT_TRUE(edit.error().code == ErrorCode::forbidden || edit.error().code == ErrorCode::not_found);
    EXPECT_FALSE(w().prizes->withdraw(w().actor(who), n->id));
  }
  auto edited = w().prizes->update_nomination(w().actor(w().contributor_a), n->id, *form);
  ASSERT_TRUE(edited) << edited.error().detail;
  EXPECT_EQ(edited->category, "C3");
  EXPECT_EQ(edited->answers.impact, "Now forty schools.");
  EXPECT_EQ(edited->version, 2);
  w().clock.set(times_.nominations_close());
  auto late = w().prizes->update_nomination(w().actor(w().contributor_a), n->id, *form);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::phase_closed);
  EXPECT_FALSE(w().prizes->withdraw(w().actor(w().contributor_a), n->id));
  w().clock.set(times_.nominations_close() - 1000);
  auto withdrawn = w().prizes->withdraw(w().actor(w().contributor_a), n->id);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->state, "withdrawn");
  // Every write left a change-feed row and an audit entry.
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM change_feed WHERE topic = 'prize_nomination'"), 3);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'prize_nomination.%'"), 3);
}

TEST_F(PrizesNominationTest, NominationsAreVisibleToTheirOrganisationAndThePublicOnlyOnceShortlisted) {
  auto n = nominate(w().contributor_a, nomination_body(entry_a_, "C1"));
  ASSERT_TRUE(n);
  EXPECT_TRUE(w().prizes->get_nomination(w().actor(w().contributor_a2), n->id));
  EXPECT_FALSE(w().prizes->get_nomination(w().actor(w().contributor_b), n->id));
  EXPECT_FALSE(w().prizes->get_nomination(std::nullopt, n->id));
  w().assign(cycle_, "C1", {w().expert_x});
  w().review(cycle_, n->id, true);
  w().clock.set(times_.voting_open());
  EXPECT_TRUE(w().prizes->get_nomination(std::nullopt, n->id));
  auto listed = w().prizes->list_nominations(std::nullopt, cycle_.id, false, std::nullopt);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().entry_title, "Community networks");
}

}  // namespace
}  // namespace wsis::testing
