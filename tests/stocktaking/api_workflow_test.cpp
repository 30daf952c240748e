// The moderation workflow over HTTP: every transition and what it records (who, when, comment),
// pending revisions of published entries, the revision history with its field-by-field
// differences, and optimistic concurrency (If-Match: 428, 412, "*").
#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>

#include "api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

// Now as the server writes timestamps (UTC, milliseconds): ISO strings of one format compare
// as text.
std::string iso_now() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(ms % 1000));
  return out;
}

class stocktaking_api_workflow : public StocktakingApiTest {
 protected:
  static json::array history(Account& who, std::int64_t id) {
    auto response = who.client->get(entry_path(id) + "/history");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.json().at("items").as_array() : json::array{};
  }
  static json::array revisions(Account& who, std::int64_t id) {
    auto response = who.client->get(entry_path(id) + "/revisions");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.json().at("items").as_array() : json::array{};
  }
  // One history item, checked field by field.
  static void expect_step(const json::value& item, const std::string& action, const std::string& from,
                          const std::string& to, const Account& actor, const std::string& comment = "") {
    EXPECT_EQ(str(item.at("action")), action) << item;
    EXPECT_EQ(str(item.at("from_state")), from) << item;
    EXPECT_EQ(str(item.at("to_state")), to) << item;
    EXPECT_EQ(item.at("actor_id").as_int64(), actor.id) << item;
    EXPECT_EQ(str(item.at("comment")), comment) << item;
  }
  static std::vector<std::string> actions(const json::array& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(str(item.at("action")));
    return out;
  }
};

TEST_F(stocktaking_api_workflow, CreateAnswersADraftWithLocationETagAndHistory) {
  std::string before = iso_now();
  auto response = w().contributor_a.client->post_json("/api/v1/entries", entry_body("Fibre for district hospitals"));
  ASSERT_EQ(response.status, 201) << response.body;
  auto entry = response.json().as_object();
  std::int64_t id = entry.at("id").as_int64();
  EXPECT_EQ(response.header("location"), entry_path(id));
  // The owner's fuller view (newest revision, contact) has its own tag of the same version.
  EXPECT_EQ(response.header("etag"), "\"1-full\"");
  EXPECT_EQ(str(entry.at("state")), "draft");
  EXPECT_TRUE(entry.at("pending_state").is_null());
  EXPECT_EQ(entry.at("version").as_int64(), 1);
  EXPECT_EQ(entry.at("revision").as_int64(), 1);
  EXPECT_TRUE(entry.at("published_revision").is_null());
  EXPECT_TRUE(entry.at("published_at").is_null());
  EXPECT_EQ(entry.at("owner_id").as_int64(), w().contributor_a.id);
  EXPECT_EQ(entry.at("organisation_id").as_int64(), w().org_a);
  EXPECT_EQ(str(entry.at("stakeholder_type")), "civil-society") << "taken from the organisation";
  EXPECT_EQ(str(entry.at("activity")), "active");
  EXPECT_EQ(str(entry.at("title")), "Fibre for district hospitals");
  EXPECT_EQ(entry.at("regions"), (json::array{"africa"}));
  EXPECT_EQ(entry.at("sdg_goals"), (json::array{4})) << "the goal of target 4.1";
  EXPECT_EQ(str(entry.at("primary_action_line")), "C1") << "the only action line is the primary one";
  EXPECT_EQ(str(entry.at("contact").at("email")), "wanjiru@example.org");
  EXPECT_EQ(str(entry.at("description_html")), "<p>Connects <strong>rural schools</strong> to the internet.</p>\n");
  EXPECT_GE(str(entry.at("created_at")), before);

  // What the owner reads back is what the creation answered.
  auto read_back = w().contributor_a.client->get(entry_path(id));
  EXPECT_EQ(read_back.status, 200);
  EXPECT_EQ(read_back.json(), response.json());
  EXPECT_EQ(read_back.header("etag"), "\"1-full\"");
  EXPECT_EQ(read_back.header("cache-control"), "private, no-cache");

  auto steps = history(w().contributor_a, id);
  ASSERT_EQ(steps.size(), 1u);
  expect_step(steps[0], "create", "", "draft", w().contributor_a);
  EXPECT_EQ(steps[0].at("revision").as_int64(), 1);
  EXPECT_EQ(str(steps[0].at("at")), str(entry.at("created_at")));
}

