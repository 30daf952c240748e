// The search index over small hand-built sets of entries written through the Stocktaking
// service: BM25 order, phrases, type-ahead prefixes, one-typo tolerance, concept matching
// through the reference vocabulary in several languages and scripts, and that it shows only
// published content while following publish, withdraw and edit through the change feed.
#include "search/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <thread>

#include "accounts/organisation_directory.h"
#include "app/platform.h"
#include "core/resources.h"
#include "search/highlight.h"
#include "stocktaking/catalog.h"
#include "stocktaking/entries_service.h"
#include "support/temp_dir.h"

namespace json = boost::json;

namespace wsis::search {
namespace {

using Ids = std::vector<std::int64_t>;

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = app::open_database(dir_.path(), clock_);
    ASSERT_TRUE(database.ok()) << database.error().detail;
    database_ = std::move(*database);
    auto connection = database_->connect();
    ASSERT_TRUE(connection.ok());
    auto org = accounts::insert_organisation(**connection, "Org", "civil-society", "SEN", 0, clock_.now_ms());
    ASSERT_TRUE(org.ok()) << org.error().detail;
    owner_.organisation_id = org->id;
    catalog_ = std::make_unique<stocktaking::EntryCatalog>(*database_, clock_);
    ASSERT_TRUE(catalog_->rebuild().ok());
    service_ = std::make_unique<stocktaking::EntriesService>(*database_, clock_, catalog_.get());
    // These tests are about entries matching every word; on their few entries the relaxation
    // to most words would always apply, so it is off unless a test turns it on.
    index_ = std::make_unique<SearchIndex>(*database_, clock_, analyzer(), vocabulary(), catalog_.get(), strict());
    ASSERT_TRUE(index_->rebuild().ok());
  }

  static SearchLimits strict() {
    SearchLimits limits;
    limits.relax_below = 0;
    return limits;
  }

  static const Analyzer& analyzer() {
    static const Analyzer instance;
    return instance;
  }
  static const ConceptVocabulary& vocabulary() {
    static const ConceptVocabulary instance(analyzer(), reference::ReferenceData::instance(),
                                            *resource("data/search/concept_aliases.json"));
    return instance;
  }

  // An entry body: `title` and `description` in `language`, under action line `line`.
  static json::object body(const std::string& title, const std::string& description, const std::string& language = "en",
                           const std::string& line = "C1") {
    return json::object{{"type", "project"},
                        {"title", title},
                        {"description", description},
                        {"language", language},
                        {"countries", json::array{"SEN"}},
                        {"action_lines", json::array{line.c_str()}},
                        {"primary_action_line", line},
                        {"sdg_targets", json::array{"4.1"}},
                        {"project_status", "ongoing"},
                        {"reporting_year", 2025}};
  }

  std::int64_t draft(const json::object& entry) {
    auto content = stocktaking::parse_entry_content(entry, 2026);
    EXPECT_TRUE(content.ok()) << content.error().detail;
    auto view = service_->create(owner_, std::move(*content));
    EXPECT_TRUE(view.ok()) << view.error().detail;
    return view->record.id;
  }
  void act(std::int64_t id, const char* action, bool by_moderator) {
    auto result = service_->act(by_moderator ? moderator_ : owner_, id, {}, action, "");
    ASSERT_TRUE(result.ok()) << action << ": " << result.error().detail;
  }
  std::int64_t publish(const json::object& entry) {
    auto id = draft(entry);
    act(id, "submit", false);
    act(id, "publish", true);
    return id;
  }

