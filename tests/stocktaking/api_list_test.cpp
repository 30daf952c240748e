// GET /api/v1/entries and /api/v1/entries/facets over small hand-built sets: each filter, OR
// within a filter and AND across filters, what each caller sees (public, mine=true, a
// moderator's state filter), exact facet counts with the disjunctive rule, sorting by date and
// by title in French and Arabic (ICU collation), and cursor pagination on both the catalog
// (public) path and the SQL (mine, states) path.
#include <algorithm>
#include <set>
#include <thread>

#include "api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

using Ids = std::vector<std::int64_t>;

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Facet values and counts as answered: [(value, count)] in the answer's order.
using Counts = std::vector<std::pair<std::string, std::int64_t>>;
Counts counts_of(const json::value& facets, const std::string& name) {
  Counts out;
  for (const auto& item : facets.at("facets").at(name).as_array())
    out.emplace_back(str(item.at("value")), item.at("count").as_int64());
  return out;
}

// ---- filters and facets -----------------------------------------------------------------------

// Published: P1 P2 (organisation A, civil society), P3 P4 (B, government). Not public: a
// draft D1 and a withdrawn W1 of contributor A, a submitted S1 of contributor B, a returned R1
// of the focal point of A. D1 and W1 match P1's filters, so a leak would show.
struct ListSet {
  std::int64_t p1 = 0, p2 = 0, p3 = 0, p4 = 0, d1 = 0, w1 = 0, s1 = 0, r1 = 0;
};

class stocktaking_api_list : public StocktakingApiTest {
 protected:
  static void SetUpTestSuite() {
    StocktakingApiTest::SetUpTestSuite();
    ListSet s;
    auto p1 = entry_body("Rural connectivity census");
    p1["reporting_year"] = 2024;
    s.p1 = publish_entry(w().contributor_a, p1);

    auto p2 = entry_body("Formation au numérique");
    p2["type"] = "training";
    p2["language"] = "fr";
    p2["translations"] = {{"en", {{"title", "Digital skills training"}}}};
    p2["countries"] = json::array{"FRA", "SEN"};
    p2["action_lines"] = json::array{"C1", "C7-e-learning"};
    p2["primary_action_line"] = "C7-e-learning";
    p2["sdg_targets"] = json::array{"4.1", "9.c"};
    p2["project_status"] = "completed";
    s.p2 = publish_entry(w().contributor_a, p2);
    act_ok(w().moderator, s.p2, "mark_success");

    auto p3 = entry_body("بوابة الخدمات الحكومية الإلكترونية");
    p3["type"] = "website";
    p3["language"] = "ar";
    p3["countries"] = json::array{"EGY"};
    p3["action_lines"] = json::array{"C3"};
    p3["sdg_targets"] = json::array{"5.b"};
    p3["sdg_goals"] = json::array{17};
    p3["project_status"] = "planned";
    s.p3 = publish_entry(w().contributor_b, p3);

    auto p4 = entry_body("Datos abiertos para todos");
    p4["language"] = "es";
    p4["countries"] = json::array{"global"};
    p4["action_lines"] = json::array{"C3", "C7-e-learning"};
    p4["primary_action_line"] = "C3";
    p4["sdg_targets"] = json::array{"9.c"};
    p4["reporting_year"] = 2026;
    s.p4 = publish_entry(w().contributor_b, p4);

    s.d1 = create_draft(w().contributor_a, p1);
    s.w1 = publish_entry(w().contributor_a, p1);
    act_ok(w().contributor_a, s.w1, "withdraw");
    s.s1 = create_draft(w().contributor_b, p4);
    act_ok(w().contributor_b, s.s1, "submit");
    s.r1 = create_draft(w().focal_a, entry_body("Returned to the focal point"));
    act_ok(w().focal_a, s.r1, "submit");
    act_ok(w().moderator, s.r1, "return", "Incomplete.");
    set_ = s;
  }