TEST_F(stocktaking_api_workflow, SubmitThenPublishIsRecordedWithWhoWhenAndComment) {
  auto id = create_draft(w().contributor_a, entry_body("Digital literacy for market traders"));
  std::string before = iso_now();
  auto submitted = act_ok(w().contributor_a, id, "submit");
  EXPECT_EQ(str(submitted.at("state")), "submitted");
  EXPECT_EQ(submitted.at("version").as_int64(), 2);
  expect_problem(anonymous().get(entry_path(id)), 404, "not-found");  // not public yet

  auto published = act_ok(w().moderator, id, "publish", "Clear and complete.");
  std::string after = iso_now();
  EXPECT_EQ(str(published.at("state")), "published");
  EXPECT_EQ(published.at("published_revision").as_int64(), 1);
  EXPECT_FALSE(published.at("published_at").is_null());

  auto steps = history(w().contributor_a, id);
  ASSERT_EQ(steps.size(), 3u);
  expect_step(steps[1], "submit", "draft", "submitted", w().contributor_a);
  expect_step(steps[2], "publish", "submitted", "published", w().moderator, "Clear and complete.");
  for (const auto& step : steps) EXPECT_LE(str(step.at("at")), after);
  EXPECT_GE(str(steps[1].at("at")), before);
  EXPECT_LE(str(steps[1].at("at")), str(steps[2].at("at")));
  EXPECT_EQ(str(steps[2].at("at")), str(published.at("published_at")));
  // The moderator reads the same history.
  EXPECT_EQ(history(w().moderator, id), steps);

  // Now the public sees it, in the list too.
  auto public_view = read(anonymous(), id);
  EXPECT_EQ(str(public_view.at("title")), "Digital literacy for market traders");
  auto list = anonymous().get("/api/v1/entries?organisation=" + std::to_string(w().org_a) + "&limit=100");
  auto ids = ids_of(list);
  EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());
}

TEST_F(stocktaking_api_workflow, ReturnNeedsACommentAndTheOwnerResubmits) {
  auto id = create_draft(w().contributor_a, entry_body("Open data for water points"));
  act_ok(w().contributor_a, id, "submit");

  // The owner must learn what to fix: no comment, no return.
  auto before = snapshot(id);
  auto bare = act(w().moderator, id, "return");
  expect_problem(bare, 422, "validation");
  EXPECT_EQ(field_codes(bare.json()), std::vector<std::string>{"comment:required"});
  expect_problem(act(w().moderator, id, "return", "   "), 422, "validation");
  EXPECT_EQ(snapshot(id), before);

  auto returned = act_ok(w().moderator, id, "return", "Please add the number of water points.");
  EXPECT_EQ(str(returned.at("state")), "returned");
  expect_problem(anonymous().get(entry_path(id)), 404, "not-found");

  // The owner fixes it (still returned until resubmitted), then resubmits.
  auto fixed = entry_body("Open data for 120 water points");
  auto put = put_entry(w().contributor_a, id, fixed, "\"" + std::to_string(returned.at("version").as_int64()) + "\"");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(str(put.json().at("state")), "returned");
  auto resubmitted = act_ok(w().contributor_a, id, "submit");
  EXPECT_EQ(str(resubmitted.at("state")), "submitted");
  act_ok(w().moderator, id, "publish");
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Open data for 120 water points");

  auto steps = history(w().contributor_a, id);
  EXPECT_EQ(actions(steps), (std::vector<std::string>{"create", "submit", "return", "submit", "publish"}));
  expect_step(steps[2], "return", "submitted", "returned", w().moderator, "Please add the number of water points.");
  expect_step(steps[3], "submit", "returned", "submitted", w().contributor_a);
  EXPECT_EQ(steps[4].at("revision").as_int64(), 2) << "the fixed revision was published";
}

