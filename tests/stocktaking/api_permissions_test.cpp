// Who may do what to an entry, one test per role: anonymous, the owner (a contributor), a
// colleague in the same organisation, a contributor and a focal point of another organisation,
// the organisation's focal point, a moderator, an administrator. Every refusal is checked for
// its status (401 not logged in, 403 not allowed, 404 where a draft's existence must not leak)
// and the entry is read back unchanged.
#include <algorithm>

#include "api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class stocktaking_api_permissions : public StocktakingApiTest {
 protected:
  void SetUp() override {
    // A draft and a published entry of contributor A, each with a contact.
    draft_ = create_draft(w().contributor_a, entry_body("Draft of contributor A"));
    published_ = publish_entry(w().contributor_a, entry_body("Published entry of contributor A"));
    draft_before_ = snapshot(draft_);
    published_before_ = snapshot(published_);
  }

  void expect_untouched() {
    EXPECT_EQ(snapshot(draft_), draft_before_);
    EXPECT_EQ(snapshot(published_), published_before_);
  }

  // Every write `who` might try on entry `id`, each expected to fail with `status`.
  void expect_cannot_write(Account& who, std::int64_t id, int status, const std::string& slug) {
    expect_problem(put_entry(who, id, entry_body("Hijacked"), "*"), status, slug);
    expect_problem(put_entry(who, id, entry_body("Hijacked"), etag_of(*w().moderator.client, id)), status, slug);
    for (const std::string action : {"submit", "withdraw", "reopen", "confirm", "publish", "archive"})
      expect_problem(act(who, id, action, "A comment"), status, slug);
  }

  // The moderators' actions, refused to `who` with 403 on an entry they can see.
  void expect_cannot_moderate(Account& who, std::int64_t id) {
    for (const std::string action : {"publish", "return", "archive", "mark_success", "unmark_success"})
      expect_problem(act(who, id, action, "A comment"), 403, "forbidden");
  }

  void expect_histories_refused(HttpClient& client, std::int64_t id, int status, const std::string& slug) {
    expect_problem(client.get(entry_path(id) + "/revisions"), status, slug);
    expect_problem(client.get(entry_path(id) + "/history"), status, slug);
  }

  static bool has_contact(const json::object& entry) { return entry.contains("contact"); }
  static bool listed(HttpClient& client, const std::string& query, std::int64_t id) {
    auto ids = ids_of(client.get("/api/v1/entries?limit=100&" + query));
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  std::int64_t draft_ = 0, published_ = 0;
  EntrySnapshot draft_before_, published_before_;
};

TEST_F(stocktaking_api_permissions, AnonymousReadsPublishedEntriesOnlyAndWritesNothing) {
  expect_problem(anonymous().get(entry_path(draft_)), 404, "not-found");
  expect_histories_refused(anonymous(), draft_, 404, "not-found");
  auto entry = read(anonymous(), published_);
  EXPECT_FALSE(has_contact(entry));
  for (const char* hidden : {"owner_id", "external_id", "pending_revision"})
    EXPECT_FALSE(entry.contains(hidden)) << hidden;
  // The histories of a published entry are for those who may edit it: log in first.
  expect_histories_refused(anonymous(), published_, 401, "unauthorized");

  auto create = anonymous().post_json("/api/v1/entries", entry_body());
  expect_problem(create, 401, "unauthorized");
  for (auto id : {draft_, published_}) {
    expect_problem(anonymous().send_json("PUT", entry_path(id), entry_body("Hijacked"), {{"If-Match", "*"}}), 401,
                   "unauthorized");
    for (const std::string action : {"submit", "publish", "withdraw", "archive"})
      expect_problem(anonymous().post_json(entry_path(id) + "/transitions", {{"action", action}}), 401, "unauthorized");
  }
  expect_problem(anonymous().get("/api/v1/entries?mine=true"), 401, "unauthorized");
  expect_problem(anonymous().get("/api/v1/entries/facets?mine=true"), 401, "unauthorized");
  expect_untouched();
  EXPECT_FALSE(listed(anonymous(), "", draft_));
  EXPECT_TRUE(listed(anonymous(), "", published_));
  // Asking for other states does not show them either.
  EXPECT_FALSE(listed(anonymous(), "state=draft", draft_));
}

TEST_F(stocktaking_api_permissions, OwnerEditsSubmitsAndWithdrawsButCannotModerate) {
  Account& owner = w().contributor_a;
  EXPECT_TRUE(has_contact(read(*owner.client, draft_)));
  EXPECT_EQ(owner.client->get(entry_path(draft_) + "/revisions").status, 200);
  EXPECT_EQ(owner.client->get(entry_path(draft_) + "/history").status, 200);
  expect_cannot_moderate(owner, published_);
  expect_problem(act(owner, draft_, "publish"), 403, "forbidden");  // not even from their own draft
  expect_untouched();
  EXPECT_TRUE(listed(*owner.client, "mine=true", draft_));

  // What the owner may do.
  auto put = put_entry(owner, draft_, entry_body("Draft of contributor A, edited"), "*");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(str(act_ok(owner, draft_, "submit").at("state")), "submitted");
  EXPECT_EQ(str(act_ok(owner, draft_, "withdraw").at("state")), "withdrawn");
  EXPECT_EQ(str(act_ok(owner, draft_, "reopen").at("state")), "draft");
}

