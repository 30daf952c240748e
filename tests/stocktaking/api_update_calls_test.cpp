// The yearly call for updates over HTTP (POST /api/v1/update-calls and the "confirm" action):
// who may open one, years only move forward, owners answer by confirming or editing, and an
// entry that answered neither of two calls is marked inactive when the next one opens (and shown
// so, in the entry and in lists). Calls are global and their years only grow, so every test
// here has a server of its own; any year from 2003 to next year may be opened, which makes the
// two-call rule testable without a clock of our own.
#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class stocktaking_api_update_calls : public StocktakingApiTest {
 protected:
  static void SetUpTestSuite() {}
  static void TearDownTestSuite() {}
  void SetUp() override { world_ = make_world(); }
  void TearDown() override { world_.reset(); }

  static HttpResponse open_call(Account& who, json::value year) {
    return who.client->post_json("/api/v1/update-calls", {{"year", std::move(year)}});
  }
  // Opens the call (expecting 201) and returns how many entries it marked inactive.
  static std::int64_t open_ok(int year) {
    // Calls compare creation and opening times in milliseconds: keep them apart.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto response = open_call(w().moderator, year);
    EXPECT_EQ(response.status, 201) << response.body;
    if (response.status != 201) return -1;
    EXPECT_EQ(response.json().at("year").as_int64(), year);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return response.json().at("marked_inactive").as_int64();
  }
  static std::string activity(std::int64_t id) { return str(read(anonymous(), id).at("activity")); }
};

TEST_F(stocktaking_api_update_calls, OnlyModeratorsAndAdministratorsOpenCalls) {
  auto calls = [] { return count("SELECT COUNT(*) FROM update_calls"); };
  expect_problem(anonymous().post_json("/api/v1/update-calls", {{"year", 2024}}), 401, "unauthorized");
  for (Account* who : {&w().contributor_a, &w().focal_a, &w().focal_b})
    expect_problem(open_call(*who, 2024), 403, "forbidden");
  EXPECT_EQ(calls(), 0);

  auto opened = open_call(w().moderator, 2024);
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_EQ(opened.json(), (json::value{{"year", 2024}, {"marked_inactive", 0}}));
  auto by_admin = open_call(w().admin, 2025);
  EXPECT_EQ(by_admin.status, 201) << by_admin.body;
  EXPECT_EQ(calls(), 2);
}

TEST_F(stocktaking_api_update_calls, YearsOnlyMoveForward) {
  ASSERT_EQ(open_ok(2020), 0);
  auto before = count("SELECT COUNT(*) FROM update_calls");
  expect_problem(open_call(w().moderator, 2020), 409, "conflict");  // the same year again
  expect_problem(open_call(w().moderator, 2019), 409, "conflict");  // an older one
  EXPECT_EQ(count("SELECT COUNT(*) FROM update_calls"), before);

  auto invalid = [](json::value year, const std::string& code) {
    auto response = open_call(w().moderator, std::move(year));
    expect_problem(response, 422, "validation");
    EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"year:" + code});
  };
  invalid(2002, "out_of_range");
  invalid(2100, "out_of_range");  // at most next year
  invalid("2021", "expected_integer");
  invalid(nullptr, "required");
  auto extra = w().moderator.client->post_json("/api/v1/update-calls", {{"year", 2021}, {"deadline", "2021-03-01"}});
  expect_problem(extra, 422, "validation");
  EXPECT_EQ(field_codes(extra.json()), std::vector<std::string>{"deadline:unknown_field"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM update_calls"), before);
  EXPECT_EQ(open_ok(2021), 0);
}

TEST_F(stocktaking_api_update_calls, OwnersConfirmOrUpdateTheirPublishedEntries) {
  auto confirmed = publish_entry(w().contributor_a, entry_body("Confirmed in time"));
  auto edited = publish_entry(w().contributor_a, entry_body("Edited in time"));
  auto by_focal = publish_entry(w().contributor_a, entry_body("Confirmed by the focal point"));
  auto draft = create_draft(w().contributor_a, entry_body("Still a draft"));
  EXPECT_EQ(activity(confirmed), "active");
  ASSERT_EQ(open_ok(2025), 0);

  // A published entry is due until its owner answers.
  auto due = read(anonymous(), confirmed);
  EXPECT_EQ(str(due.at("activity")), "due");
  EXPECT_TRUE(due.at("last_confirmed_year").is_null());
  EXPECT_EQ(str(read(*w().contributor_a.client, draft).at("activity")), "active") << "a draft is not asked";

  // Confirming is the owner's (or their focal point's) word, and only for a published entry.
  auto before = snapshot(confirmed);
  expect_problem(act(w().contributor_b, confirmed, "confirm"), 403, "forbidden");
  expect_problem(act(w().moderator, confirmed, "confirm"), 403, "forbidden");
  EXPECT_EQ(snapshot(confirmed), before);
  expect_problem(act(w().contributor_a, draft, "confirm"), 409, "conflict");

  auto answer = act_ok(w().contributor_a, confirmed, "confirm", "Still running.");
  EXPECT_EQ(str(answer.at("activity")), "active");
  EXPECT_EQ(answer.at("last_confirmed_year").as_int64(), 2025);
  EXPECT_EQ(str(answer.at("state")), "published");
  auto history = w().contributor_a.client->get(entry_path(confirmed) + "/history").json().at("items").as_array();
  EXPECT_EQ(str(history.back().at("action")), "confirm");
  EXPECT_EQ(str(history.back().at("comment")), "Still running.");
  EXPECT_EQ(history.back().at("actor_id").as_int64(), w().contributor_a.id);

  EXPECT_EQ(act_ok(w().focal_a, by_focal, "confirm").at("last_confirmed_year").as_int64(), 2025);

  // An edit by the owner answers the call too (and waits for moderation as usual).
  auto put = put_entry(w().contributor_a, edited, entry_body("Edited in time, with results"), "*");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("last_confirmed_year").as_int64(), 2025);
  EXPECT_EQ(str(read(anonymous(), edited).at("activity")), "active");
  EXPECT_EQ(str(read(anonymous(), edited).at("title")), "Edited in time") << "the edit is still pending";
}