TEST_F(stocktaking_api_workflow, WithdrawHidesTheEntryAndReopenMakesADraftAgain) {
  auto id = publish_entry(w().contributor_a, entry_body("Mobile money for cooperatives"));
  auto withdrawn = act_ok(w().contributor_a, id, "withdraw", "Project cancelled.");
  EXPECT_EQ(str(withdrawn.at("state")), "withdrawn");
  expect_problem(anonymous().get(entry_path(id)), 404, "not-found");
  expect_problem(w().contributor_b.client->get(entry_path(id)), 404, "not-found");
  // A withdrawn entry is not edited; it is reopened first.
  expect_problem(put_entry(w().contributor_a, id, entry_body("Changed"), "*"), 409, "conflict");
  expect_problem(act(w().contributor_a, id, "withdraw"), 409, "conflict");

  auto reopened = act_ok(w().contributor_a, id, "reopen");
  EXPECT_EQ(str(reopened.at("state")), "draft");
  expect_problem(act(w().contributor_a, id, "reopen"), 409, "conflict");
  expect_problem(anonymous().get(entry_path(id)), 404, "not-found");
  auto steps = history(w().contributor_a, id);
  EXPECT_EQ(actions(steps), (std::vector<std::string>{"create", "submit", "publish", "withdraw", "reopen"}));
  expect_step(steps[3], "withdraw", "published", "withdrawn", w().contributor_a, "Project cancelled.");
  expect_step(steps[4], "reopen", "withdrawn", "draft", w().contributor_a);

  // A draft can be withdrawn too, by its owner.
  auto draft = create_draft(w().contributor_a, entry_body("Never mind"));
  EXPECT_EQ(str(act_ok(w().contributor_a, draft, "withdraw").at("state")), "withdrawn");
}

TEST_F(stocktaking_api_workflow, ArchiveByAModeratorEndsTheWorkflow) {
  auto published = publish_entry(w().contributor_a, entry_body("Telecentres in the Rift Valley"));
  auto archived = act_ok(w().moderator, published, "archive", "Superseded by a newer entry.");
  EXPECT_EQ(str(archived.at("state")), "archived");
  expect_problem(anonymous().get(entry_path(published)), 404, "not-found");
  EXPECT_EQ(str(read(*w().contributor_a.client, published).at("state")), "archived") << "the owner still sees it";
  for (const std::string action : {"withdraw", "reopen", "submit"})
    expect_problem(act(w().contributor_a, published, action), 409, "conflict");
  for (const std::string action : {"archive", "publish", "mark_success"})
    expect_problem(act(w().moderator, published, action), 409, "conflict");
  expect_problem(put_entry(w().contributor_a, published, entry_body("Revived"), "*"), 409, "conflict");
  auto steps = history(w().moderator, published);
  expect_step(steps.back(), "archive", "published", "archived", w().moderator, "Superseded by a newer entry.");

  // From any other state too, by the administrator as well.
  auto draft = create_draft(w().contributor_a, entry_body("Spam-like draft"));
  EXPECT_EQ(str(act_ok(w().admin, draft, "archive").at("state")), "archived");
  auto steps_of_draft = history(w().admin, draft);
  expect_step(steps_of_draft.back(), "archive", "draft", "archived", w().admin);
}

TEST_F(stocktaking_api_workflow, SuccessStoriesAreMarkedAndUnmarkedOnPublishedEntries) {
  auto id = publish_entry(w().contributor_b, entry_body("E-procurement portal"));
  auto marked = act_ok(w().moderator, id, "mark_success", "Exemplary.");
  EXPECT_TRUE(marked.at("success_story").as_bool());
  EXPECT_EQ(str(marked.at("state")), "published");
  EXPECT_TRUE(read(anonymous(), id).at("success_story").as_bool());
  auto stories = ids_of(anonymous().get("/api/v1/entries?success_story=true&limit=100"));
  EXPECT_NE(std::find(stories.begin(), stories.end(), id), stories.end());

  auto unmarked = act_ok(w().moderator, id, "unmark_success");
  EXPECT_FALSE(unmarked.at("success_story").as_bool());
  stories = ids_of(anonymous().get("/api/v1/entries?success_story=true&limit=100"));
  EXPECT_EQ(std::find(stories.begin(), stories.end(), id), stories.end());
  auto steps = history(w().moderator, id);
  expect_step(steps[steps.size() - 2], "mark_success", "published", "published", w().moderator, "Exemplary.");
  expect_step(steps.back(), "unmark_success", "published", "published", w().moderator);

  // Only a published entry can be a success story.
  auto draft = create_draft(w().contributor_b, entry_body("Not yet"));
  auto before = snapshot(draft);
  expect_problem(act(w().moderator, draft, "mark_success"), 409, "conflict");
  EXPECT_EQ(snapshot(draft), before);
}