  // The public list for `query` holds exactly `expected` (any order), and the facets agree
  // on how many.
  static void expect_public(const std::string& query, Ids expected) {
    SCOPED_TRACE(query);
    auto list = anonymous().get("/api/v1/entries?limit=100&" + query);
    EXPECT_EQ(sorted(ids_of(list)), sorted(expected));
    auto facets = anonymous().get("/api/v1/entries/facets?" + query);
    ASSERT_EQ(facets.status, 200) << facets.body;
    EXPECT_EQ(facets.json().at("total").as_int64(), static_cast<std::int64_t>(expected.size()));
  }
  static Ids listed(HttpClient& client, const std::string& query) {
    return sorted(ids_of(client.get("/api/v1/entries?limit=100&" + query)));
  }

  static const ListSet& s() { return set_; }
  static ListSet set_;
};
ListSet stocktaking_api_list::set_;

TEST_F(stocktaking_api_list, PublicSeesPublishedEntriesOnly) {
  expect_public("", {s().p1, s().p2, s().p3, s().p4});
  auto page = anonymous().get("/api/v1/entries");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(page.json().at("next_cursor").is_null());
  EXPECT_EQ(page.header("cache-control"), "private, no-cache");
}

TEST_F(stocktaking_api_list, FilterByActionLine) {
  expect_public("action_line=C1", {s().p1, s().p2});
  expect_public("action_line=C7-e-learning", {s().p2, s().p4});  // not only the primary one
  expect_public("action_line=C11", {});
}

TEST_F(stocktaking_api_list, FilterBySdgGoal) {
  expect_public("sdg=9", {s().p2, s().p4});
  expect_public("sdg=17", {s().p3});  // linked to the goal directly, without a target
  expect_public("sdg=5", {s().p3});   // through target 5.b
  expect_public("sdg=1", {});
}

TEST_F(stocktaking_api_list, FilterBySdgTarget) {
  expect_public("target=4.1", {s().p1, s().p2});
  expect_public("target=5.b", {s().p3});
  expect_public("target=4.2", {});
}

TEST_F(stocktaking_api_list, FilterByCountry) {
  expect_public("country=KEN", {s().p1});  // the draft and the withdrawn entry in Kenya stay hidden
  expect_public("country=SEN", {s().p2});
  expect_public("country=BRA", {});
}

TEST_F(stocktaking_api_list, FilterByRegion) {
  expect_public("region=africa", {s().p1, s().p2});  // Kenya; Senegal
  expect_public("region=europe", {s().p2});
  expect_public("region=arab-states", {s().p3});
  expect_public("region=cis", {});
}

TEST_F(stocktaking_api_list, FilterByStakeholderType) {
  expect_public("stakeholder_type=government", {s().p3, s().p4});
  expect_public("stakeholder_type=civil-society", {s().p1, s().p2});
  expect_public("stakeholder_type=academia", {});
}

TEST_F(stocktaking_api_list, FilterByLanguage) {
  expect_public("language=ar", {s().p3});
  expect_public("language=fr", {s().p2});
  expect_public("language=zh", {});
}

TEST_F(stocktaking_api_list, FilterByProjectStatus) {
  expect_public("status=ongoing", {s().p1, s().p4});
  expect_public("status=planned", {s().p3});
  expect_public("status=completed", {s().p2});
}

TEST_F(stocktaking_api_list, FilterByReportingYear) {
  expect_public("year=2025", {s().p2, s().p3});
  expect_public("year=2024", {s().p1});
  expect_public("year=2003", {});
}

TEST_F(stocktaking_api_list, FilterByOrganisation) {
  expect_public("organisation=" + std::to_string(w().org_a), {s().p1, s().p2});
  expect_public("organisation=" + std::to_string(w().org_b), {s().p3, s().p4});
  expect_public("organisation=999999", {});
}

TEST_F(stocktaking_api_list, FilterBySuccessStory) {
  expect_public("success_story=true", {s().p2});
  expect_public("success_story=false", {s().p1, s().p3, s().p4});
}

TEST_F(stocktaking_api_list, FilterByEntryType) {
  expect_public("type=project", {s().p1, s().p4});
  expect_public("type=website", {s().p3});
}

TEST_F(stocktaking_api_list, ValuesOfOneFilterAreAlternatives) {
  expect_public("language=en,ar", {s().p1, s().p3});
  expect_public("language=en&language=ar", {s().p1, s().p3});  // repeated, same meaning
  expect_public("sdg=5,9", {s().p2, s().p3, s().p4});
  expect_public("country=KEN,EGY,BRA", {s().p1, s().p3});
}

