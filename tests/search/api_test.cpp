// GET /api/v1/search and /api/v1/search/suggest over the real server: filters and facet counts
// with a query, the three sort orders, cursor pagination without duplicates or gaps, escaped
// highlights, snippets in the caller's language, concept matching, a publish searchable at
// once, and every class of bad query (over-long, control characters, unbalanced quotes,
// thousands of words, invalid UTF-8, bad sort/facets/cursor/limit).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <random>
#include <set>

#include "stocktaking/api_fixture.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

using Ids = std::vector<std::int64_t>;

std::string encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The entries: four published with "solar" (one with a script tag in its title), a draft with
// it, 25 published "telecentre" entries for paging, one linked to C5 without the word.
struct SearchSet {
  std::int64_t schools = 0, ecoles = 0, pumps = 0, script = 0, draft = 0, c5 = 0;
  Ids telecentres;
};

class search_api : public StocktakingApiTest {
 protected:
  static json::object entry(const std::string& title, const std::string& description, const std::string& country,
                            const std::string& line = "C1") {
    auto body = entry_body(title);
    body["description"] = description;
    body["countries"] = json::array{country.c_str()};
    body["action_lines"] = json::array{line.c_str()};
    body["primary_action_line"] = line;
    return body;
  }

  static void SetUpTestSuite() {
    StocktakingApiTest::SetUpTestSuite();
    SearchSet s;
    s.schools = publish_entry(w().contributor_a, entry("Solar schools in Senegal", "Solar panels power rural schools.",
                                                       "SEN", "C7-e-learning"));
    auto ecoles = entry("Écoles solaires", "Des panneaux solaires alimentent les écoles rurales.", "FRA");
    ecoles["language"] = "fr";
    ecoles["translations"] = {
        {"en", {{"title", "Solar classrooms"}, {"description", "Solar panels power classrooms in villages."}}}};
    s.ecoles = publish_entry(w().contributor_a, ecoles);
    auto pumps = entry("Solar pumps for farms", "Pumps for irrigation.", "KEN", "C7-e-agriculture");
    pumps["type"] = "training";
    s.pumps = publish_entry(w().contributor_b, pumps);
    s.script = publish_entry(w().contributor_b,
                             entry("<script>alert(1)</script> solar & co", "A <b>bold</b> solar claim.", "KEN"));
    s.draft = create_draft(w().contributor_a, entry("Solar draft", "Not public.", "SEN"));
    s.c5 = publish_entry(w().contributor_b, entry("Protecting small businesses online", "Training.", "KEN", "C5"));
    for (int i = 0; i < 25; ++i)
      s.telecentres.push_back(
          publish_entry(i % 2 ? w().contributor_a : w().contributor_b,
                        entry("Telecentre network " + std::to_string(i),
                              "Community telecentre number " + std::to_string(i) + ".", i % 3 ? "KEN" : "SEN")));
    set_ = s;
  }

  static HttpResponse search(const std::string& params) { return anonymous().get("/api/v1/search?" + params); }
  static json::value ok(const std::string& params) {
    auto response = search(params);
    EXPECT_EQ(response.status, 200) << params << ": " << response.body;
    return response.json();
  }
  static Ids ids(const json::value& answer) {
    Ids out;
    for (const auto& item : answer.at("items").as_array()) out.push_back(item.at("id").as_int64());
    return out;
  }
  // Every page of a query, following next_cursor; fails on a repeated id.
  static Ids all_pages(const std::string& params, int limit) {
    Ids out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      auto answer = ok(params + "&limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
      auto page = ids(answer);
      EXPECT_LE(page.size(), static_cast<std::size_t>(limit));
      out.insert(out.end(), page.begin(), page.end());
      if (answer.at("next_cursor").is_null()) break;
      cursor = str(answer.at("next_cursor"));
    }
    EXPECT_EQ(std::set<std::int64_t>(out.begin(), out.end()).size(), out.size()) << params;
    return out;
  }
  static const json::object* item(const json::value& answer, std::int64_t id) {
    for (const auto& i : answer.at("items").as_array())
      if (i.at("id").as_int64() == id) return &i.as_object();
    return nullptr;
  }
  static void expect_field_error(const HttpResponse& response, const std::string& field, const std::string& code) {
    expect_problem(response, 400, "invalid-query");
    if (response.status != 400) return;
    auto errors = response.json().at("errors").as_array();
    ASSERT_FALSE(errors.empty()) << response.body;
    EXPECT_EQ(str(errors[0].at("field")), field) << response.body;
    EXPECT_EQ(str(errors[0].at("code")), code) << response.body;
  }