  // The ids matching `q`, best first (ties by id), after following the change feed.
  Ids search(std::string_view q) {
    EXPECT_TRUE(index_->catch_up().ok());
    auto matches = index_->search(parse_query(analyzer(), q));
    std::sort(matches.hits.begin(), matches.hits.end(),
              [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.id < b.id; });
    Ids ids;
    for (const auto& hit : matches.hits) ids.push_back(hit.id);
    return ids;
  }
  static Ids sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  wsis::testing::TempDir dir_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<stocktaking::EntryCatalog> catalog_;
  std::unique_ptr<stocktaking::EntriesService> service_;
  std::unique_ptr<SearchIndex> index_;
  Actor owner_{.user_id = 0,
               .organisation_id = 0,
               .roles = static_cast<std::uint32_t>(Role::contributor) | static_cast<std::uint32_t>(Role::focal_point)};
  Actor moderator_{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
};

TEST_F(SearchIndexTest, TitleMatchesRankAboveDescriptionMatchesAndRareWordsWeighMore) {
  auto in_description =
      publish(body("Village water pumps", "Pumps powered by solar panels for the villages of the region"));
  auto in_title = publish(body("Solar kiosks", "Kiosks selling light to villages of the region"));
  auto in_both = publish(body("Solar schools", "Solar panels on the roofs of the schools of the region"));
  publish(body("Unrelated", "Nothing to see here in the region"));
  EXPECT_EQ(search("solar"), (Ids{in_both, in_title, in_description}));
  // Stemmed: "Village" in a title matches "villages", and ranks above a description match.
  EXPECT_EQ(search("villages"), (Ids{in_description, in_title}));
  EXPECT_EQ(search("solar kiosks").front(), in_title);
  // Every word must match.
  EXPECT_EQ(search("solar pumps"), (Ids{in_description}));
  EXPECT_TRUE(search("solar nowhere-to-be-found").empty());
}

TEST_F(SearchIndexTest, WhenTooFewEntriesHaveEveryWordThoseWithMostOfThemFollow) {
  SearchLimits limits;  // relax_below = 20 by default
  index_ = std::make_unique<SearchIndex>(*database_, clock_, analyzer(), vocabulary(), catalog_.get(), limits);
  ASSERT_TRUE(index_->rebuild().ok());
  auto both = publish(body("Solar pumps", "Pumps for the fields"));
  auto solar = publish(body("Solar kiosks", "Light for the market"));
  auto pumps = publish(body("Water pumps", "Pumps for the wells"));
  publish(body("Unrelated", "Nothing to see here"));
  auto found = search("solar pumps");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found.front(), both) << "the entry with every word ranks first";
  EXPECT_EQ(sorted({found[1], found[2]}), sorted({solar, pumps}));
  // At least half the words: with three words, one is not enough.
  EXPECT_EQ(search("solar pumps nowhere"), (Ids{both}));
  // A phrase is an explicit demand: no relaxation.
  EXPECT_EQ(search("\"solar pumps\""), (Ids{both}));
  // Enough entries with every word: nothing else is added.
  limits.relax_below = 1;
  index_ = std::make_unique<SearchIndex>(*database_, clock_, analyzer(), vocabulary(), catalog_.get(), limits);
  ASSERT_TRUE(index_->rebuild().ok());
  EXPECT_EQ(search("solar pumps"), (Ids{both}));
}

TEST_F(SearchIndexTest, TranslationsAreSearchedInTheirOwnLanguage) {
  auto entry = body("Écoles connectées du Sénégal", "Les écoles rurales reçoivent une connexion.", "fr");
  entry["translations"] = json::object{{"en", json::object{{"title", "Connected schools of Senegal"},
                                                           {"description", "Rural schools get a connection."}}},
                                       {"ru", json::object{{"title", "Подключённые школы Сенегала"}}}};
  auto id = publish(entry);
  EXPECT_EQ(search("écoles"), (Ids{id}));
  EXPECT_EQ(search("connected schools"), (Ids{id}));
  EXPECT_EQ(search("школы"), (Ids{id}));  // the Russian stem of школы (a plural)
  EXPECT_EQ(search("школа"), (Ids{id}));  // and of the singular
}

TEST_F(SearchIndexTest, QuotedPhrasesNeedTheWordsInOrderAndTogether) {
  auto together = publish(body("Rural schools network", "A network for rural schools"));
  auto apart = publish(body("Schools in rural areas", "Rural areas get new schools"));
  EXPECT_EQ(sorted(search("rural schools")), sorted(Ids{together, apart}));
  EXPECT_EQ(search("\"rural schools\""), (Ids{together}));
  EXPECT_EQ(search("\"schools rural\""), (Ids{}));
  // An unbalanced quote makes a phrase of the rest of the query.
  EXPECT_EQ(search("network \"rural schools"), (Ids{together}));
  // Curly quotes are quotes too.
  EXPECT_EQ(search("\u201Crural schools\u201D"), (Ids{together}));
  // Longer phrases, whatever word is rarest: "a" and "for" are in many places, "network" in few.
  for (int i = 0; i < 5; ++i) publish(body("For a few schools " + std::to_string(i), "A road for a village"));
  EXPECT_EQ(search("\"a network for rural\""), (Ids{together}));
  EXPECT_EQ(search("\"network for rural schools\""), (Ids{together}));
  EXPECT_TRUE(search("\"network rural\"").empty());
  EXPECT_TRUE(search("\"for a network\"").empty());
}