TEST_F(stocktaking_api_workflow, ActionsOutOfStateAreConflictsAndUnknownActionsInvalid) {
  auto id = create_draft(w().contributor_a, entry_body("Out of order"));
  auto before = snapshot(id);
  expect_problem(act(w().moderator, id, "publish"), 409, "conflict");  // a draft is submitted first
  expect_problem(act(w().moderator, id, "return", "Why?"), 409, "conflict");
  expect_problem(act(w().contributor_a, id, "reopen"), 409, "conflict");
  expect_problem(act(w().moderator, id, "unmark_success"), 409, "conflict");
  auto unknown = act(w().contributor_a, id, "delete");
  expect_problem(unknown, 422, "validation");
  EXPECT_EQ(field_codes(unknown.json()), std::vector<std::string>{"action:invalid_value"});
  EXPECT_EQ(snapshot(id), before);

  act_ok(w().contributor_a, id, "submit");
  expect_problem(act(w().contributor_a, id, "submit"), 409, "conflict");  // already submitted
  act_ok(w().moderator, id, "publish");
  expect_problem(act(w().moderator, id, "publish"), 409, "conflict");  // nothing pending
  expect_problem(act(w().contributor_a, id, "submit"), 409, "conflict");
}

TEST_F(stocktaking_api_workflow, ConfirmWithoutAnOpenCallIsAConflict) {
  // No call for updates is ever opened in this suite (see api_update_calls_test.cpp).
  auto id = publish_entry(w().contributor_a, entry_body("Confirmed too early"));
  auto before = snapshot(id);
  expect_problem(act(w().contributor_a, id, "confirm"), 409, "conflict");
  EXPECT_EQ(snapshot(id), before);
}