  static SearchSet set_;
};
SearchSet search_api::set_;

TEST_F(search_api, MatchesArePublishedEntriesOnlyWithTheListItemFieldsAScoreAndFacetCounts) {
  auto answer = ok("q=solar");
  EXPECT_EQ(sorted(ids(answer)), sorted({set_.schools, set_.ecoles, set_.pumps, set_.script}));
  EXPECT_EQ(answer.at("total").as_int64(), 4);
  for (const auto& i : answer.at("items").as_array()) {
    for (const char* field : {"title", "display_title", "summary", "countries", "action_lines", "published_at"})
      EXPECT_TRUE(i.as_object().contains(field)) << field;
    EXPECT_GT(i.at("score").to_number<double>(), 0.0);
    EXPECT_FALSE(i.as_object().contains("contact"));
  }
  const auto& facets = answer.at("facets");
  auto count = [&](const std::string& facet, const std::string& value) -> std::int64_t {
    for (const auto& v : facets.at(facet).as_array())
      if (str(v.at("value")) == value) return v.at("count").as_int64();
    return 0;
  };
  EXPECT_EQ(count("country", "KEN"), 2);
  EXPECT_EQ(count("country", "SEN"), 1);
  EXPECT_EQ(count("country", "FRA"), 1);
  EXPECT_EQ(count("language", "fr"), 1);
  EXPECT_EQ(count("type", "training"), 1);
}

TEST_F(search_api, FiltersNarrowTheMatchesAndFacetsStayDisjunctive) {
  auto kenya = ok("q=solar&country=KEN");
  EXPECT_EQ(sorted(ids(kenya)), sorted({set_.pumps, set_.script}));
  EXPECT_EQ(kenya.at("total").as_int64(), 2);
  // The country facet ignores the country filter: the other countries of the matches stay.
  std::set<std::string> countries;
  for (const auto& v : kenya.at("facets").at("country").as_array()) countries.insert(str(v.at("value")));
  EXPECT_EQ(countries, (std::set<std::string>{"FRA", "KEN", "SEN"}));
  // Other facets count only the filtered matches.
  auto lines = kenya.at("facets").at("action_line").as_array();
  std::int64_t c1 = 0;
  for (const auto& v : lines)
    if (str(v.at("value")) == "C1") c1 = v.at("count").as_int64();
  EXPECT_EQ(c1, 1);
  EXPECT_EQ(ids(ok("q=solar&country=KEN&type=training")), (Ids{set_.pumps}));
  EXPECT_EQ(ids(ok("q=solar&action_line=C7-e-learning,C7-e-agriculture&sort=date")), (Ids{set_.pumps, set_.schools}));
  // Only the facets asked for.
  auto some = ok("q=solar&facets=region,sdg");
  EXPECT_EQ(some.at("facets").as_object().size(), 2u);
  EXPECT_TRUE(some.at("facets").as_object().contains("region"));
  // Unknown filter codes are the list's errors.
  expect_field_error(search("q=solar&country=XXX"), "country", "unknown_code");
}

