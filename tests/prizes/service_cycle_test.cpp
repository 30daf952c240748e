// Cycles and phase boundaries, through the service with a manual clock: each phase's action
// one second before it opens, at the instant it opens, one second before it closes, at the
// close and one second after.
#include "prizes_fixture.h"

#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

constexpr std::int64_t kSecond = 1000;

class PrizesCycleTest : public ::testing::Test {
 protected:
  void SetUp() override { world_ = std::make_unique<PrizesWorld>(dir_.path(), kStartMs); }
  TempDir dir_;
  std::unique_ptr<PrizesWorld> world_;
  PrizesWorld& w() { return *world_; }
  CycleTimes times_{kStartMs + kDayMs};
};

TEST_F(PrizesCycleTest, DefaultsToTheEighteenCategoriesAndTheContestRules) {
  auto cycle = w().cycle(2027, times_);
  const auto& reference = reference::ReferenceData::instance().prize_categories();
  ASSERT_EQ(cycle.config.categories.size(), 18u);
  for (std::size_t i = 0; i < reference.size(); ++i) EXPECT_EQ(cycle.config.categories[i], reference[i].code);
  EXPECT_EQ(cycle.config.rules.finalists_per_category, 5);
  EXPECT_EQ(cycle.config.rules.champions_per_category, 4);
  EXPECT_EQ(cycle.config.rules.rubric.size(), 4u);
  EXPECT_EQ(cycle.config.nominations.opens, times_.start);
  EXPECT_EQ(cycle.config.results_at, times_.results());
}

TEST_F(PrizesCycleTest, PhasesOutOfOrderAreFieldErrors) {
  auto body = cycle_body(2027, times_);
  body["phases"].as_object()["voting"].as_object()["opens"] = format_timestamp(times_.review_close() - kHourMs);
  body["phases"].as_object()["results"] = format_timestamp(times_.voting_close() - kHourMs);
  body["phases"].as_object()["review"].as_object()["closes"] = "2027-02-30T00:00:00Z";
  body["categories"] = json::array{"C1", "C99"};
  auto parsed = prizes::parse_cycle_config(body);
  ASSERT_FALSE(parsed);
  std::vector<std::string> fields;
  for (const auto& f : parsed.error().fields) fields.push_back(f.field + ":" + f.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"categories/1:unknown_code", "phases/review/closes:invalid_date",
                                              "phases/results:end_before_start"}));
}

TEST_F(PrizesCycleTest, OnlyAdministratorsOpenCyclesAndOneCyclePerYear) {
  auto config = prizes::parse_cycle_config(cycle_body(2027, times_));
  ASSERT_TRUE(config);
  for (auto who : {w().contributor_a, w().moderator, w().expert_x}) {
    auto refused = w().prizes->create_cycle(w().actor(who), *config);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  }
  auto anonymous = w().prizes->create_cycle(std::nullopt, *config);
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::unauthorized);
  EXPECT_EQ(w().count("SELECT COUNT(*) FROM prize_cycles"), 0);
  ASSERT_TRUE(w().prizes->create_cycle(w().actor(w().admin), *config));
  auto again = w().prizes->create_cycle(w().actor(w().admin), *config);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

// Once voting opens, the rules, categories and phases voters were shown stay; the title and a
// results instant still ahead may change. Each frozen part a change touches is named.
TEST_F(PrizesCycleTest, RulesAreFrozenOnceVotingOpens) {
  auto cycle = w().cycle(2027, times_);
  auto changed = prizes::parse_cycle_config(cycle_body(2027, times_, {{"vote_changeable", false}}));
  ASSERT_TRUE(changed);
  w().clock.set(times_.voting_open() - kSecond);
  ASSERT_TRUE(w().prizes->update_cycle(w().actor(w().admin), cycle.id, *changed));
  w().clock.set(times_.voting_open());
  auto back = prizes::parse_cycle_config(cycle_body(2027, times_, {{"vote_changeable", true}}));
  ASSERT_TRUE(back);
  auto frozen = w().prizes->update_cycle(w().actor(w().admin), cycle.id, *back);
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, ErrorCode::conflict);
  ASSERT_EQ(frozen.error().fields.size(), 1u);
  EXPECT_EQ(frozen.error().fields[0].field, "rules");
  EXPECT_EQ(frozen.error().fields[0].code, "frozen_once_voting_opens");

  auto later_close = *changed;
  later_close.voting.closes += kHourMs;
  later_close.categories.pop_back();
  auto two = w().prizes->update_cycle(w().actor(w().admin), cycle.id, later_close);
  ASSERT_FALSE(two);
  ASSERT_EQ(two.error().fields.size(), 2u);
  EXPECT_EQ(two.error().fields[0].field, "categories");
  EXPECT_EQ(two.error().fields[1].field, "phases/voting");
  EXPECT_EQ(w().count("SELECT version FROM prize_cycles"), 2);

  // A typo in the title, and the results a day later: allowed, the rules unchanged.
  auto retitled = *changed;
  retitled.title = "WSIS Prizes 2027 (corrected)";
  retitled.results_at += kDayMs;
  auto ok = w().prizes->update_cycle(w().actor(w().admin), cycle.id, retitled);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->config.title, "WSIS Prizes 2027 (corrected)");
  EXPECT_FALSE(ok->config.rules.vote_changeable);
  EXPECT_EQ(w().count("SELECT version FROM prize_cycles"), 3);

  // Once the results instant has passed, it stays too.
  w().clock.set(retitled.results_at);
  auto past = retitled;
  past.results_at += kDayMs;
  auto refused = w().prizes->update_cycle(w().actor(w().admin), cycle.id, past);
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "phases/results");
}