TEST_F(stocktaking_api_list, DifferentFiltersMustAllHold) {
  expect_public("action_line=C1&year=2025", {s().p2});
  expect_public("region=africa&stakeholder_type=government", {});
  expect_public("action_line=C1,C3&status=ongoing", {s().p1, s().p4});
  expect_public("language=en,es,fr&sdg=9&success_story=false", {s().p4});
}

TEST_F(stocktaking_api_list, InvalidFiltersAreInvalidQueriesNamingEachParameter) {
  struct Case {
    std::string query;
    std::vector<std::string> codes;
  };
  const Case cases[] = {
      {"action_line=C99", {"action_line:unknown_code"}},
      {"sdg=18", {"sdg:unknown_code"}},
      {"target=4.99", {"target:unknown_code"}},
      {"country=XXX&region=mars", {"country:unknown_code", "region:unknown_code"}},
      {"stakeholder_type=aliens", {"stakeholder_type:unknown_code"}},
      {"language=de", {"language:unknown_code"}},
      {"status=dormant", {"status:unknown_code"}},
      {"year=1999", {"year:out_of_range"}},
      {"year=next", {"year:out_of_range"}},
      {"organisation=-3", {"organisation:invalid_value"}},
      {"success_story=yes", {"success_story:expected_boolean"}},
      {"mine=1", {"mine:expected_boolean"}},
      {"state=deleted", {"state:unknown_code"}},
  };
  for (const auto& c : cases) {
    for (const std::string path : {"/api/v1/entries?", "/api/v1/entries/facets?"}) {
      auto response = anonymous().get(path + c.query);
      expect_problem(response, 400, "invalid-query");
      EXPECT_EQ(field_codes(response.json()), c.codes) << path << c.query;
    }
  }
  auto sort = anonymous().get("/api/v1/entries?sort=popularity");
  expect_problem(sort, 400, "invalid-query");
  EXPECT_EQ(field_codes(sort.json()), std::vector<std::string>{"sort:invalid_value"});
}

TEST_F(stocktaking_api_list, MineShowsTheCallersEntriesInEveryState) {
  EXPECT_EQ(listed(*w().contributor_a.client, "mine=true"), sorted({s().p1, s().p2, s().d1, s().w1}));
  // A focal point's "mine" is their organisation's.
  EXPECT_EQ(listed(*w().focal_a.client, "mine=true"), sorted({s().p1, s().p2, s().d1, s().w1, s().r1}));
  EXPECT_EQ(listed(*w().contributor_b.client, "mine=true"), sorted({s().p3, s().p4, s().s1}));
  // With other filters and a state.
  EXPECT_EQ(listed(*w().contributor_a.client, "mine=true&state=draft,withdrawn"), sorted({s().d1, s().w1}));
  EXPECT_EQ(listed(*w().contributor_a.client, "mine=true&country=KEN"), sorted({s().p1, s().d1, s().w1}));
  EXPECT_EQ(listed(*w().moderator.client, "mine=true"), Ids{}) << "the moderator owns nothing";
  // Without mine, the owner's list is the public one.
  EXPECT_EQ(listed(*w().contributor_a.client, ""), sorted({s().p1, s().p2, s().p3, s().p4}));
}

TEST_F(stocktaking_api_list, ModeratorsFilterByState) {
  Account& moderator = w().moderator;
  EXPECT_EQ(listed(*moderator.client, ""), sorted({s().p1, s().p2, s().p3, s().p4})) << "published by default";
  EXPECT_EQ(listed(*moderator.client, "state=submitted"), Ids{s().s1});
  EXPECT_EQ(listed(*moderator.client, "state=draft,returned"), sorted({s().d1, s().r1}));
  EXPECT_EQ(listed(*moderator.client, "state=withdrawn"), Ids{s().w1});
  EXPECT_EQ(listed(*moderator.client, "state=published&country=KEN"), Ids{s().p1});
  EXPECT_EQ(listed(*moderator.client, "state=archived"), Ids{});
  EXPECT_EQ(listed(*w().admin.client, "state=submitted"), Ids{s().s1});
  // Others asking for a state get the public list: nothing unpublished leaks.
  EXPECT_EQ(listed(*w().contributor_b.client, "state=draft"), sorted({s().p1, s().p2, s().p3, s().p4}));
  EXPECT_EQ(listed(anonymous(), "state=submitted"), sorted({s().p1, s().p2, s().p3, s().p4}));
}