TEST_F(search_api, SortsByRelevanceDateOrTitle) {
  auto relevance = ok("q=solar+schools+panels");
  ASSERT_FALSE(relevance.at("items").as_array().empty());
  EXPECT_EQ(ids(relevance).front(), set_.schools);  // "solar" and "schools" in its title
  double previous = 1e9;
  auto telecentres = ok("q=telecentre&limit=100");
  for (const auto& i : telecentres.at("items").as_array()) {
    EXPECT_LE(i.at("score").to_number<double>(), previous);
    previous = i.at("score").to_number<double>();
  }
  auto by_date = ok("q=solar&sort=date");
  std::vector<std::pair<std::string, std::int64_t>> dates;
  for (const auto& i : by_date.at("items").as_array())
    dates.emplace_back(str(i.at("published_at")), i.at("id").as_int64());
  EXPECT_TRUE(std::is_sorted(dates.rbegin(), dates.rend())) << "newest first, ties by id descending";
  auto by_title = ok("q=solar&sort=title&lang=en");
  std::vector<std::string> titles;
  for (const auto& i : by_title.at("items").as_array()) titles.push_back(str(i.at("display_title")));
  // English titles: "<script>…", "Solar classrooms" (the translation), "Solar pumps…", "Solar schools…".
  EXPECT_EQ(ids(by_title), (Ids{set_.script, set_.ecoles, set_.pumps, set_.schools}));
  expect_field_error(search("q=solar&sort=popularity"), "sort", "invalid_value");
}

TEST_F(search_api, CursorsPageThroughEveryMatchOnceInEachOrder) {
  for (const char* sort : {"relevance", "date", "title"}) {
    auto pages = all_pages(std::string("q=telecentre&sort=") + sort, 7);
    EXPECT_EQ(sorted(pages), sorted(set_.telecentres)) << sort;
    auto whole = ids(ok(std::string("q=telecentre&limit=100&sort=") + sort));
    EXPECT_EQ(pages, whole) << sort;
  }
  auto filtered = all_pages("q=telecentre&country=SEN", 3);
  EXPECT_EQ(filtered.size(), 9u);
  // A cursor of one order does not fit another.
  auto first = ok("q=telecentre&limit=5&sort=relevance");
  auto cursor = str(first.at("next_cursor"));
  expect_field_error(search("q=telecentre&sort=date&cursor=" + cursor), "cursor", "invalid_cursor");
  expect_field_error(search("q=telecentre&cursor=!!!"), "cursor", "invalid_cursor");
}

TEST_F(search_api, HighlightsAreEscapedWithOnlyMarksAsMarkup) {
  auto answer = ok("q=solar&lang=en");
  const auto* script = item(answer, set_.script);
  ASSERT_NE(script, nullptr);
  auto title = str(script->at("highlight").at("title"));
  EXPECT_EQ(title, "&lt;script&gt;alert(1)&lt;/script&gt; <mark>solar</mark> &amp; co");
  auto snippet = str(script->at("highlight").at("snippet"));
  EXPECT_EQ(snippet, "A &lt;b&gt;bold&lt;/b&gt; <mark>solar</mark> claim.");
  EXPECT_EQ(str(script->at("snippet")), snippet) << "the top-level snippet of the contract is the same";
  for (const auto& i : answer.at("items").as_array()) {
    auto text = str(i.at("highlight").at("title")) + str(i.at("highlight").at("snippet"));
    std::string without_marks = text;
    for (const std::string tag : {"<mark>", "</mark>"})
      for (auto at = without_marks.find(tag); at != std::string::npos; at = without_marks.find(tag))
        without_marks.erase(at, tag.size());
    EXPECT_EQ(without_marks.find('<'), std::string::npos) << text;
  }
}