TEST_F(stocktaking_api_workflow, EditOfAPublishedEntryWaitsAsAPendingRevision) {
  auto id = publish_entry(w().contributor_a, entry_body("Solar-powered community radio"));
  auto etag = etag_of(*w().contributor_a.client, id);
  auto edited_body = entry_body("Solar-powered community radio and internet");
  edited_body["countries"] = json::array{"KEN", "UGA"};
  auto put = put_entry(w().contributor_a, id, edited_body, etag);
  ASSERT_EQ(put.status, 200) << put.body;
  auto edited = put.json().as_object();
  EXPECT_EQ(str(edited.at("state")), "published");
  EXPECT_EQ(str(edited.at("pending_state")), "pending");
  EXPECT_EQ(edited.at("revision").as_int64(), 2);
  EXPECT_EQ(edited.at("pending_revision").as_int64(), 2);
  EXPECT_EQ(edited.at("published_revision").as_int64(), 1);
  EXPECT_EQ(str(edited.at("title")), "Solar-powered community radio and internet") << "the owner sees the edit";
  EXPECT_EQ(str(read(*w().moderator.client, id).at("title")), "Solar-powered community radio and internet");

  // The public still sees the published version, in the entry and in lists and filters.
  auto public_view = read(anonymous(), id);
  EXPECT_EQ(str(public_view.at("title")), "Solar-powered community radio");
  EXPECT_EQ(public_view.at("revision").as_int64(), 1);
  EXPECT_EQ(public_view.at("countries"), (json::array{"KEN"}));
  auto in_uganda = ids_of(anonymous().get("/api/v1/entries?country=UGA&limit=100"));
  EXPECT_EQ(std::find(in_uganda.begin(), in_uganda.end(), id), in_uganda.end());
  // Public list items are kept rendered per version: the list must follow the entry.
  auto listed_title = [id] {
    auto list = anonymous().get("/api/v1/entries?country=KEN&limit=100").json();
    for (const auto& item : list.at("items").as_array())
      if (item.at("id").as_int64() == id) return str(item.at("title"));
    return std::string("(not listed)");
  };
  EXPECT_EQ(listed_title(), "Solar-powered community radio");
  // A second edit while one is pending replaces what waits.
  edited_body["title"] = "Solar-powered radio and internet";
  put = put_entry(w().contributor_a, id, edited_body, put.header("etag"));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("pending_revision").as_int64(), 3);
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Solar-powered community radio");

  auto accepted = act_ok(w().moderator, id, "publish", "Accepted.");
  EXPECT_TRUE(accepted.at("pending_state").is_null());
  EXPECT_EQ(accepted.at("published_revision").as_int64(), 3);
  EXPECT_TRUE(accepted.at("pending_revision").is_null());
  public_view = read(anonymous(), id);
  EXPECT_EQ(str(public_view.at("title")), "Solar-powered radio and internet");
  EXPECT_EQ(public_view.at("countries"), (json::array{"KEN", "UGA"}));
  in_uganda = ids_of(anonymous().get("/api/v1/entries?country=UGA&limit=100"));
  EXPECT_NE(std::find(in_uganda.begin(), in_uganda.end(), id), in_uganda.end());
  EXPECT_EQ(listed_title(), "Solar-powered radio and internet");

  // The edit that made the revision pending is a step of its own; the second edit changed what
  // was pending, not the state (the revisions show it).
  auto steps = history(w().moderator, id);
  EXPECT_EQ(actions(steps), (std::vector<std::string>{"create", "submit", "publish", "edit", "publish"}));
  expect_step(steps[3], "edit", "published", "published+pending", w().contributor_a);
  EXPECT_EQ(steps[3].at("revision").as_int64(), 2);
  expect_step(steps.back(), "publish", "published+pending", "published", w().moderator, "Accepted.");
  EXPECT_EQ(steps.back().at("revision").as_int64(), 3);
}

TEST_F(stocktaking_api_workflow, EditingAReturnedRevisionSendsItBackToModeration) {
  auto id = publish_entry(w().contributor_a, entry_body("Women in ICT mentoring"));
  ASSERT_EQ(put_entry(w().contributor_a, id, entry_body("Women in ICT mentoring, 300 mentees"), "*").status, 200);
  act_ok(w().moderator, id, "return", "How many mentees, exactly?");
  // Unlike a returned draft, which waits for "submit", the edit itself is the resubmission.
  auto put = put_entry(w().contributor_a, id, entry_body("Women in ICT mentoring, 312 mentees"), "*");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(str(put.json().at("pending_state")), "pending");
  expect_problem(act(w().contributor_a, id, "submit"), 409, "conflict");
  auto steps = history(w().contributor_a, id);
  expect_step(steps.back(), "edit", "published+returned", "published+pending", w().contributor_a);
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Women in ICT mentoring");
  act_ok(w().moderator, id, "publish");
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Women in ICT mentoring, 312 mentees");
}

TEST_F(stocktaking_api_workflow, AReturnedRevisionKeepsThePublishedVersion) {
  auto id = publish_entry(w().contributor_b, entry_body("Rural broadband census"));
  auto put = put_entry(w().contributor_b, id, entry_body("Rural broadband census (unverified claims)"), "*");
  ASSERT_EQ(put.status, 200) << put.body;
  auto returned = act_ok(w().moderator, id, "return", "Cite a source for the claims.");
  EXPECT_EQ(str(returned.at("state")), "published");
  EXPECT_EQ(str(returned.at("pending_state")), "returned");
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Rural broadband census");
  EXPECT_EQ(str(read(*w().contributor_b.client, id).at("title")), "Rural broadband census (unverified claims)");
  expect_problem(act(w().moderator, id, "publish"), 409, "conflict");  // nothing is pending

  // Resubmitted unchanged, then accepted.
  auto resubmitted = act_ok(w().contributor_b, id, "submit");
  EXPECT_EQ(str(resubmitted.at("pending_state")), "pending");
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Rural broadband census");
  act_ok(w().moderator, id, "publish");
  EXPECT_EQ(str(read(anonymous(), id).at("title")), "Rural broadband census (unverified claims)");

  auto steps = history(w().contributor_b, id);
  ASSERT_GE(steps.size(), 3u);
  expect_step(steps[steps.size() - 3], "return", "published+pending", "published+returned", w().moderator,
              "Cite a source for the claims.");
  expect_step(steps[steps.size() - 2], "submit", "published+returned", "published+pending", w().contributor_b);
}