TEST_F(SearchIndexTest, TheLastWordBeingTypedMatchesTheWordsItBegins) {
  auto connectivity = publish(body("Connectivity for clinics", "Broadband links"));
  auto connected = publish(body("Connected farms", "Sensors in fields"));
  publish(body("Conference on data", "Talks"));
  EXPECT_EQ(sorted(search("connect")), sorted(Ids{connectivity, connected}));
  EXPECT_EQ(search("clinics connecti"), (Ids{connectivity}));
  // A finished word (a space after it) is not a prefix; a prefix too short expands to nothing.
  EXPECT_TRUE(search("connec ").empty());
  EXPECT_TRUE(search("c").empty());
  // Only the last word is a prefix.
  EXPECT_TRUE(search("connec farms").empty());
}

TEST_F(SearchIndexTest, ALastWordThatIsAWordOfTheIndexIsTakenAsTypedExceptInTypeAhead) {
  auto net = publish(body("Net neutrality watch", "Monitoring"));
  auto networks = publish(body("Networks for schools", "Fibre"));
  // "net" is a word of the index: a search takes it as typed (it is a finished word more often
  // than the start of every word it begins), however it ends.
  EXPECT_EQ(search("net"), (Ids{net}));
  EXPECT_EQ(search("net "), (Ids{net}));
  // "netw" is no word: it still matches the words it begins.
  EXPECT_EQ(search("netw"), (Ids{networks}));
  // Type-ahead completes known words too.
  auto typed = parse_query(analyzer(), "net");
  typed.complete_known_word = true;
  Ids found;
  for (const auto& hit : index_->search(typed).hits) found.push_back(hit.id);
  EXPECT_EQ(sorted(found), sorted(Ids{net, networks}));
}

TEST_F(SearchIndexTest, OneTypoIsForgivenOnLongerWordsAnywhereInTheWord) {
  auto id = publish(body("Telemedicine platform", "Doctors reach patients in remote districts"));
  EXPECT_EQ(search("telemedicine "), (Ids{id}));
  EXPECT_EQ(search("telemedecine "), (Ids{id}));  // substitution in the second half
  EXPECT_EQ(search("tlemedicine "), (Ids{id}));   // deletion at the start
  EXPECT_EQ(search("etlemedicine "), (Ids{id}));  // transposition at the start
  EXPECT_EQ(search("platfrom "), (Ids{id}));      // transposition at the end
  EXPECT_EQ(search("patientss "), (Ids{id}));     // insertion
  EXPECT_TRUE(search("tlemedecine ").empty());    // two typos
  EXPECT_EQ(search("remot "), (Ids{id}));         // five letters: long enough
  EXPECT_TRUE(search("rech ").empty());           // four letters ("reach"): too short to guess

  // At most four unknown words per query are looked up with a typo.
  auto words = publish(body("Alpha bravo charlie delta foxtrot", "x"));
  EXPECT_EQ(search("alpah bravvo charlei detla foxtrot "), (Ids{words}));
  EXPECT_TRUE(search("alpah bravvo charlei detla foxtrott ").empty());
}

TEST_F(SearchIndexTest, NamingAnActionLineInAnyLanguageFindsTheEntriesLinkedToIt) {
  auto words = publish(body("Cybersecurity for small firms", "Training on cybersecurity", "en", "C5"));
  auto linked = publish(body("Protecting small businesses online", "Training for firms", "en", "C5"));
  auto health = publish(body("Clinic records", "Records for clinics", "en", "C7-e-health"));
  publish(body("Cybersecurity mention without the link", "Not linked", "en", "C1"));
  auto c5 = search("cybersecurity");
  ASSERT_EQ(c5.size(), 3u);
  // Both the words and the link rank above the link alone or the words alone.
  EXPECT_EQ(c5.front(), words);
  EXPECT_NE(std::find(c5.begin(), c5.end(), linked), c5.end());
  for (const char*
           q : {"\u0627\u0644\u0623\u0645\u0646 \u0627\u0644\u0633\u064A\u0628\u0631\u0627\u0646\u064A",  // الأمن
                                                                                                          // السيبراني
                "\u043A\u0438\u0431\u0435\u0440\u0431\u0435\u0437\u043E\u043F\u0430\u0441\u043D\u043E\u0441\u0442"
                "\u044C",                    // кибербезопасность
                "\u7F51\u7EDC\u5B89\u5168",  // 网络安全
                "cybers\u00E9curit\u00E9", "Confidence and security", "C5"}) {
    auto ids = search(std::string(q) + " ");
    EXPECT_NE(std::find(ids.begin(), ids.end(), linked), ids.end()) << q;
    EXPECT_NE(std::find(ids.begin(), ids.end(), words), ids.end()) << q;
    EXPECT_EQ(std::find(ids.begin(), ids.end(), health), ids.end()) << q;
  }
  for (const char* q : {"e-sant\u00E9", "Cybersant\u00E9", "e-health", "\u7535\u5B50\u536B\u751F",  // 电子卫生
                        "\u0627\u0644\u0635\u062D\u0629 "
                        "\u0627\u0644\u0625\u0644\u0643\u062A\u0631\u0648\u0646\u064A\u0629"})  // الصحة الإلكترونية
    EXPECT_EQ(search(std::string(q) + " "), (Ids{health})) << q;
  // A concept narrows with the other words of the query: linked entries that also have them.
  EXPECT_EQ(search("cybersecurity businesses "), (Ids{linked}));
}