TEST_F(search_api, SnippetsComeFromTheCallersLanguageWhenTranslated) {
  auto english_answer = ok("q=solar&lang=en");
  auto english = item(english_answer, set_.ecoles);
  ASSERT_NE(english, nullptr);
  EXPECT_EQ(str(english->at("highlight").at("snippet_language")), "en");
  EXPECT_EQ(str(english->at("highlight").at("title")), "<mark>Solar</mark> classrooms");
  auto french_answer = ok("q=solaires&lang=fr");
  auto french = item(french_answer, set_.ecoles);
  ASSERT_NE(french, nullptr);
  EXPECT_EQ(str(french->at("highlight").at("snippet_language")), "fr");
  EXPECT_EQ(str(french->at("highlight").at("title_language")), "fr");
  EXPECT_EQ(str(french->at("highlight").at("title")), "Écoles <mark>solaires</mark>");
  EXPECT_EQ(str(french->at("highlight").at("snippet")),
            "Des panneaux <mark>solaires</mark> alimentent les écoles rurales.");
}

TEST_F(search_api, NamingAnActionLineInAnotherLanguageFindsItsEntries) {
  auto russian = ok("q=" + encode("кибербезопасность"));
  EXPECT_EQ(ids(russian), (Ids{set_.c5}));
  auto arabic = ok("q=" + encode("الزراعة الإلكترونية") + "&lang=ar");  // e-agriculture
  EXPECT_EQ(ids(arabic), (Ids{set_.pumps}));
}