TEST_F(stocktaking_api_permissions, ColleagueWhoIsNoFocalPointCannotSeeOrEditAnothersEntries) {
  // The focal point of A writes; contributor A is a colleague, not the owner.
  auto focal_draft = create_draft(w().focal_a, entry_body("Draft of the focal point"));
  auto focal_published = publish_entry(w().focal_a, entry_body("Published by the focal point"));
  auto draft_before = snapshot(focal_draft), published_before = snapshot(focal_published);
  Account& colleague = w().contributor_a;
  expect_problem(colleague.client->get(entry_path(focal_draft)), 404, "not-found");
  expect_histories_refused(*colleague.client, focal_draft, 404, "not-found");
  expect_cannot_write(colleague, focal_draft, 404, "not-found");
  EXPECT_FALSE(has_contact(read(*colleague.client, focal_published)));
  expect_histories_refused(*colleague.client, focal_published, 403, "forbidden");
  expect_cannot_write(colleague, focal_published, 403, "forbidden");
  EXPECT_FALSE(listed(*colleague.client, "mine=true", focal_draft));
  EXPECT_EQ(snapshot(focal_draft), draft_before);
  EXPECT_EQ(snapshot(focal_published), published_before);
}

TEST_F(stocktaking_api_permissions, ContributorOfAnotherOrganisationCannotSeeDraftsOrEdit) {
  Account& other = w().contributor_b;
  expect_problem(other.client->get(entry_path(draft_)), 404, "not-found");
  expect_histories_refused(*other.client, draft_, 404, "not-found");
  expect_cannot_write(other, draft_, 404, "not-found");
  auto entry = read(*other.client, published_);
  EXPECT_FALSE(has_contact(entry));
  EXPECT_FALSE(entry.contains("owner_id"));
  expect_histories_refused(*other.client, published_, 403, "forbidden");
  expect_cannot_write(other, published_, 403, "forbidden");
  expect_untouched();
  EXPECT_FALSE(listed(*other.client, "", draft_));
  EXPECT_FALSE(listed(*other.client, "mine=true", draft_));
  EXPECT_FALSE(listed(*other.client, "mine=true", published_));
  EXPECT_FALSE(listed(*other.client, "state=draft", draft_)) << "only moderators list other states";
}

TEST_F(stocktaking_api_permissions, FocalPointActsForTheirOwnOrganisationOnly) {
  // The focal point of B is a stranger to A's entries.
  expect_problem(w().focal_b.client->get(entry_path(draft_)), 404, "not-found");
  expect_cannot_write(w().focal_b, draft_, 404, "not-found");
  EXPECT_FALSE(has_contact(read(*w().focal_b.client, published_)));
  expect_histories_refused(*w().focal_b.client, published_, 403, "forbidden");
  expect_cannot_write(w().focal_b, published_, 403, "forbidden");
  // The focal point of A may not moderate either.
  expect_cannot_moderate(w().focal_a, published_);
  expect_untouched();

  // For their own organisation's entries they act as the owner does.
  Account& focal = w().focal_a;
  EXPECT_TRUE(has_contact(read(*focal.client, draft_)));
  EXPECT_EQ(focal.client->get(entry_path(draft_) + "/history").status, 200);
  EXPECT_TRUE(listed(*focal.client, "mine=true", draft_)) << "mine covers the organisation's entries";
  auto put = put_entry(focal, draft_, entry_body("Draft of contributor A, edited by the focal point"), "*");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(str(act_ok(focal, draft_, "submit").at("state")), "submitted");
  EXPECT_EQ(str(act_ok(focal, published_, "withdraw").at("state")), "withdrawn");
}

TEST_F(stocktaking_api_permissions, ModeratorModeratesAndEditsButDoesNotActForTheOwner) {
  Account& moderator = w().moderator;
  EXPECT_TRUE(has_contact(read(*moderator.client, draft_)));
  EXPECT_EQ(moderator.client->get(entry_path(draft_) + "/revisions").status, 200);
  // Submitting, withdrawing and confirming are the owner's word.
  for (const std::string action : {"submit", "withdraw", "confirm"})
    expect_problem(act(moderator, draft_, action), 403, "forbidden");
  expect_problem(act(moderator, published_, "withdraw"), 403, "forbidden");
  // An entry is written for an organisation: a moderator who has none cannot create one.
  expect_problem(moderator.client->post_json("/api/v1/entries", entry_body()), 403, "forbidden");
  expect_untouched();
  EXPECT_TRUE(listed(*moderator.client, "state=draft", draft_));

  auto put = put_entry(moderator, draft_, entry_body("Draft of contributor A, copy-edited"), "*");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("owner_id").as_int64(), w().contributor_a.id) << "editing does not take ownership";
  EXPECT_TRUE(act_ok(moderator, published_, "mark_success").at("success_story").as_bool());
  EXPECT_EQ(str(act_ok(moderator, published_, "archive").at("state")), "archived");
}