TEST_F(SearchIndexTest, ArabicAndChineseTextIsFoundThroughItsFolds) {
  auto arabic =
      publish(body("\u0627\u0644\u0623\u0645\u0646 \u0627\u0644\u0631\u0642\u0645\u064A "
                   "\u0644\u0644\u0645\u062F\u0627\u0631\u0633",  // الأمن الرقمي للمدارس
                   "\u0628\u0631\u0646\u0627\u0645\u062C \u0648\u0637\u0646\u064A", "ar"));
  auto chinese = publish(body("\u519C\u6751\u5B66\u6821\u6570\u5B57\u56FE\u4E66\u9986",  // 农村学校数字图书馆
                              "\u4E3A\u519C\u6751\u5B66\u6821\u63D0\u4F9B\u56FE\u4E66", "zh"));
  // Bare alef for أ: the fold the analyzer applies to both sides.
  EXPECT_EQ(search("\u0627\u0644\u0627\u0645\u0646 \u0627\u0644\u0631\u0642\u0645\u064A "), (Ids{arabic}));
  EXPECT_EQ(search("\u6570\u5B57\u56FE\u4E66\u9986"), (Ids{chinese}));  // 数字图书馆
  EXPECT_EQ(search("\"\u519C\u6751\u5B66\u6821\""), (Ids{chinese}));    // "农村学校" as a phrase
}

TEST_F(SearchIndexTest, OnlyPublishedContentIsFoundAndChangesAreFollowed) {
  auto id = draft(body("Zebra crossing sensors", "Counting pedestrians"));
  EXPECT_TRUE(search("zebra").empty());
  act(id, "submit", false);
  EXPECT_TRUE(search("zebra").empty());
  act(id, "publish", true);
  EXPECT_EQ(search("zebra"), (Ids{id}));

  // An edit of a published entry waits for moderation: the public still sees the old text.
  auto view = service_->get(moderator_, id);
  ASSERT_TRUE(view.ok());
  auto content = stocktaking::parse_entry_content(body("Giraffe crossing sensors", "Counting pedestrians"), 2026);
  ASSERT_TRUE(content.ok());
  ASSERT_TRUE(service_->update(owner_, id, view->record.version, std::move(*content)).ok());
  EXPECT_EQ(search("zebra"), (Ids{id}));
  EXPECT_TRUE(search("giraffe").empty());
  act(id, "publish", true);
  EXPECT_TRUE(search("zebra").empty());
  EXPECT_EQ(search("giraffe"), (Ids{id}));

  act(id, "withdraw", false);
  EXPECT_TRUE(search("giraffe").empty());
  EXPECT_EQ(index_->size(), 0u);
}

TEST_F(SearchIndexTest, ARebuildAgreesWithTheFollowedIndex) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(publish(body("Library " + std::to_string(i), "Books and rural schools")));
  for (int i = 0; i < 30; i += 3) act(ids[i], "withdraw", false);
  auto followed = search("rural library");
  ASSERT_TRUE(index_->rebuild().ok());
  auto rebuilt = search("rural library");
  EXPECT_EQ(followed.size(), 20u);
  EXPECT_EQ(sorted(followed), sorted(rebuilt));
}

TEST_F(SearchIndexTest, RemovedDocumentsAreDroppedByARebuildOnceTheyOutnumberTheLiveOnes) {
  SearchLimits limits = strict();
  limits.rebuild_after_removed = 3;
  index_ = std::make_unique<SearchIndex>(*database_, clock_, analyzer(), vocabulary(), catalog_.get(), limits);
  ASSERT_TRUE(index_->rebuild().ok());
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(publish(body("Kiosk " + std::to_string(i), "Solar kiosk")));
  EXPECT_EQ(search("kiosk").size(), 5u);
  act(ids[0], "withdraw", false);
  act(ids[1], "withdraw", false);
  EXPECT_EQ(sorted(search("kiosk")), (Ids{ids[2], ids[3], ids[4]}));
  EXPECT_EQ(index_->removed_documents(), 2u);  // fewer than the live ones: kept
  act(ids[2], "withdraw", false);
  act(ids[3], "withdraw", false);
  EXPECT_EQ(search("kiosk"), (Ids{ids[4]}));
  EXPECT_EQ(index_->removed_documents(), 0u);  // 4 removed > 1 live: rebuilt
  EXPECT_EQ(index_->size(), 1u);
}