TEST_F(search_api, APublishIsSearchableAtOnceAndAWithdrawalGoneAtOnce) {
  auto id = create_draft(w().contributor_a, entry("Quokka habitat census", "Counting quokkas.", "SEN"));
  EXPECT_TRUE(ids(ok("q=quokka")).empty());
  act_ok(w().contributor_a, id, "submit");
  act_ok(w().moderator, id, "publish");
  auto start = std::chrono::steady_clock::now();
  Ids found;
  while (found.empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
    found = ids(ok("q=quokka"));
  EXPECT_EQ(found, (Ids{id}));
  act_ok(w().contributor_a, id, "withdraw");
  EXPECT_TRUE(ids(ok("q=quokka")).empty());
}

TEST_F(search_api, AnEmptyQueryBrowsesByDate) {
  auto browse = ok("q=&country=SEN&limit=100");
  auto list = anonymous().get("/api/v1/entries?country=SEN&limit=100");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(ids(browse), ids(list.json()));
  auto facets = anonymous().get("/api/v1/entries/facets?country=SEN");
  EXPECT_EQ(browse.at("total").as_int64(), facets.json().at("total").as_int64());
  // A query with no words (punctuation only) is an empty one.
  EXPECT_EQ(ids(ok("q=" + encode("?! -- ...") + "&country=SEN&limit=100")), ids(list.json()));
}

TEST_F(search_api, BadQueriesAreRefusedOrDegradeSanely) {
  expect_field_error(search("q=" + std::string(501, 'a')), "q", "too_long");
  EXPECT_EQ(search("q=" + std::string(500, 'a')).status, 200);
  // 500 characters, not bytes: 500 Arabic letters are fine.
  std::string arabic;
  for (int i = 0; i < 500; ++i) arabic += "\u0628";
  EXPECT_EQ(search("q=" + encode(arabic)).status, 200);
  // Control characters are read as spaces.
  EXPECT_EQ(ids(ok("q=solar%01schools%0A")), ids(ok("q=solar+schools+")));
  // An unbalanced quote makes a phrase of the rest; a lone quote is nothing.
  EXPECT_EQ(ids(ok("q=" + encode("\"solar schools"))), (Ids{set_.schools}));
  EXPECT_EQ(ok("q=" + encode("\"")).at("total").as_int64(), ok("q=").at("total").as_int64());
  // Thousands of words: the first 32 count, answered quickly.
  std::string many = "solar";
  for (int i = 0; many.size() < 490; ++i) many += " w" + std::to_string(i);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(search("q=" + encode(many)).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  std::string repeated;
  for (int i = 0; i < 240; ++i) repeated += "a ";
  EXPECT_EQ(search("q=" + encode(repeated)).status, 200);
  // Invalid UTF-8 is refused, whoever notices first.
  auto invalid = search("q=%FF%FE");
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  expect_field_error(search("q=solar&facets=colour"), "facets", "unknown_code");
  expect_field_error(search("q=solar&limit=0"), "limit", "out_of_range");
  expect_field_error(search("q=solar&limit=101"), "limit", "out_of_range");
}

TEST_F(search_api, RandomQueriesNeverBreakTheServer) {
  // Pieces people and tools send: words in several scripts, quotes of both kinds, operators,
  // control characters, combining marks, emoji, very long words.
  const std::vector<std::string> pieces = {"solar",
                                           "sola",
                                           "telecentre",
                                           "\"",
                                           "\u201C",
                                           "\u201D",
                                           " ",
                                           "  ",
                                           "-",
                                           "*",
                                           "\\",
                                           "%",
                                           "(",
                                           ")",
                                           "'",
                                           "\u0627\u0644\u0635\u062D\u0629",
                                           "\u0640",
                                           "\u064B",
                                           "\u6570\u5B57",
                                           "\u0448\u043A\u043E\u043B\u0430",
                                           "\t",
                                           "\n",
                                           "\x01",
                                           "\u0301",
                                           "\U0001F600",
                                           "\u200D",
                                           "\u202E",
                                           "e-sant\u00E9",
                                           "C5",
                                           "4.1",
                                           "0",
                                           std::string(80, 'x')};
  std::mt19937 random(42);
  for (int i = 0; i < 150; ++i) {
    std::string q;
    int n = 1 + static_cast<int>(random() % 12);
    for (int k = 0; k < n; ++k) q += pieces[random() % pieces.size()];
    for (const char* route : {"/api/v1/search?q=", "/api/v1/search/suggest?q="}) {
      auto response = anonymous().get(route + encode(q) + (i % 3 ? "&sort=relevance" : "&sort=title"));
      EXPECT_TRUE(response.status == 200 || response.status == 400) << response.status << " " << q;
    }
  }
  EXPECT_EQ(anonymous().get("/healthz").status, 200);
}

TEST_F(search_api, SuggestCompletesReferenceNamesAndEntryTitles) {
  auto response = anonymous().get("/api/v1/search/suggest?q=cyber&lang=fr");
  ASSERT_EQ(response.status, 200) << response.body;
  bool health = false;
  auto cyber = response.json();
  for (const auto& s : cyber.at("suggestions").as_array())
    if (str(s.at("kind")) == "action_line" && str(s.at("code")) == "C7-e-health") {
      health = true;
      EXPECT_EQ(str(s.at("text")), "Cybersanté");
    }
  EXPECT_TRUE(health) << response.body;

  auto titles = anonymous().get("/api/v1/search/suggest?q=telecen&limit=3&lang=en").json();
  auto list = titles.at("suggestions").as_array();
  EXPECT_EQ(list.size(), 3u);
  for (const auto& s : list) {
    EXPECT_EQ(str(s.at("kind")), "entry");
    EXPECT_NE(std::find(set_.telecentres.begin(), set_.telecentres.end(), s.at("id").as_int64()),
              set_.telecentres.end());
    EXPECT_TRUE(str(s.at("text")).starts_with("Telecentre network"));
  }
  auto none = anonymous().get("/api/v1/search/suggest?q=");
  EXPECT_TRUE(none.json().at("suggestions").as_array().empty());
  // The draft's title is never suggested.
  auto solar = anonymous().get("/api/v1/search/suggest?q=sola&limit=20").json();
  for (const auto& s : solar.at("suggestions").as_array())
    if (s.as_object().contains("id")) {
      EXPECT_NE(s.at("id").as_int64(), set_.draft);
    }
  expect_field_error(anonymous().get("/api/v1/search/suggest?q=a&limit=21"), "limit", "out_of_range");
  expect_field_error(anonymous().get("/api/v1/search/suggest?q=a&limit=x"), "limit", "expected_integer");
  expect_field_error(anonymous().get("/api/v1/search/suggest?q=" + std::string(501, 'a')), "q", "too_long");
}

}  // namespace
}  // namespace wsis::testing
