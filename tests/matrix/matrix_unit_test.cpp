// The matrix module without a server: the statistics against values computed another way here,
// the agencies' file as seeded, exact counts of a hand-built set of entries (and after one is
// withdrawn), the organisation table against std::map, and the reference matrix service
// (seeding once, permissions per role, immutable versions, comparison).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "app/platform.h"
#include "core/clock.h"
#include "matrix/evidence.h"
#include "matrix/guidance.h"
#include "matrix/reference_matrix.h"
#include "matrix/stats.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

namespace wsis::matrix {
namespace {

// The Wilson bounds as the roots of (p̂ - p)² = z² p (1 - p) / n, found by bisection: the
// score test's definition, not the closed form that stats.cpp uses.
double score_bound(std::int64_t k, std::int64_t n, bool upper, double z = kZ95) {
  double phat = static_cast<double>(k) / static_cast<double>(n);
  auto f = [&](double p) { return (phat - p) * (phat - p) - z * z * p * (1 - p) / static_cast<double>(n); };
  double lo = upper ? phat : 0.0, hi = upper ? 1.0 : phat;
  // f > 0 far from p̂, f <= 0 at p̂.
  if (!upper && f(0.0) <= 0) return 0.0;
  if (upper && f(1.0) <= 0) return 1.0;
  for (int i = 0; i < 200; ++i) {
    double mid = (lo + hi) / 2;
    bool outside = f(mid) > 0;
    if (upper) (outside ? hi : lo) = mid;
    else (outside ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

TEST(MatrixStats, WilsonIntervalIsTheScoreTestInterval) {
  for (auto [k, n] : std::vector<std::pair<std::int64_t, std::int64_t>>{{3, 10}, {0, 5}, {7, 7}, {40, 200}, {1, 1}, {2, 3}}) {
    auto interval = wilson(k, n);
    EXPECT_NEAR(interval.low, score_bound(k, n, false), 1e-9) << k << "/" << n;
    EXPECT_NEAR(interval.high, score_bound(k, n, true), 1e-9) << k << "/" << n;
  }
  auto none = wilson(0, 0);
  EXPECT_EQ(none.low, 0);
  EXPECT_EQ(none.high, 1);
}

TEST(MatrixStats, LiftIsTheShareOverTheBaseRateWithTheIntervalScaled) {
  // 2 of the action line's 3 entries name the SDG, which 2 of all 4 entries name.
  auto l = lift(2, 3, 2, 4);
  ASSERT_TRUE(l.defined);
  EXPECT_DOUBLE_EQ(l.share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(l.lift, (2.0 / 3.0) / 0.5);
  EXPECT_NEAR(l.interval.low, score_bound(2, 3, false) / 0.5, 1e-9);
  EXPECT_NEAR(l.interval.high, score_bound(2, 3, true) / 0.5, 1e-9);
  EXPECT_FALSE(lift(0, 0, 2, 4).defined);
  EXPECT_FALSE(lift(0, 3, 0, 4).defined);
}

TEST(MatrixSeed, ReadsTheAgenciesFileWithItsQuirks) {
  EXPECT_EQ(action_line_of_label("C1: The role of governments"), "C1");
  EXPECT_EQ(action_line_of_label("C7 ICT Applications: IV. e-health"), "C7-e-health");
  EXPECT_EQ(action_line_of_label("C7 ICT Applications I, e-government"), "C7-e-government");
  EXPECT_EQ(action_line_of_label("C11: International and regional cooperation"), "C11");
  EXPECT_FALSE(action_line_of_label("C99: nothing").has_value());

  auto links = agencies_links();
  ASSERT_TRUE(links.ok()) << links.error().detail;
  auto has = [&](const std::string& line, int goal, const std::string& target) {
    return std::any_of(links->begin(), links->end(), [&](const Link& l) { return l.key == LinkKey{line, goal, target}; });
  };
  // C3 links the goals as wholes ("1", "2"...), every goal but 4.
  int c3 = 0;
  for (const auto& l : *links)
    if (l.key.action_line == "C3") {
      ++c3;
      EXPECT_TRUE(l.key.target.empty());
    }
  EXPECT_EQ(c3, 16);
  EXPECT_FALSE(has("C3", 4, ""));
  // E-agriculture files 2.4 and 13.1 under goal 1: each goes to its own goal.
  EXPECT_TRUE(has("C7-e-agriculture", 2, "2.4"));
  EXPECT_TRUE(has("C7-e-agriculture", 13, "13.1"));
  EXPECT_FALSE(has("C7-e-agriculture", 1, "2.4"));
  // An empty target list links the whole goal.
  EXPECT_TRUE(has("C7-e-agriculture", 12, ""));
  EXPECT_TRUE(has("C2", 9, "9.c"));
  std::set<LinkKey> unique;
  for (const auto& l : *links) {
    EXPECT_TRUE(unique.insert(l.key).second) << l.key.action_line << " " << l.key.target;
    EXPECT_NE(l.source.find("uwidcit/WSIS-SDG-Matrix"), std::string::npos);
    EXPECT_FALSE(l.entered_by.has_value());
    EXPECT_TRUE(check_link_key(l.key).ok()) << l.key.action_line << " " << l.key.goal << " " << l.key.target;
  }
}

TEST(MatrixEvidence, PairCountsAgreeWithAMap) {
  PairCounts table;
  std::map<std::uint64_t, std::uint32_t> expected;
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t key = random() % 3000;
    if (random() % 3 == 0 && expected.contains(key)) {
      auto n = table.decrement(key);
      if (--expected[key] == 0) expected.erase(key);
      EXPECT_EQ(n, expected.contains(key) ? expected[key] : 0u);
    } else {
      EXPECT_EQ(table.increment(key), ++expected[key]);
    }
  }
  EXPECT_EQ(table.size(), expected.size());
  for (const auto& [key, n] : expected) {
    EXPECT_EQ(table.increment(key), n + 1);
  }
}

// Facts as the projection tables would give them.
EntryFacts facts(std::uint32_t id, std::uint32_t organisation, int year, const std::string& stakeholder,
                 std::vector<std::string> lines, std::vector<int> goals, std::vector<std::string> targets,
                 std::vector<std::string> countries, std::vector<std::string> regions) {
  const auto& d = Dimensions::instance();
  EntryFacts f;
  f.id = id;
  f.organisation = organisation;
  f.year = static_cast<std::int16_t>(year);
  f.stakeholder = static_cast<std::uint8_t>(d.stakeholder(stakeholder));
  for (const auto& l : lines) f.codes.push_back(static_cast<std::uint16_t>(d.action_line(l)));
  for (int g : goals) f.codes.push_back(static_cast<std::uint16_t>(g - 1));
  for (const auto& t : targets) f.codes.push_back(static_cast<std::uint16_t>(d.target(t)));
  for (const auto& c : countries) f.codes.push_back(static_cast<std::uint16_t>(d.country(c)));
  for (const auto& r : regions) f.codes.push_back(static_cast<std::uint16_t>(d.region(r)));
  f.n_action_lines = static_cast<std::uint8_t>(lines.size());
  f.n_goals = static_cast<std::uint8_t>(goals.size());
  f.n_targets = static_cast<std::uint8_t>(targets.size());
  f.n_countries = static_cast<std::uint8_t>(countries.size());
  f.n_regions = static_cast<std::uint8_t>(regions.size());
  return f;
}

std::vector<EntryFacts> hand_built() {
  return {facts(1, 10, 2024, "civil-society", {"C1", "C4"}, {4}, {"4.1"}, {"SEN"}, {"africa"}),
          facts(2, 10, 2025, "civil-society", {"C1"}, {4, 9}, {"4.1", "9.c"}, {"KEN", "SEN"}, {"africa"}),
          facts(3, 20, 2025, "government", {"C4"}, {9}, {"9.c"}, {"FRA"}, {"europe"}),
          facts(4, 20, 2025, "government", {"C1"}, {16}, {}, {"EGY"}, {"arab-states"})};
}

const Profile& goal_cell(const Tally& t, const std::string& line, int goal) {
  const auto& d = Dimensions::instance();
  return t.goal_cells[static_cast<std::size_t>(d.action_line(line)) * d.goals + static_cast<std::size_t>(goal - 1)];
}
const Profile& target_cell(const Tally& t, const std::string& line, const std::string& target) {
  const auto& d = Dimensions::instance();
  return t.target_cells[static_cast<std::size_t>(d.action_line(line)) * d.targets +
                        static_cast<std::size_t>(d.target(target))];
}

TEST(MatrixEvidence, CountsAHandBuiltSetExactly) {
  const auto& d = Dimensions::instance();
  Tally tally({.cells = true, .sdgs = true, .groups = true});
  for (const auto& f : hand_built()) tally.add(f, +1);
  EXPECT_EQ(tally.total.entries, 4);
  EXPECT_EQ(tally.total.organisations, 2);
  EXPECT_EQ(tally.total.countries, 4);
  EXPECT_EQ(tally.total.at(Profile::kActionLine, static_cast<std::size_t>(d.action_line("C1"))), 3);
  EXPECT_EQ(tally.total.at(Profile::kGoal, 3), 2);
  const auto& c1_4 = goal_cell(tally, "C1", 4);
  EXPECT_EQ(c1_4.entries, 2);
  EXPECT_EQ(c1_4.organisations, 1);
  EXPECT_EQ(c1_4.countries, 2);
  EXPECT_EQ(c1_4.at(Profile::kYear, 2024 - Dimensions::first_year), 1);
  EXPECT_EQ(c1_4.at(Profile::kYear, 2025 - Dimensions::first_year), 1);
  EXPECT_EQ(goal_cell(tally, "C4", 9).entries, 1);
  EXPECT_EQ(goal_cell(tally, "C1", 9).entries, 1);
  EXPECT_EQ(goal_cell(tally, "C4", 4).entries, 1);
  EXPECT_EQ(goal_cell(tally, "C1", 16).countries, 1);
  EXPECT_EQ(target_cell(tally, "C1", "4.1").entries, 2);
  EXPECT_EQ(target_cell(tally, "C4", "9.c").organisations, 1);
  EXPECT_EQ(tally.by_region[static_cast<std::size_t>(d.region("africa"))].entries, 2);
  EXPECT_EQ(tally.by_region[static_cast<std::size_t>(d.region("africa"))].organisations, 1);
  EXPECT_EQ(tally.by_stakeholder[static_cast<std::size_t>(d.stakeholder("government"))].entries, 2);
  EXPECT_EQ(tally.by_goal[8].countries, 3);  // goal 9: KEN, SEN, FRA

  auto e = evidence_of(tally, {"C1", 4, ""});
  EXPECT_DOUBLE_EQ(e.lift.lift, (2.0 / 3.0) / (2.0 / 4.0));

  // Entry 2 leaves: its contribution goes, and only its.
  tally.add(hand_built()[1], -1);
  EXPECT_EQ(tally.total.entries, 3);
  EXPECT_EQ(c1_4.entries, 1);
  EXPECT_EQ(c1_4.organisations, 1);
  EXPECT_EQ(c1_4.countries, 1);
  EXPECT_EQ(goal_cell(tally, "C1", 9).entries, 0);
  EXPECT_EQ(goal_cell(tally, "C1", 9).organisations, 0);
  EXPECT_EQ(tally.total.countries, 3);  // KEN was entry 2's only
  // Entry 1 leaves too: organisation 10 has no entry left anywhere.
  tally.add(hand_built()[0], -1);
  EXPECT_EQ(tally.total.organisations, 1);
  EXPECT_EQ(c1_4.organisations, 0);
}

TEST(MatrixEvidence, FiltersMatchAsTheEntryListDoes) {
  auto all = hand_built();
  auto count = [&](const stocktaking::EntryFilter& f) {
    FactFilter filter(f);
    return std::count_if(all.begin(), all.end(), [&](const EntryFacts& e) { return filter.matches(e); });
  };
  stocktaking::EntryFilter f;
  EXPECT_TRUE(FactFilter(f).empty());
  f.regions = {"africa"};
  EXPECT_EQ(count(f), 2);
  f.years = {2025};
  EXPECT_EQ(count(f), 1);
  f = {};
  f.regions = {"africa", "europe"};  // alternatives
  EXPECT_EQ(count(f), 3);
  f = {};
  f.stakeholder_types = {"government"};
  f.action_lines = {"C1"};
  EXPECT_EQ(count(f), 1);
  f = {};
  f.targets = {"9.c"};
  EXPECT_EQ(count(f), 2);
  f = {};
  f.organisation_id = 20;
  EXPECT_EQ(count(f), 2);
}

// --- The reference matrix service against a database ----------------------------------------

class MatrixServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = app::open_database(dir_.path(), clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    database_ = std::move(*opened);
    service_ = std::make_unique<MatrixService>(*database_, clock_);
    ASSERT_TRUE(service_->ensure_seeded().ok());
  }
  static Actor actor(std::int64_t id, Role role) {
    return Actor{.user_id = id, .organisation_id = 0,
                 .roles = static_cast<std::uint32_t>(Role::contributor) | static_cast<std::uint32_t>(role),
                 .email_verified = true};
  }
  std::vector<LinkKey> keys(const std::vector<Link>& links) {
    std::vector<LinkKey> out;
    for (const auto& l : links) out.push_back(l.key);
    return out;
  }

  wsis::testing::TempDir dir_;
  ManualClock clock_{1'790'000'000'000};
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<MatrixService> service_;
};

TEST_F(MatrixServiceTest, SeedsTheAgenciesMatrixOnceAsVersionOne) {
  ASSERT_TRUE(service_->ensure_seeded().ok());  // a second start changes nothing
  auto versions = service_->versions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  auto seeded = agencies_links();
  ASSERT_TRUE(seeded.ok());
  auto v1 = service_->version(1);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->link_count, static_cast<std::int64_t>(seeded->size()));
  EXPECT_EQ(keys(v1->links), keys(*seeded));
  EXPECT_FALSE(v1->published_by.has_value());
  for (const auto& l : v1->links) EXPECT_EQ(l.entered_at, clock_.now_ms());
}

TEST(MatrixSeedCli, MigrateSeedsTheMatrixOnce) {
  wsis::testing::TempDir dir;
  std::string out;
  for (int run = 0; run < 2; ++run)
    ASSERT_EQ(wsis::testing::run_process({WSIS_BINARY, "migrate", "--data-dir", dir.path()}, &out), 0) << out;
  ManualClock clock(0);
  auto database = app::open_database(dir.path(), clock);
  ASSERT_TRUE(database.ok());
  MatrixService service(**database, clock);
  auto versions = service.versions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].link_count, static_cast<std::int64_t>(agencies_links()->size()));
}

TEST_F(MatrixServiceTest, OnlyModeratorsAndAdministratorsEditAndPublish) {
  auto before = service_->draft(actor(1, Role::moderator));
  ASSERT_TRUE(before.ok());
  LinkChange change{{"C5", 16, "16.4"}, "Cybersecurity and illicit flows", "", "", "evidence from 2025 entries"};
  for (Role role : {Role::contributor, Role::focal_point, Role::prize_expert}) {
    auto who = actor(5, role);
    EXPECT_EQ(service_->add_link(who, change).error().code, ErrorCode::forbidden);
    EXPECT_EQ(service_->remove_link(who, {"C1", 1, ""}, "no").error().code, ErrorCode::forbidden);
    EXPECT_EQ(service_->publish(who, "v2").error().code, ErrorCode::forbidden);
    EXPECT_EQ(service_->draft(who).error().code, ErrorCode::forbidden);
  }
  EXPECT_EQ(keys(*service_->draft(actor(1, Role::moderator))), keys(*before));
  EXPECT_EQ(service_->versions()->size(), 1u);

  auto added = service_->add_link(actor(1, Role::moderator), change);
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added->entered_by, 1);
  EXPECT_EQ(added->source, "WSIS Hub moderator");
  EXPECT_EQ(service_->add_link(actor(1, Role::moderator), change).error().code, ErrorCode::conflict);
  EXPECT_TRUE(service_->remove_link(actor(2, Role::administrator), {"C1", 1, ""}, "no entries in five years").ok());
  EXPECT_EQ(service_->remove_link(actor(2, Role::administrator), {"C1", 1, ""}, "again").error().code,
            ErrorCode::not_found);
  auto edits = service_->pending_edits(actor(1, Role::moderator));
  ASSERT_EQ(edits->size(), 2u);
  EXPECT_EQ((*edits)[0].op, "add");
  EXPECT_EQ((*edits)[1].comment, "no entries in five years");
}