TEST_F(stocktaking_api_workflow, WithdrawingDropsThePendingRevision) {
  auto id = publish_entry(w().contributor_a, entry_body("Cyber-security clinic"));
  ASSERT_EQ(put_entry(w().contributor_a, id, entry_body("Cyber-security clinic v2"), "*").status, 200);
  auto withdrawn = act_ok(w().contributor_a, id, "withdraw");
  EXPECT_EQ(str(withdrawn.at("state")), "withdrawn");
  EXPECT_TRUE(withdrawn.at("pending_state").is_null());
  EXPECT_TRUE(withdrawn.at("pending_revision").is_null());
  auto steps = history(w().contributor_a, id);
  expect_step(steps.back(), "withdraw", "published+pending", "withdrawn", w().contributor_a);
}

TEST_F(stocktaking_api_workflow, RevisionsShowWhoChangedWhatFieldByField) {
  auto id = create_draft(w().contributor_a, entry_body("Health information exchange"));
  auto second = entry_body("Health information exchange for clinics");
  second["project_status"] = "completed";
  second["countries"] = json::array{"KEN", "TZA"};
  ASSERT_EQ(put_entry(w().contributor_a, id, second, "\"1\"").status, 200);
  auto third = second;
  third["end_date"] = "2026-06-30";
  ASSERT_EQ(put_entry(w().focal_a, id, third, "\"2\"").status, 200);

  auto items = revisions(w().contributor_a, id);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("number").as_int64(), 1);
  EXPECT_EQ(items[0].at("created_by").as_int64(), w().contributor_a.id);
  EXPECT_TRUE(items[0].at("changes").as_array().empty()) << "the first revision changes nothing";
  EXPECT_EQ(str(items[0].at("content").at("title")), "Health information exchange");
  EXPECT_EQ(str(items[0].at("content").at("contact").at("name")), "Wanjiru Kamau");

  // Each change: the field with its value before and after, in the order of the content.
  json::array expected_second = {
      {{"field", "title"},
       {"before", "Health information exchange"},
       {"after", "Health information exchange for clinics"}},
      {{"field", "countries"}, {"before", json::array{"KEN"}}, {"after", json::array{"KEN", "TZA"}}},
      {{"field", "project_status"}, {"before", "ongoing"}, {"after", "completed"}}};
  EXPECT_EQ(items[1].at("changes"), expected_second);
  EXPECT_EQ(items[1].at("created_by").as_int64(), w().contributor_a.id);
  json::array expected_third = {{{"field", "end_date"}, {"before", nullptr}, {"after", "2026-06-30"}}};
  EXPECT_EQ(items[2].at("changes"), expected_third);
  EXPECT_EQ(items[2].at("created_by").as_int64(), w().focal_a.id) << "the focal point made the third";
  EXPECT_LE(str(items[1].at("created_at")), str(items[2].at("created_at")));
  EXPECT_EQ(revisions(w().moderator, id), items);
}