TEST_F(stocktaking_api_list, ModeratorsListThePendingEditsOfPublishedEntries) {
  auto id = publish_entry(w().contributor_a, entry_body("Edited after publication"));
  auto put = put_entry(w().contributor_a, id, entry_body("Edited after publication, second phase"),
                       etag_of(*w().contributor_a.client, id));
  ASSERT_EQ(put.status, 200) << put.body;
  Account& moderator = w().moderator;
  EXPECT_EQ(listed(*moderator.client, "pending=true"), Ids{id});
  auto settled = listed(*moderator.client, "pending=false");
  EXPECT_EQ(std::count(settled.begin(), settled.end(), id), 0);
  EXPECT_EQ(std::count(settled.begin(), settled.end(), s().p1), 1);
  auto facets = moderator.client->get("/api/v1/entries/facets?pending=true");
  ASSERT_EQ(facets.status, 200) << facets.body;
  EXPECT_EQ(facets.json().at("total").as_int64(), 1);
  EXPECT_EQ(listed(*w().contributor_a.client, "mine=true&pending=true"), Ids{id}) << "the owner's own queue";
  // Others get the public list, as with states: nothing about pending revisions leaks.
  auto everyone = listed(anonymous(), "");
  EXPECT_EQ(listed(anonymous(), "pending=true"), everyone);
  EXPECT_EQ(listed(*w().contributor_b.client, "pending=true"), everyone);
  expect_problem(anonymous().get("/api/v1/entries?pending=maybe"), 400, "invalid-query");
  act_ok(moderator, id, "publish", "Accepted.");
  EXPECT_EQ(listed(*moderator.client, "pending=true"), Ids{});
}

TEST_F(stocktaking_api_list, FacetCountsOfThePublishedSet) {
  auto response = anonymous().get("/api/v1/entries/facets");
  ASSERT_EQ(response.status, 200) << response.body;
  auto f = response.json();
  EXPECT_EQ(f.at("total").as_int64(), 4);
  // Sorted by count, then value.
  EXPECT_EQ(counts_of(f, "action_line"), (Counts{{"C1", 2}, {"C3", 2}, {"C7-e-learning", 2}}));
  EXPECT_EQ(counts_of(f, "sdg"), (Counts{{"4", 2}, {"9", 2}, {"17", 1}, {"5", 1}}));
  EXPECT_EQ(counts_of(f, "target"), (Counts{{"4.1", 2}, {"9.c", 2}, {"5.b", 1}}));
  EXPECT_EQ(counts_of(f, "country"), (Counts{{"EGY", 1}, {"FRA", 1}, {"KEN", 1}, {"SEN", 1}}));
  EXPECT_EQ(counts_of(f, "region"), (Counts{{"africa", 2}, {"arab-states", 1}, {"europe", 1}}));
  EXPECT_EQ(counts_of(f, "stakeholder_type"), (Counts{{"civil-society", 2}, {"government", 2}}));
  EXPECT_EQ(counts_of(f, "language"), (Counts{{"ar", 1}, {"en", 1}, {"es", 1}, {"fr", 1}}));
  EXPECT_EQ(counts_of(f, "status"), (Counts{{"ongoing", 2}, {"completed", 1}, {"planned", 1}}));
  EXPECT_EQ(counts_of(f, "type"), (Counts{{"project", 2}, {"training", 1}, {"website", 1}}));
  EXPECT_EQ(counts_of(f, "year"), (Counts{{"2025", 2}, {"2024", 1}, {"2026", 1}}));
  EXPECT_EQ(counts_of(f, "success_story"), (Counts{{"false", 3}, {"true", 1}}));
}