TEST_F(stocktaking_api_update_calls, AnEntryThatAnswersNeitherOfTwoCallsBecomesInactive) {
  auto silent = publish_entry(w().contributor_a, entry_body("Never answers"));
  auto answers_first = publish_entry(w().contributor_a, entry_body("Answers the first call only"));
  auto answers_second = publish_entry(w().contributor_b, entry_body("Answers the second call by an edit"));
  auto unpublished = create_draft(w().contributor_b, entry_body("A draft is never inactive"));

  ASSERT_EQ(open_ok(2020), 0);
  act_ok(w().contributor_a, answers_first, "confirm");
  // Created after the first call opened: not yet asked twice.
  auto late = publish_entry(w().contributor_b, entry_body("Published after the first call"));

  ASSERT_EQ(open_ok(2021), 0) << "one unanswered call is not enough";
  EXPECT_EQ(activity(silent), "due");
  ASSERT_EQ(put_entry(w().contributor_b, answers_second, entry_body("Answers the second call, edited"), "*").status,
            200);

  // The third call: `silent` answered neither 2020 nor 2021.
  EXPECT_EQ(open_ok(2022), 1);
  auto entry = read(anonymous(), silent);
  EXPECT_TRUE(entry.at("inactive").as_bool());
  EXPECT_EQ(str(entry.at("activity")), "inactive");
  EXPECT_EQ(str(entry.at("state")), "published") << "still public, shown as inactive";
  for (auto id : {answers_first, answers_second, late}) {
    EXPECT_FALSE(read(anonymous(), id).at("inactive").as_bool()) << id;
    EXPECT_EQ(activity(id), "due") << id;
  }
  EXPECT_EQ(str(read(*w().contributor_b.client, unpublished).at("activity")), "active");
  // Lists show it so.
  auto list = anonymous().get("/api/v1/entries?limit=100");
  ASSERT_EQ(list.status, 200);
  auto body = list.json();
  for (const auto& item : body.at("items").as_array())
    EXPECT_EQ(str(item.at("activity")), item.at("id").as_int64() == silent ? "inactive" : "due");

  // Answering brings it back.
  auto revived = act_ok(w().contributor_a, silent, "confirm");
  EXPECT_FALSE(revived.at("inactive").as_bool());
  EXPECT_EQ(str(revived.at("activity")), "active");
  EXPECT_EQ(revived.at("last_confirmed_year").as_int64(), 2022);

  // The fourth call: of those asked in 2021 and 2022, `answers_first` (last answer 2020) and
  // `late` (never answered) answered neither.
  EXPECT_EQ(open_ok(2023), 2);
  EXPECT_EQ(activity(answers_first), "inactive");
  EXPECT_EQ(activity(late), "inactive");
  EXPECT_EQ(activity(answers_second), "due");
  EXPECT_EQ(activity(silent), "due");
}

TEST_F(stocktaking_api_update_calls, OnlyCallsOpenedWhileTheEntryWasPublishedCount) {
  // Written before the calls, but a draft is not asked to confirm anything: the calls that
  // count are those opened after it was published.
  auto written_early = create_draft(w().contributor_a, entry_body("Drafted before the calls"));
  ASSERT_EQ(open_ok(2020), 0);
  ASSERT_EQ(open_ok(2021), 0);
  act_ok(w().contributor_a, written_early, "submit");
  act_ok(w().moderator, written_early, "publish");
  EXPECT_EQ(activity(written_early), "due") << "asked by the open call";
  EXPECT_EQ(open_ok(2022), 0);
  EXPECT_EQ(open_ok(2023), 0) << "2022 is the only whole call it missed";
  EXPECT_EQ(activity(written_early), "due");
  EXPECT_EQ(open_ok(2024), 1) << "it missed 2022 and 2023";
  EXPECT_EQ(activity(written_early), "inactive");
}

}  // namespace
}  // namespace wsis::testing