// Whether an action is allowed at each instant around a window [opens, closes).
void expect_window(ManualClock& clock, std::int64_t opens, std::int64_t closes, const std::function<Result<void>()>& action,
                   const std::string& phase) {
  struct Probe {
    std::int64_t at;
    bool allowed;
    const char* state;
  };
  for (auto probe : {Probe{opens - kSecond, false, "before"}, Probe{opens, true, ""}, Probe{opens + kSecond, true, ""},
                     Probe{closes - kSecond, true, ""}, Probe{closes, false, "after"},
                     Probe{closes + kSecond, false, "after"}}) {
    clock.set(probe.at);
    auto result = action();
    SCOPED_TRACE(phase + " at " + format_timestamp(probe.at));
    if (probe.allowed) {
      EXPECT_TRUE(result.ok()) << result.error().detail;
    } else {
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().code, ErrorCode::phase_closed) << result.error().detail;
      bool names_phase = false, names_state = false;
      for (const auto& arg : result.error().args) {
        if (arg.name == "phase") names_phase = std::get<std::string>(arg.value) == phase;
        if (arg.name == "state") names_state = std::get<std::string>(arg.value) == probe.state;
      }
      EXPECT_TRUE(names_phase && names_state);
    }
  }
}

TEST_F(PrizesCycleTest, EveryPhaseIsEnforcedToTheSecond) {
  auto cycle = w().cycle(2027, times_, {{"votes_per_account_per_minute", 1000}});
  auto entry = w().published_entry(w().contributor_a, "Community networks");
  auto entry2 = w().published_entry(w().contributor_b, "E-health records");
  auto form = prizes::parse_nomination_form(nomination_body(entry, "C1"));
  ASSERT_TRUE(form);
  // Nominations: nominating (each success withdrawn again so the rules let the next one in).
  expect_window(w().clock, times_.start, times_.nominations_close(), [&]() -> Result<void> {
    WSIS_ASSIGN(auto n, w().prizes->nominate(w().actor(w().contributor_a), cycle.id, *form));
    WSIS_TRY(w().prizes->withdraw(w().actor(w().contributor_a), n.id));
    return Ok{};
  }, "nominations");
  auto nomination = w().nominate(cycle, w().contributor_b, entry2, "C1");
  w().assign(cycle, "C1", {w().expert_x});
  auto review = prizes::parse_review_form(review_body(true), cycle.config.rules);
  ASSERT_TRUE(review);
  expect_window(w().clock, times_.review_open(), times_.review_close(), [&]() -> Result<void> {
    WSIS_TRY(w().prizes->review(w().actor(w().expert_x), nomination, *review));
    return Ok{};
  }, "review");
  auto voter = w().voter("voter@example.org");
  expect_window(w().clock, times_.voting_open(), times_.voting_close(), [&]() -> Result<void> {
    WSIS_TRY(w().prizes->vote({w().actor(voter), "198.51.100.7", cycle.id, "C1", nomination, {}}));
    return Ok{};
  }, "voting");
  // Results: hidden until their instant, then public for good.
  for (auto [at, allowed] : {std::pair{times_.results() - kSecond, false}, std::pair{times_.results(), true},
                             std::pair{times_.results() + kSecond, true}}) {
    w().clock.set(at);
    auto results = w().prizes->results(cycle.id);
    EXPECT_EQ(results.ok(), allowed) << format_timestamp(at);
    if (!allowed) {
      EXPECT_EQ(results.error().code, ErrorCode::phase_closed);
    }
    auto log = w().prizes->vote_log(cycle.id, 0, 10);
    EXPECT_EQ(log.ok(), allowed);
  }
}

}  // namespace
}  // namespace wsis::testing