TEST_F(stocktaking_api_list, AFacetsOwnFilterDoesNotZeroItsSiblings) {
  // One region chosen: the region facet still offers the others, the rest count within it.
  auto africa = anonymous().get("/api/v1/entries/facets?region=africa").json();
  EXPECT_EQ(africa.at("total").as_int64(), 2);
  EXPECT_EQ(counts_of(africa, "region"), (Counts{{"africa", 2}, {"arab-states", 1}, {"europe", 1}}));
  EXPECT_EQ(counts_of(africa, "language"), (Counts{{"en", 1}, {"fr", 1}}));
  EXPECT_EQ(counts_of(africa, "stakeholder_type"), (Counts{{"civil-society", 2}}));

  // A language chosen as well: each of the two facets counts under the other's filter only.
  auto both = anonymous().get("/api/v1/entries/facets?region=africa&language=fr").json();
  EXPECT_EQ(both.at("total").as_int64(), 1);
  EXPECT_EQ(counts_of(both, "region"), (Counts{{"africa", 1}, {"europe", 1}}));  // French entries by region
  EXPECT_EQ(counts_of(both, "language"), (Counts{{"en", 1}, {"fr", 1}}));        // African entries by language
  EXPECT_EQ(counts_of(both, "country"), (Counts{{"FRA", 1}, {"SEN", 1}}));
  EXPECT_EQ(counts_of(both, "success_story"), (Counts{{"true", 1}}));

  // Two values of one facet: the facet is unchanged, the others count the union.
  auto two = anonymous().get("/api/v1/entries/facets?language=en,ar").json();
  EXPECT_EQ(two.at("total").as_int64(), 2);
  EXPECT_EQ(counts_of(two, "language"), (Counts{{"ar", 1}, {"en", 1}, {"es", 1}, {"fr", 1}}));
  EXPECT_EQ(counts_of(two, "stakeholder_type"), (Counts{{"civil-society", 1}, {"government", 1}}));
  // Nothing matches: the chosen facet still shows its values, the others none.
  auto none = anonymous().get("/api/v1/entries/facets?language=fr&stakeholder_type=government").json();
  EXPECT_EQ(none.at("total").as_int64(), 0);
  EXPECT_EQ(counts_of(none, "language"), (Counts{{"ar", 1}, {"es", 1}}));
  EXPECT_EQ(counts_of(none, "stakeholder_type"), (Counts{{"civil-society", 1}}));
  EXPECT_EQ(counts_of(none, "country"), Counts{});
}

TEST_F(stocktaking_api_list, FacetsOfTheCallersOwnAndOfOtherStates) {
  auto mine = w().contributor_a.client->get("/api/v1/entries/facets?mine=true");
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto f = mine.json();
  EXPECT_EQ(f.at("total").as_int64(), 4);  // P1, P2, the draft, the withdrawn entry
  EXPECT_EQ(counts_of(f, "language"), (Counts{{"en", 3}, {"fr", 1}}));
  EXPECT_EQ(counts_of(f, "country"), (Counts{{"KEN", 3}, {"FRA", 1}, {"SEN", 1}}));
  auto mine_in_kenya = w().contributor_a.client->get("/api/v1/entries/facets?mine=true&country=KEN").json();
  EXPECT_EQ(mine_in_kenya.at("total").as_int64(), 3);
  EXPECT_EQ(counts_of(mine_in_kenya, "country"), (Counts{{"KEN", 3}, {"FRA", 1}, {"SEN", 1}}));
  EXPECT_EQ(counts_of(mine_in_kenya, "language"), (Counts{{"en", 3}}));

  auto waiting = w().moderator.client->get("/api/v1/entries/facets?state=submitted,returned").json();
  EXPECT_EQ(waiting.at("total").as_int64(), 2);
  EXPECT_EQ(counts_of(waiting, "language"), (Counts{{"en", 1}, {"es", 1}}));
  EXPECT_EQ(counts_of(waiting, "stakeholder_type"), (Counts{{"civil-society", 1}, {"government", 1}}));
  // The public's counts are not the moderator's.
  EXPECT_EQ(anonymous().get("/api/v1/entries/facets?state=submitted,returned").json().at("total").as_int64(), 4);
}

// ---- order and pages --------------------------------------------------------------------------

// Five entries written in French with Arabic translations, reported for 2011 (no other entry
// is), published in an order of their own.
struct OrderSet {
  std::vector<std::int64_t> ids;  // in creation order
  Ids by_date, by_title_fr, by_title_ar;
};

