// Ranking the best first without scoring every match (SearchIndex::search with a Ranking's
// `top`): on a demo corpus where common words match thousands of entries, every page the
// ranked lists give must be exactly the page that scoring every match and sorting gives: the
// same entries, the same scores, in the same order, under filters, after cursors, for entries
// published or withdrawn since the lists were ranked.
#include <gtest/gtest.h>

#include <roaring/roaring.hh>

#include <algorithm>
#include <limits>
#include <sstream>

#include "accounts/organisation_directory.h"
#include "app/platform.h"
#include "search/module.h"
#include "search/query.h"
#include "stocktaking/catalog.h"
#include "stocktaking/demo.h"
#include "stocktaking/entries_service.h"
#include "stocktaking/entry.h"
#include "support/temp_dir.h"

namespace wsis::search {
namespace {

bool before(const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.id < b.id; }

class RankingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = app::open_database(dir_.path(), clock_);
    ASSERT_TRUE(database.ok()) << database.error().detail;
    database_ = std::move(*database);
    auto loaded = stocktaking::demo::load_demo(*database_, stocktaking::demo::DemoPlan(7, 6000));
    ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
    catalog_ = std::make_unique<stocktaking::EntryCatalog>(*database_, clock_);
    ASSERT_TRUE(catalog_->rebuild().ok());
    module_ = std::make_unique<SearchModule>(*database_, clock_, catalog_.get());
    build_small_index();
  }

  // The demo corpus is small: an index that ranks from the lists from 50 matches on and keeps
  // only 200 of each term's entries ranked (the rest of a long list is cut, as at a million).
  void build_small_index() {
    SearchLimits limits;
    limits.rank_from = 50;
    limits.ranked_at_least = 200;
    index_ = std::make_unique<SearchIndex>(*database_, clock_, module_->analyzer, module_->vocabulary, catalog_.get(),
                                           limits);
    ASSERT_TRUE(index_->rebuild().ok());
  }