TEST_F(stocktaking_api_workflow, AnEntryReadCanBeWrittenBackAsItIs) {
  // Only the required fields: the answer writes the absent optional ones as "" and [].
  json::object minimal = entry_body("Bare minimum");
  for (const char* optional : {"website", "contact"}) minimal.erase(optional);
  auto id = create_draft(w().contributor_a, minimal);
  auto read_back = w().contributor_a.client->get(entry_path(id));
  auto entry = read_back.json().as_object();
  EXPECT_EQ(str(entry.at("website")), "");
  EXPECT_EQ(str(entry.at("beneficiaries")), "");
  json::object content;
  for (const char* field :
       {"type", "title", "description", "language", "translations", "countries", "action_lines", "primary_action_line",
        "sdg_goals", "sdg_targets", "start_date", "end_date", "project_status", "website", "contact", "beneficiaries",
        "impact", "partners", "reporting_year"})
    content[field] = entry.at(field);
  auto put = put_entry(w().contributor_a, id, content, read_back.header("etag"));
  ASSERT_EQ(put.status, 200) << put.body;
  auto items = revisions(w().contributor_a, id);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[1].at("changes").as_array().empty()) << items[1].at("changes");
}

TEST_F(stocktaking_api_workflow, PutWithoutIfMatchIs428AndChangesNothing) {
  auto id = create_draft(w().contributor_a, entry_body("Postal addressing with open maps"));
  auto before = snapshot(id);
  expect_problem(put_entry(w().contributor_a, id, entry_body("Overwritten blindly"), ""), 428, "precondition-required");
  EXPECT_EQ(snapshot(id), before);
}

TEST_F(stocktaking_api_workflow, AStaleWriteIs412AndLosesNothing) {
  auto id = create_draft(w().contributor_a, entry_body("Tele-education hubs"));
  // The owner and the focal point both read version 1; the focal point saves first.
  auto owner_etag = etag_of(*w().contributor_a.client, id);
  auto focal_etag = etag_of(*w().focal_a.client, id);
  ASSERT_EQ(owner_etag, "\"1-full\"");
  ASSERT_EQ(focal_etag, owner_etag);
  auto focal_put = put_entry(w().focal_a, id, entry_body("Tele-education hubs in 40 counties"), focal_etag);
  ASSERT_EQ(focal_put.status, 200) << focal_put.body;
  EXPECT_EQ(focal_put.header("etag"), "\"2-full\"");

  auto before = snapshot(id);
  auto stale = put_entry(w().contributor_a, id, entry_body("Tele-education hubs (owner's words)"), owner_etag);
  expect_problem(stale, 412, "precondition-failed");
  EXPECT_EQ(snapshot(id), before);
  EXPECT_EQ(str(read(*w().contributor_a.client, id).at("title")), "Tele-education hubs in 40 counties");
  // An If-Match that names no version of ours is refused the same way.
  expect_problem(put_entry(w().contributor_a, id, entry_body("Weak"), "W/\"2\""), 412, "precondition-failed");
  expect_problem(put_entry(w().contributor_a, id, entry_body("Junk"), "\"two\""), 412, "precondition-failed");
  EXPECT_EQ(snapshot(id), before);

  // Read again, then the write goes through.
  auto retried = put_entry(w().contributor_a, id, entry_body("Tele-education hubs (owner's words)"),
                           etag_of(*w().contributor_a.client, id));
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.header("etag"), "\"3-full\"");
}

TEST_F(stocktaking_api_workflow, OfConcurrentWritersOfOneVersionExactlyOneWins) {
  auto id = create_draft(w().contributor_a, entry_body("Raced"));
  // Each writer its own connection (the owner's API token); all send the ETag of version 1 at once.
  auto token = w().contributor_a.client->post_json("/api/v1/tokens", {{"name", "race"}});
  ASSERT_EQ(token.status, 201) << token.body;
  std::vector<Account> writers(6);
  for (auto& writer : writers) {
    writer.client = std::make_unique<HttpClient>(server().port());
    writer.client->set_bearer_token(str(token.json().at("token")));
  }
  std::vector<std::future<int>> results;
  for (int i = 0; i < 6; ++i)
    results.push_back(std::async(std::launch::async, [&, i] {
      return put_entry(writers[i], id, entry_body("Raced, by writer " + std::to_string(i)), "\"1\"").status;
    }));
  std::vector<int> statuses;
  for (auto& result : results) statuses.push_back(result.get());
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 412), 5);
  EXPECT_EQ(revisions(w().contributor_a, id).size(), 2u) << "one revision written, none lost";
  EXPECT_EQ(read(*w().contributor_a.client, id).at("version").as_int64(), 2);
}