TEST_F(MatrixServiceTest, PublishedVersionsNeverChangeAndCompare) {
  auto moderator = actor(1, Role::moderator);
  auto v1_before = service_->version(1);
  ASSERT_TRUE(v1_before.ok());
  EXPECT_EQ(service_->publish(moderator, "nothing new").error().code, ErrorCode::conflict);

  ASSERT_TRUE(service_->add_link(moderator, {{"C5", 16, "16.4"}, "", "", "", "evidence"}).ok());
  ASSERT_TRUE(service_->remove_link(moderator, {"C1", 1, ""}, "weak").ok());
  clock_.advance(86'400'000);
  auto v2 = service_->publish(moderator, "after HLPF 2026");
  ASSERT_TRUE(v2.ok()) << v2.error().detail;
  EXPECT_EQ(v2->number, 2);
  EXPECT_EQ(v2->link_count, v1_before->link_count);  // one in, one out
  EXPECT_TRUE(service_->pending_edits(moderator)->empty());

  ASSERT_TRUE(service_->remove_link(moderator, {"C5", 16, "16.4"}, "second thoughts").ok());
  ASSERT_TRUE(service_->publish(moderator, "v3").ok());

  auto v1_after = service_->version(1);
  ASSERT_TRUE(v1_after.ok());
  EXPECT_EQ(keys(v1_after->links), keys(v1_before->links));
  EXPECT_EQ(v1_after->published_at, v1_before->published_at);
  EXPECT_EQ(v1_after->note, v1_before->note);

  auto c12 = service_->compare(1, 2);
  ASSERT_TRUE(c12.ok());
  ASSERT_EQ(c12->added.size(), 1u);
  EXPECT_EQ(c12->added[0].key, (LinkKey{"C5", 16, "16.4"}));
  ASSERT_EQ(c12->removed.size(), 1u);
  EXPECT_EQ(c12->removed[0].key, (LinkKey{"C1", 1, ""}));
  auto c13 = service_->compare(1, 3);
  EXPECT_TRUE(c13->added.empty());
  EXPECT_EQ(c13->removed.size(), 1u);
  auto c31 = service_->compare(3, 1);
  EXPECT_EQ(c31->added.size(), 1u);
  EXPECT_EQ(service_->compare(1, 9).error().code, ErrorCode::not_found);
}

TEST_F(MatrixServiceTest, RefusesUnknownCodesAndTargetsOutsideTheirGoal) {
  auto moderator = actor(1, Role::moderator);
  auto error = [&](LinkKey key) { return service_->add_link(moderator, {key, "", "", "", "x"}).error(); };
  EXPECT_EQ(error({"C99", 4, "4.1"}).fields.at(0).field, "action_line");
  EXPECT_EQ(error({"C1", 18, ""}).fields.at(0).field, "goal");
  EXPECT_EQ(error({"C1", 4, "9.c"}).fields.at(0).code, "invalid_value");
  EXPECT_EQ(error({"C1", 4, "4.99"}).fields.at(0).code, "unknown_code");
}

}  // namespace
}  // namespace wsis::matrix