  // Publishes an entry of a new organisation's through the service (created, submitted,
  // published by a moderator), as the site does; its id.
  std::int64_t publish(const std::string& title, const std::string& description = "In short.") {
    if (!service_) {
      auto connection = database_->connect();
      EXPECT_TRUE(connection.ok());
      auto org = accounts::insert_organisation(**connection, "Org", "civil-society", "SEN", 0, clock_.now_ms());
      EXPECT_TRUE(org.ok()) << org.error().detail;
      service_ = std::make_unique<stocktaking::EntriesService>(*database_, clock_, catalog_.get());
      owner_ = Actor{.user_id = 0,
                     .organisation_id = org->id,
                     .roles = static_cast<std::uint32_t>(Role::contributor) | static_cast<std::uint32_t>(Role::focal_point)};
    }
    const Actor moderator{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
    boost::json::object body{{"type", "project"},       {"title", title},
                             {"description", description}, {"language", "en"},
                             {"countries", boost::json::array{"SEN"}}, {"action_lines", boost::json::array{"C1"}},
                             {"primary_action_line", "C1"}, {"sdg_targets", boost::json::array{"4.1"}},
                             {"project_status", "ongoing"}, {"reporting_year", 2025}};
    auto content = stocktaking::parse_entry_content(body, 2026);
    EXPECT_TRUE(content.ok()) << content.error().detail;
    auto view = service_->create(owner_, std::move(*content));
    EXPECT_TRUE(view.ok()) << view.error().detail;
    EXPECT_TRUE(service_->act(owner_, view->record.id, {}, "submit", "").ok());
    EXPECT_TRUE(service_->act(moderator, view->record.id, {}, "publish", "").ok());
    return view->record.id;
  }

  // Withdraws an entry publish() made.
  bool withdraw(std::int64_t id) { return service_->act(owner_, id, {}, "withdraw", "").ok(); }

  // Pages of `q` from the ranked lists against the same pages cut from every match, scored and
  // sorted; returns whether the first page came from the ranked lists.
  bool expect_same_pages(const std::string& q, const Roaring* allowed) {
    auto query = parse_query(module_->analyzer, q);
    auto every = index_->search(query).hits;
    std::erase_if(every, [&](const Hit& h) { return allowed && !allowed->contains(static_cast<std::uint32_t>(h.id)); });
    std::sort(every.begin(), every.end(), before);
    bool early = false;
    std::optional<Hit> after;
    for (std::size_t page = 0; page < 4; ++page) {
      auto ranked = index_->search(query, Ranking{20, allowed, after});
      if (page == 0) early = ranked.ranked_early;
      std::size_t from = page * 20, to = std::min(every.size(), from + 20);
      std::vector<Hit> expected(every.begin() + static_cast<std::ptrdiff_t>(std::min(from, every.size())),
                                every.begin() + static_cast<std::ptrdiff_t>(to));
      EXPECT_EQ(ranked.hits.size(), expected.size()) << q << " page " << page;
      for (std::size_t i = 0; i < std::min(ranked.hits.size(), expected.size()); ++i) {
        EXPECT_EQ(ranked.hits[i].id, expected[i].id) << q << " page " << page << " place " << i;
        EXPECT_EQ(ranked.hits[i].score, expected[i].score) << q << " page " << page << " place " << i;
      }
      if (ranked.hits.empty()) break;
      after = ranked.hits.back();
    }
    return early;
  }

  std::size_t compare_all(const Roaring* allowed) {
    std::size_t early = 0;
    for (const char* q : {"in", "the", "for", "de", "la", "project", "digital", "في", "的", "в", "digital project",
                          "\"in the\"", "la de", "health in"})
      early += expect_same_pages(q, allowed) ? 1 : 0;
    return early;
  }

  wsis::testing::TempDir dir_;
  ManualClock clock_{1'800'000'000'000};
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<stocktaking::EntryCatalog> catalog_;
  std::unique_ptr<SearchModule> module_;  // its analyzer and vocabulary
  std::unique_ptr<SearchIndex> index_;
  std::unique_ptr<stocktaking::EntriesService> service_;  // made by the first publish()
  Actor owner_;
};

TEST_F(RankingTest, PagesFromTheRankedListsAreThePagesOfEveryMatchScored) {
  // Most of these common words match thousands of entries: their first pages must come from the
  // ranked lists, or this test would not test them.
  EXPECT_GE(compare_all(nullptr), 6u);

  // Under a filter (a third of the entries), and one so rare that the lists run out or the walk
  // gives up: the answer is the same either way.
  Roaring third, rare;
  for (std::uint32_t id = 1; id <= 6000; ++id) {
    if (id % 3 == 0) third.add(id);
    if (id % 97 == 0) rare.add(id);
  }
  EXPECT_GE(compare_all(&third), 4u);
  compare_all(&rare);
}

TEST_F(RankingTest, QueriesNamingAConceptAreRankedFromTheListsAndTheConceptsEntries) {
  // Each names an action line or SDG in some language: its entries match (and score a bonus)
  // even without the words, so the walk takes the concept's entries as a list of its own.
  std::size_t early = 0;
  for (const char* q : {"e-health", "cybersecurity", "e-santé", "الأمن السيبراني", "кибербезопасность",
                        "quality education", "e-health in"})
    early += expect_same_pages(q, nullptr) ? 1 : 0;
  EXPECT_GE(early, 4u);
  Roaring third;
  for (std::uint32_t id = 3; id <= 6000; id += 3) third.add(id);
  for (const char* q : {"e-health", "cybersecurity"}) expect_same_pages(q, &third);
}

TEST_F(RankingTest, EntriesPublishedOrWithdrawnSinceTheListsWereRankedAreRankedRight) {
  // Short titles full of "in": the best matches for it. Ranked into the lists by a new build.
  auto ranked_then_withdrawn = publish("In in in");
  build_small_index();
  auto best = index_->search(parse_query(module_->analyzer, "in "), Ranking{1, nullptr, std::nullopt});
  ASSERT_EQ(best.hits.size(), 1u);
  EXPECT_EQ(best.hits.front().id, ranked_then_withdrawn);
  // Withdrawn, it stays in the ranked list (dead); a newer one is in no list yet.
  ASSERT_TRUE(withdraw(ranked_then_withdrawn));
  auto added_since = publish("In in in in");
  ASSERT_TRUE(index_->catch_up().ok());

  auto top = index_->search(parse_query(module_->analyzer, "in "), Ranking{20, nullptr, std::nullopt});
  EXPECT_TRUE(top.ranked_early);
  ASSERT_FALSE(top.hits.empty());
  EXPECT_EQ(top.hits.front().id, added_since);
  for (const auto& hit : top.hits) EXPECT_NE(hit.id, ranked_then_withdrawn);
  EXPECT_GE(compare_all(nullptr), 6u);
}

// Two-word phrases of common words are answered from the bigrams' sets (SearchLimits); they must
// find exactly what reading every candidate's positions finds, for the phrases of many words
// too (narrowed by the bigrams, then read), and for entries published or withdrawn since the
// bigrams were made.
TEST_F(RankingTest, PhrasesAnsweredFromBigramsAreThePhrasesReadFromPositions) {
  auto make = [&](std::size_t from, std::size_t threads = 1) {
    SearchLimits limits;
    limits.bigram_terms_from = from;
    limits.bigram_terms_share = 0;
    limits.bigram_threads = threads;
    auto index = std::make_unique<SearchIndex>(*database_, clock_, module_->analyzer, module_->vocabulary,
                                               catalog_.get(), limits);
    EXPECT_TRUE(index->rebuild().ok());
    return index;
  };
  auto with_bigrams = make(1);  // every term common: every two-word phrase from the bigrams
  auto some_bigrams = make(300);  // some common: a phrase's forms partly from the bigrams, partly read
  auto read_only = make(std::numeric_limits<std::size_t>::max());
  // The same bigrams built by three threads, each on a third of the documents, then merged.
  auto split_bigrams = make(1, 3);
  EXPECT_EQ(split_bigrams->footprint().bigrams, with_bigrams->footprint().bigrams);
  EXPECT_GT(with_bigrams->footprint().bigrams, some_bigrams->footprint().bigrams);
  EXPECT_GT(some_bigrams->footprint().bigrams, 100u);
  EXPECT_EQ(read_only->footprint().bigrams, 0u);

  auto same_as_read = [&](SearchIndex& index, const std::string& q) -> std::uint64_t {
    auto query = parse_query(module_->analyzer, q);
    auto a = index.search(query), b = read_only->search(query);
    EXPECT_EQ(a.entries, b.entries) << q;
    std::sort(a.hits.begin(), a.hits.end(), before);
    std::sort(b.hits.begin(), b.hits.end(), before);
    EXPECT_EQ(a.hits.size(), b.hits.size()) << q;
    for (std::size_t i = 0; i < std::min(a.hits.size(), b.hits.size()); ++i) {
      EXPECT_EQ(a.hits[i].id, b.hits[i].id) << q;
      EXPECT_EQ(a.hits[i].score, b.hits[i].score) << q;
    }
    return a.entries.cardinality();
  };
  auto same = [&](const std::string& q) {
    same_as_read(*some_bigrams, q);
    same_as_read(*split_bigrams, q);
    return same_as_read(*with_bigrams, q);
  };
  std::size_t found = 0;
  for (const char* q : {"\"in the\"", "\"for local\"", "\"digital skills\"", "\"de la\"", "\"en las\"",
                        "\"the in\"", "\"pilot project on\"", "\"programme for\" digital", "\"المهارات الرقمية\"",
                        "\"цифровые навыки\"", "\"数字技能\"", "\"no such phrase\"", "\"skills digital\"",
                        "\"e-health\"", "\"in in\"", "\"des communautés\"", "\"les réseaux\"",
                        "\"community radio\"", "\"проект по\"", "\"las Américas\""})
    found += same(q) > 0 ? 1 : 0;
  EXPECT_GE(found, 8u);  // most of them are in the corpus
  // And every two neighbouring words of the first 300 titles, in their languages.
  {
    auto connection = database_->connect();
    ASSERT_TRUE(connection.ok());
    auto titles = (*connection)->prepare("SELECT title FROM entries WHERE state = 'published' ORDER BY id LIMIT 300");
    std::size_t phrases = 0;
    while (true) {
      auto row = titles->step();
      ASSERT_TRUE(row.ok());
      if (!*row) break;
      std::istringstream words(titles->string(0));
      std::string previous, word;
      while (words >> word) {
        if (!previous.empty()) {
          same("\"" + previous + " " + word + "\"");
          ++phrases;
        }
        previous = word;
      }
    }
    EXPECT_GT(phrases, 500u);
  }

  const std::int64_t published =
      publish("Local skills in the digital Zanzibarian", "The local digital in the skills for local.");
  for (auto* index : {with_bigrams.get(), some_bigrams.get(), split_bigrams.get(), read_only.get()})
    ASSERT_TRUE(index->catch_up().ok());
  auto id = static_cast<std::uint32_t>(published);
  // A word first seen since the rebuild is common in no index: its phrases are read.
  for (const char* q : {"\"local skills\"", "\"digital in\"", "\"skills for local\"", "\"in the digital\"",
                        "\"digital zanzibarian\""}) {
    same(q);
    for (auto* index : {with_bigrams.get(), some_bigrams.get()})
      EXPECT_TRUE(index->search(parse_query(module_->analyzer, q)).entries.contains(id)) << q;
  }
  ASSERT_TRUE(withdraw(published));
  for (auto* index : {with_bigrams.get(), some_bigrams.get(), split_bigrams.get(), read_only.get()})
    ASSERT_TRUE(index->catch_up().ok());
  for (const char* q : {"\"local skills\"", "\"digital in\""}) {
    same(q);
    EXPECT_FALSE(with_bigrams->search(parse_query(module_->analyzer, q)).entries.contains(id)) << q;
  }
}

}  // namespace
}  // namespace wsis::search