class stocktaking_api_order : public StocktakingApiTest {
 protected:
  static void SetUpTestSuite() {
    StocktakingApiTest::SetUpTestSuite();
    const std::pair<const char*, const char*> titles[] = {
        {"Zèbre numérique", "ابتكار الحمار الوحشي"},     // 0
        {"École connectée", "أمن المدارس"},              // 1
        {"Abeilles et capteurs", "نحل وأجهزة استشعار"},  // 2
        {"Ecologie des données", "بيانات بيئية"},        // 3
        {"Eau potable et SIG", "مياه الشرب"},            // 4
    };
    OrderSet s;
    for (const auto& [fr, ar] : titles) {
      auto body = entry_body(fr);
      body["language"] = "fr";
      body["translations"] = {{"ar", {{"title", ar}}}};
      body["reporting_year"] = 2011;
      auto id = create_draft(w().contributor_a, body);
      act_ok(w().contributor_a, id, "submit");
      s.ids.push_back(id);
    }
    // Publication times a few milliseconds apart, so that the date order is the publication
    // order and not the id tie-break.
    for (int i : {3, 0, 4, 1, 2}) {
      act_ok(w().moderator, s.ids[i], "publish");
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    auto at = [&](std::initializer_list<int> order) {
      Ids out;
      for (int i : order) out.push_back(s.ids[i]);
      return out;
    };
    s.by_date = at({2, 1, 4, 0, 3});  // newest first
    // French collation puts "École" between "Eau" and "Ecologie", where bytes would put it last.
    s.by_title_fr = at({2, 4, 1, 3, 0});
    // Arabic: ابتكار (alef) before أمن (alef with hamza): bytes would order them the other way.
    s.by_title_ar = at({0, 1, 3, 4, 2});
    set_ = s;
  }

  // Walks every page of `query` with `limit`; checks each page's size and that the last one has
  // no next cursor; returns all ids in order.
  static Ids walk(HttpClient& client, const std::string& query, int limit) {
    Ids all;
    std::string cursor;
    for (int page = 0; page < 20; ++page) {
      std::string target = "/api/v1/entries?" + query + "&limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto response = client.get(target);
      auto ids = ids_of(response);
      if (response.status != 200) return all;
      auto next = response.json().at("next_cursor");
      all.insert(all.end(), ids.begin(), ids.end());
      if (next.is_null()) return all;
      EXPECT_EQ(ids.size(), static_cast<std::size_t>(limit)) << "only the last page is short";
      cursor = str(next);
    }
    ADD_FAILURE() << "more than 20 pages";
    return all;
  }

  static void expect_pages(HttpClient& client, const std::string& query, const Ids& expected) {
    for (int limit : {1, 2, 3, 5, 100}) {
      auto all = walk(client, query, limit);
      EXPECT_EQ(all, expected) << query << " limit " << limit;
      EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()).size(), all.size()) << "no duplicates";
    }
  }

  static const OrderSet& s() { return set_; }
  static OrderSet set_;
};
OrderSet stocktaking_api_order::set_;