TEST_F(stocktaking_api_workflow, IfMatchStarWritesOverWhateverIsCurrent) {
  auto id = create_draft(w().contributor_a, entry_body("Star"));
  ASSERT_EQ(put_entry(w().focal_a, id, entry_body("Star, edited by the focal point"), "\"1\"").status, 200);
  auto response = put_entry(w().contributor_a, id, entry_body("Star, edited by the owner"), "*");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json().at("version").as_int64(), 3);
  EXPECT_EQ(str(read(*w().contributor_a.client, id).at("title")), "Star, edited by the owner");
}

TEST_F(stocktaking_api_workflow, TransitionsCheckIfMatchWhenItIsSent) {
  auto id = create_draft(w().contributor_a, entry_body("Submitted knowingly"));
  ASSERT_EQ(put_entry(w().contributor_a, id, entry_body("Submitted knowingly, v2"), "\"1\"").status, 200);
  auto before = snapshot(id);
  expect_problem(act(w().contributor_a, id, "submit", "", {{"If-Match", "\"1\""}}), 412, "precondition-failed");
  expect_problem(act(w().contributor_a, id, "submit", "", {{"If-Match", "junk"}}), 412, "precondition-failed");
  EXPECT_EQ(snapshot(id), before);
  auto ok = act(w().contributor_a, id, "submit", "", {{"If-Match", "\"2\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.header("etag"), "\"3-full\"");
  EXPECT_EQ(act(w().moderator, id, "publish", "", {{"If-Match", "*"}}).status, 200);
}

TEST_F(stocktaking_api_workflow, ReadsAnswerNotModifiedForTheirETag) {
  auto id = publish_entry(w().contributor_a, entry_body("Cached"));
  auto first = anonymous().get(entry_path(id));
  ASSERT_EQ(first.status, 200);
  auto again = anonymous().get(entry_path(id), {{"If-None-Match", first.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  act_ok(w().moderator, id, "mark_success");
  EXPECT_EQ(anonymous().get(entry_path(id), {{"If-None-Match", first.header("etag")}}).status, 200);
}

TEST_F(stocktaking_api_workflow, TheOwnersViewIsNeverRevalidatedAsThePublicOne) {
  auto id = publish_entry(w().contributor_a, entry_body("Two views"));
  auto owner = w().contributor_a.client->get(entry_path(id));
  auto public_view = anonymous().get(entry_path(id));
  ASSERT_EQ(owner.status, 200);
  ASSERT_EQ(public_view.status, 200);
  EXPECT_TRUE(owner.json().as_object().contains("contact"));
  EXPECT_FALSE(public_view.json().as_object().contains("contact"));
  EXPECT_NE(owner.header("etag"), public_view.header("etag"));
  // A browser that cached the owner's copy and revalidates after logging out gets the public one.
  auto after_logout = anonymous().get(entry_path(id), {{"If-None-Match", owner.header("etag")}});
  EXPECT_EQ(after_logout.status, 200);
  EXPECT_FALSE(after_logout.json().as_object().contains("contact"));
}

TEST_F(stocktaking_api_workflow, UnknownOrMalformedIdsAreNotFoundOnEveryEntryRoute) {
  for (const std::string id : {"999999", "0", "-1", "abc", "1x"}) {
    std::string path = "/api/v1/entries/" + id;
    expect_problem(w().moderator.client->get(path), 404, "not-found");
    expect_problem(w().moderator.client->get(path + "/revisions"), 404, "not-found");
    expect_problem(w().moderator.client->get(path + "/history"), 404, "not-found");
    expect_problem(w().moderator.client->send_json("PUT", path, entry_body(), {{"If-Match", "*"}}), 404, "not-found");
    expect_problem(w().moderator.client->post_json(path + "/transitions", {{"action", "publish"}}), 404, "not-found");
  }
}

}  // namespace
}  // namespace wsis::testing