TEST_F(SearchIndexTest, SearchesRunWhileTheIndexFollowsWrites) {
  std::atomic<bool> done{false};
  std::atomic<std::size_t> searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      auto query = parse_query(analyzer(), "lantern");
      while (!done.load()) {
        auto matches = index_->search(query);
        for (const auto& hit : matches.hits) EXPECT_GT(hit.score, 0.0);
        ++searches;
      }
    });
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(publish(body("Lantern " + std::to_string(i), "Solar lanterns")));
    ASSERT_TRUE(index_->catch_up().ok());
    if (i % 4 == 3) act(ids[static_cast<std::size_t>(i - 1)], "withdraw", false);
  }
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_GT(searches.load(), 0u);
  EXPECT_EQ(search("lantern").size(), 15u);
}

TEST_F(SearchIndexTest, RefreshFollowsAtOnceWhenTheCatalogIsAhead) {
  // The clock does not move: only the catalog being ahead can make refresh_if_stale follow.
  index_->refresh_if_stale();
  auto id = publish(body("Okapi tracking", "Collars"));  // the service brings the catalog up to date
  index_->refresh_if_stale();
  auto matches = index_->search(parse_query(analyzer(), "okapi"));
  ASSERT_EQ(matches.hits.size(), 1u);
  EXPECT_EQ(matches.hits[0].id, id);
}

TEST(ConceptVocabularyTest, BrokenAliasesStopTheStart) {
  static const Analyzer analyzer;
  const auto& reference = reference::ReferenceData::instance();
  EXPECT_THROW(ConceptVocabulary(analyzer, reference, "not json"), std::runtime_error);
  EXPECT_THROW(ConceptVocabulary(analyzer, reference, R"({"C99": {"en": ["x"]}})"), std::runtime_error);
  EXPECT_THROW(ConceptVocabulary(analyzer, reference, R"({"C5": {"xx": ["x"]}})"), std::runtime_error);
  EXPECT_THROW(ConceptVocabulary(analyzer, reference, R"({"C5": {"en": [1]}})"), std::runtime_error);
  EXPECT_NO_THROW(ConceptVocabulary(analyzer, reference, R"({"sdg:4": {"en": ["schooling"]}})"));
}

TEST(ConceptVocabularyTest, CompletesNamesInTheCallersLanguageFirstOncePerConcept) {
  static const Analyzer analyzer;
  ConceptVocabulary vocabulary(analyzer, reference::ReferenceData::instance(), "{}");
  auto names = vocabulary.complete(parse_query(analyzer, "cyber"), "fr", 20);
  std::vector<std::string> codes;
  for (const auto* name : names) {
    codes.push_back(vocabulary.concepts()[name->concept_index].code);
    if (codes.back() == "C7-e-health") {
      EXPECT_EQ(name->text, "Cybersanté");
    }
  }
  EXPECT_NE(std::find(codes.begin(), codes.end(), "C7-e-health"), codes.end());
  auto unique = codes;
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
  // Every word but the last must be in the name; the last begins one of its words.
  auto spans = vocabulary.complete(parse_query(analyzer, "quality educ"), "en", 5);
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(vocabulary.concepts()[spans[0]->concept_index].code, "4");
  EXPECT_TRUE(vocabulary.complete(parse_query(analyzer, "zzzz educ"), "en", 5).empty());
}

TEST_F(SearchIndexTest, HighlightsMarkMatchedWordsAndEscapeEverythingElse) {
  MatchedForms forms;
  auto query = parse_query(analyzer(), "school");
  publish(body("Schools <script>alert(1)</script> & co", "x"));
  ASSERT_TRUE(index_->catch_up().ok());
  forms = index_->search(query).forms;
  EXPECT_EQ(highlight(analyzer(), "Schools <script>alert(1)</script> & co", "en", forms),
            "<mark>Schools</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  std::string long_text(300, 'a');
  long_text += " the school is here " + std::string(300, 'b');
  auto cut = snippet(analyzer(), long_text, "en", forms, 100);
  EXPECT_NE(cut.find("<mark>school</mark>"), std::string::npos) << cut;
  EXPECT_TRUE(cut.starts_with("…")) << cut;
}

}  // namespace
}  // namespace wsis::search