// Unpadded base64url, as cursors are written.
std::string base64url(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    value = (value << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(value >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(value << (6 - bits)) & 63];
  return out;
}

TEST_F(stocktaking_api_order, NewestPublishedFirstByDefault) {
  EXPECT_EQ(ids_of(anonymous().get("/api/v1/entries?year=2011")), s().by_date);
  EXPECT_EQ(ids_of(anonymous().get("/api/v1/entries?year=2011&sort=date")), s().by_date);
}

TEST_F(stocktaking_api_order, ByTitleInFrenchFollowsFrenchCollation) {
  auto response = anonymous().get("/api/v1/entries?year=2011&sort=title&lang=fr");
  EXPECT_EQ(ids_of(response), s().by_title_fr);
  EXPECT_EQ(response.header("content-language"), "fr");
  std::vector<std::string> titles;
  auto body = response.json();
  for (const auto& item : body.at("items").as_array()) titles.push_back(str(item.at("display_title")));
  EXPECT_EQ(titles, (std::vector<std::string>{"Abeilles et capteurs", "Eau potable et SIG", "École connectée",
                                              "Ecologie des données", "Zèbre numérique"}));
  // The language can come from Accept-Language as well.
  EXPECT_EQ(ids_of(anonymous().get("/api/v1/entries?year=2011&sort=title", {{"Accept-Language", "fr-CH, en;q=0.5"}})),
            s().by_title_fr);
}

TEST_F(stocktaking_api_order, ByTitleInArabicSortsTheArabicTitles) {
  auto response = anonymous().get("/api/v1/entries?year=2011&sort=title&lang=ar");
  EXPECT_EQ(ids_of(response), s().by_title_ar);
  EXPECT_EQ(response.header("content-language"), "ar");
  auto first = response.json().at("items").at(0);
  EXPECT_EQ(str(first.at("display_title")), "ابتكار الحمار الوحشي");
  EXPECT_EQ(str(first.at("title")), "Zèbre numérique") << "the original stays as written";
  EXPECT_EQ(str(first.at("language")), "fr");
}

TEST_F(stocktaking_api_order, PagesHaveNoDuplicatesAndNoGaps) {
  expect_pages(anonymous(), "year=2011", s().by_date);
  expect_pages(anonymous(), "year=2011&sort=title&lang=fr", s().by_title_fr);
  expect_pages(anonymous(), "year=2011&sort=title&lang=ar", s().by_title_ar);
  // The SQL path (a moderator's state filter) pages the same way.
  expect_pages(*w().moderator.client, "year=2011&state=published&sort=title&lang=fr", s().by_title_fr);
  expect_pages(*w().moderator.client, "year=2011&state=published&sort=title&lang=ar", s().by_title_ar);
  // mine=true orders by last change: the entries were last changed when published.
  expect_pages(*w().contributor_a.client, "year=2011&mine=true", s().by_date);
}

TEST_F(stocktaking_api_order, LimitIsBetweenOneAndAHundred) {
  auto one = anonymous().get("/api/v1/entries?year=2011&limit=1");
  EXPECT_EQ(ids_of(one).size(), 1u);
  EXPECT_FALSE(one.json().at("next_cursor").is_null());
  for (const std::string limit : {"0", "101", "-1"}) {
    auto response = anonymous().get("/api/v1/entries?limit=" + limit);
    expect_problem(response, 400, "invalid-query");
    EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"limit:out_of_range"});
  }
  auto text = anonymous().get("/api/v1/entries?limit=ten");
  expect_problem(text, 400, "invalid-query");
  EXPECT_EQ(field_codes(text.json()), std::vector<std::string>{"limit:expected_integer"});
}

TEST_F(stocktaking_api_order, InvalidCursorsAreInvalidQueries) {
  auto date_page = anonymous().get("/api/v1/entries?year=2011&limit=2");
  auto date_cursor = str(date_page.json().at("next_cursor"));
  auto title_page = anonymous().get("/api/v1/entries?year=2011&limit=2&sort=title");
  auto title_cursor = str(title_page.json().at("next_cursor"));
  ASSERT_FALSE(date_cursor.empty());
  ASSERT_FALSE(title_cursor.empty());
  const std::string cursors[] = {
      "zzz",                              // not a cursor at all
      "!!not-base64!!",                   //
      base64url("[1,2]"),                 // JSON, not an object
      base64url(R"({"x":1})"),            // an object without a position
      base64url(R"({"i":"one","k":5})"),  // a position of the wrong types
      std::string(600, 'A'),              // over the length limit
  };
  for (const auto& cursor : cursors) {
    for (const std::string query : {"year=2011", "year=2011&sort=title", "state=published"}) {
      auto response = w().moderator.client->get("/api/v1/entries?" + query + "&cursor=" + cursor);
      expect_problem(response, 400, "invalid-query");
      EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"cursor:invalid_cursor"})
          << cursor << " " << query;
    }
  }
  // A cursor of one order does not fit the other.
  for (const auto& [query, cursor] :
       {std::pair{std::string("year=2011&sort=title"), date_cursor}, std::pair{std::string("year=2011"), title_cursor},
        std::pair{std::string("year=2011&state=published&sort=title"), date_cursor},
        std::pair{std::string("year=2011&state=published"), title_cursor}}) {
    auto response = w().moderator.client->get("/api/v1/entries?" + query + "&cursor=" + cursor);
    expect_problem(response, 400, "invalid-query");
    EXPECT_EQ(field_codes(response.json()), std::vector<std::string>{"cursor:invalid_cursor"}) << query;
  }
}

}  // namespace
}  // namespace wsis::testing