TEST_F(stocktaking_api_permissions, AdministratorHasTheModeratorsPowers) {
  Account& admin = w().admin;
  EXPECT_TRUE(has_contact(read(*admin.client, draft_)));
  EXPECT_EQ(admin.client->get(entry_path(draft_) + "/history").status, 200);
  expect_problem(act(admin, draft_, "submit"), 403, "forbidden");
  expect_untouched();
  act_ok(w().contributor_a, draft_, "submit");
  EXPECT_EQ(str(act_ok(admin, draft_, "return", "Needs sources.").at("state")), "returned");
  EXPECT_TRUE(act_ok(admin, published_, "mark_success").at("success_story").as_bool());
  EXPECT_TRUE(listed(*admin.client, "state=returned", draft_));
}

TEST_F(stocktaking_api_permissions, CreatingAnEntryNeedsAnOrganisation) {
  Account loner = register_account(server(), "loner@example.org", "In no organisation");
  auto before = count("SELECT COUNT(*) FROM entries");
  expect_problem(loner.client->post_json("/api/v1/entries", entry_body()), 403, "forbidden");
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), before);
  // The entry belongs to the creator's organisation, with its stakeholder type.
  auto entry = create_entry(w().contributor_b, entry_body("Entry of organisation B"));
  EXPECT_EQ(entry.at("organisation_id").as_int64(), w().org_b);
  EXPECT_EQ(str(entry.at("stakeholder_type")), "government");
}

TEST_F(stocktaking_api_permissions, ContactIsShownOnlyToOwnerFocalPointAndModerators) {
  for (Account* reader : {&w().contributor_a, &w().focal_a, &w().moderator, &w().admin}) {
    auto entry = read(*reader->client, published_);
    ASSERT_TRUE(has_contact(entry)) << reader->email;
    EXPECT_EQ(str(entry.at("contact").at("email")), "wanjiru@example.org");
    EXPECT_EQ(str(entry.at("contact").at("phone")), "+254 700 000");
  }
  for (HttpClient* reader : {&anonymous(), w().contributor_b.client.get(), w().focal_b.client.get()}) {
    auto response = reader->get(entry_path(published_));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body.find("wanjiru"), std::string::npos) << response.body;
  }
  // Lists never carry it, not even to the owner.
  for (HttpClient* reader : {&anonymous(), w().contributor_a.client.get(), w().moderator.client.get()}) {
    auto list = reader->get("/api/v1/entries?limit=100");
    EXPECT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find("wanjiru"), std::string::npos);
  }
  auto mine = w().contributor_a.client->get("/api/v1/entries?mine=true&limit=100");
  EXPECT_EQ(mine.body.find("wanjiru"), std::string::npos);
}

TEST_F(stocktaking_api_permissions, ChangesNeedTheCsrfTokenButBearerTokensDoNot) {
  // A browser session without its CSRF token: a cross-site request.
  HttpClient forged(server().port());
  auto login = forged.post_json("/api/v1/auth/login", {{"email", w().contributor_a.email}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200);
  auto entries_before = count("SELECT COUNT(*) FROM entries");
  expect_problem(forged.post_json("/api/v1/entries", entry_body()), 403, "csrf");
  expect_problem(forged.send_json("PUT", entry_path(draft_), entry_body("Forged"), {{"If-Match", "*"}}), 403, "csrf");
  expect_problem(forged.post_json(entry_path(draft_) + "/transitions", {{"action", "submit"}}), 403, "csrf");
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), entries_before);
  expect_untouched();

  // An API token is sent on purpose, never by a browser on its own.
  auto token = w().contributor_a.client->post_json("/api/v1/tokens", {{"name", "reporting script"}});
  ASSERT_EQ(token.status, 201) << token.body;
  HttpClient script(server().port());
  script.set_bearer_token(std::string(token.json().at("token").as_string()));
  auto put = script.send_json("PUT", entry_path(draft_), entry_body("Updated by a script"), {{"If-Match", "*"}});
  EXPECT_EQ(put.status, 200) << put.body;
  auto created = script.post_json("/api/v1/entries", entry_body("Created by a script"));
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("owner_id").as_int64(), w().contributor_a.id);
}

}  // namespace
}  // namespace wsis::testing
