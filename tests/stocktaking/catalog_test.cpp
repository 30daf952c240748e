// The catalog answers public lists and facet counts from memory; SQL answers the same questions
// from the database. On the same data they must agree exactly, for any filter, sort and page,
// and the catalog must follow writes made after it was built.
#include "stocktaking/catalog.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "accounts/organisation_directory.h"
#include "app/platform.h"
#include "stocktaking/entries_service.h"
#include "support/temp_dir.h"

namespace json = boost::json;

namespace wsis::stocktaking {
namespace {

constexpr const char* kLines[] = {"C1", "C2", "C4", "C5", "C7-e-health", "C7-e-learning", "C10"};
constexpr const char* kTargets[] = {"3.8", "4.4", "4.a", "5.b", "9.c", "17.8"};
constexpr const char* kCountries[] = {"SEN", "MRT", "FRA", "CHN", "BRA", "EGY", "RUS", "global"};
constexpr const char* kLanguageCodes[] = {"ar", "en", "es", "fr", "ru", "zh"};
constexpr const char* kTitles[] = {"École numérique", "ecole rurale", "Zèbre connecté", "Abc santé", "البرنامج الوطني",
                                   "الأمن السيبراني", "数字图书馆",   "Цифровая школа", "Éducation", "abc Santé"};

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = app::open_database(dir_.path(), clock_);
    ASSERT_TRUE(database.ok()) << database.error().detail;
    database_ = std::move(*database);
    auto connection = database_->connect();
    ASSERT_TRUE(connection.ok());
    for (const char* type : {"civil-society", "government", "academia"}) {
      auto org =
          accounts::insert_organisation(**connection, std::string("Org ") + type, type, "SEN", 0, clock_.now_ms());
      ASSERT_TRUE(org.ok()) << org.error().detail;
      organisations_.push_back(org->id);
    }
  }

  json::object random_entry(std::mt19937_64& random) {
    auto pick = [&](auto& array) { return array[random() % std::size(array)]; };
    json::array lines{pick(kLines)}, targets{pick(kTargets)}, countries;
    if (random() % 2) lines.push_back(pick(kLines));
    if (random() % 2) targets.push_back(pick(kTargets));
    std::string country = pick(kCountries);
    countries.push_back(country.c_str());
    if (country != "global" && random() % 3 == 0) countries.push_back("SEN");
    if (random() % 6 == 0) {
      // More values than the catalog's record of an entry holds (it keeps them apart).
      lines = {}, targets = {}, countries = {};
      for (auto line : kLines) lines.push_back(line);
      for (auto target : kTargets) targets.push_back(target);
      for (auto code : {"SEN", "MRT", "FRA", "CHN", "BRA", "EGY", "RUS", "USA", "IND", "NGA", "KEN", "DEU", "JPN", "MEX"})
        countries.push_back(code);
    }
    std::string language = pick(kLanguageCodes);
    json::object entry{{"type", random() % 2 ? "project" : "training"},
                       {"title", std::string(pick(kTitles)) + " " + std::to_string(random() % 50)},
                       {"description", "A description."},
                       {"language", language},
                       {"countries", countries},
                       {"action_lines", lines},
                       {"primary_action_line", lines[0]},
                       {"sdg_targets", targets},
                       {"project_status", random() % 2 ? "ongoing" : "completed"},
                       {"reporting_year", static_cast<std::int64_t>(2020 + random() % 6)}};
    if (language != "fr" && random() % 3 == 0)
      entry["translations"] = json::object{{"fr", json::object{{"title", std::string(pick(kTitles)) + " fr"}}}};
    return entry;
  }

  // Creates `n` entries through the service; about 3 in 4 are published, some success stories.
  void add_entries(EntriesService& service, int n, std::mt19937_64& random) {
    Actor moderator{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
    for (int i = 0; i < n; ++i) {
      Actor owner{
          .user_id = 0,
          .organisation_id = organisations_[random() % organisations_.size()],
          .roles = static_cast<std::uint32_t>(Role::contributor) | static_cast<std::uint32_t>(Role::focal_point)};
      auto content = parse_entry_content(random_entry(random), 2026);
      ASSERT_TRUE(content.ok()) << content.error().detail;
      auto view = service.create(owner, std::move(*content));
      ASSERT_TRUE(view.ok()) << view.error().detail;
      if (random() % 4 == 0) continue;
      ASSERT_TRUE(service.act(owner, view->record.id, {}, "submit", "").ok());
      clock_.advance(1000 * static_cast<std::int64_t>(random() % 3));  // some equal dates: ties by id
      ASSERT_TRUE(service.act(moderator, view->record.id, {}, "publish", "").ok());
      if (random() % 5 == 0) {
        ASSERT_TRUE(service.act(moderator, view->record.id, {}, "mark_success", "").ok());
      }
    }
  }

  EntryFilter random_filter(std::mt19937_64& random) {
    EntryFilter f;
    auto maybe = [&](int one_in) { return random() % static_cast<unsigned>(one_in) == 0; };
    if (maybe(3)) f.action_lines.push_back(kLines[random() % std::size(kLines)]);
    if (maybe(4)) f.action_lines.push_back(kLines[random() % std::size(kLines)]);
    if (maybe(4)) f.goals.push_back(static_cast<int>(1 + random() % 17));
    if (maybe(4)) f.targets.push_back(kTargets[random() % std::size(kTargets)]);
    if (maybe(4)) f.countries.push_back(random() % 2 ? "SEN" : "FRA");
    if (maybe(4)) f.regions.push_back(random() % 2 ? "africa" : "arab-states");
    if (maybe(4)) f.stakeholder_types.push_back("government");
    if (maybe(4)) f.languages.push_back(kLanguageCodes[random() % 6]);
    if (maybe(5)) f.project_statuses.push_back("ongoing");
    if (maybe(5)) f.entry_types.push_back("training");
    if (maybe(5)) f.years.push_back(static_cast<int>(2020 + random() % 6));
    if (maybe(6)) f.success_story = random() % 2 == 0;
    if (maybe(8)) f.organisation_id = organisations_[random() % organisations_.size()];
    return f;
  }

  static std::vector<std::int64_t> all_ids(EntriesService& service, const EntryFilter& filter, SortOrder sort,
                                           std::string_view lang, int page_size) {
    std::vector<std::int64_t> ids;
    std::optional<json::object> after;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = service.list(std::nullopt, filter, sort, lang, after, page_size);
      EXPECT_TRUE(page.ok()) << page.error().detail;
      if (!page.ok()) break;
      for (const auto& view : page->items) ids.push_back(view.record.id);
      if (!page->next_position) break;
      after = page->next_position;
    }
    return ids;
  }

  // The catalog and SQL give the same facet counts and pages for random filters, sorts and
  // page sizes, with entries written both before and after the catalog was built.
  void expect_agreement_with_sql(EntryCatalog::Options options) {
    std::mt19937_64 random(7);
    EntryCatalog catalog(*database_, clock_, options);
    EntriesService with_catalog(*database_, clock_, &catalog);
    EntriesService with_sql(*database_, clock_);
    add_entries(with_sql, 60, random);
    ASSERT_TRUE(catalog.rebuild().ok());
    // Writes after the build go through the service that owns the catalog: it must follow them.
    add_entries(with_catalog, 60, random);
    EXPECT_GT(catalog.size(), 60u);

    for (int round = 0; round < 150; ++round) {
      EntryFilter filter = random_filter(random);
      auto from_sql = with_sql.facets(std::nullopt, filter);
      auto from_catalog = with_catalog.facets(std::nullopt, filter);
      ASSERT_TRUE(from_sql.ok() && from_catalog.ok());
      EXPECT_EQ(from_catalog->total, from_sql->total) << "round " << round;
      EXPECT_EQ(from_catalog->facets, from_sql->facets) << "round " << round;

      SortOrder sort = round % 2 ? SortOrder::title : SortOrder::date;
      std::string_view lang = kLanguageCodes[round % 6];
      int page_size = 1 + static_cast<int>(random() % 7);
      EXPECT_EQ(all_ids(with_catalog, filter, sort, lang, page_size), all_ids(with_sql, filter, sort, lang, page_size))
          << "round " << round << " sort " << (sort == SortOrder::title ? "title" : "date") << " lang " << lang;
    }

    // Entries leaving the catalog (many values or few) leave every count.
    Actor moderator{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
    auto published = all_ids(with_sql, {}, SortOrder::date, "en", 50);
    for (std::size_t i = 0; i < published.size(); i += 3)
      ASSERT_TRUE(with_catalog.act(moderator, published[i], {}, "archive", "").ok());
    for (int round = 0; round < 30; ++round) {
      EntryFilter filter = round == 0 ? EntryFilter{} : random_filter(random);
      auto from_sql = with_sql.facets(std::nullopt, filter);
      auto from_catalog = with_catalog.facets(std::nullopt, filter);
      ASSERT_TRUE(from_sql.ok() && from_catalog.ok());
      EXPECT_EQ(from_catalog->total, from_sql->total) << "after archiving, round " << round;
      EXPECT_EQ(from_catalog->facets, from_sql->facets) << "after archiving, round " << round;
    }
  }

  testing::TempDir dir_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<db::Database> database_;
  std::vector<std::int64_t> organisations_;
};

TEST_F(CatalogTest, AgreesWithSqlOnEveryFilterSortAndPage) { expect_agreement_with_sql({}); }

// Each way of counting facets and of making a page, forced for every query, gives the SQL
// answers.
TEST_F(CatalogTest, CountingByBitmapsAndPagesByWalkingTheOrderAgreeWithSql) {
  expect_agreement_with_sql({.counting = EntryCatalog::Counting::bitmaps, .sort_below_share = 0});
}
TEST_F(CatalogTest, CountingByWalkingTheMatchesAndPagesBySortingThemAgreeWithSql) {
  expect_agreement_with_sql({.counting = EntryCatalog::Counting::walk, .sort_below_share = 2});
}
TEST_F(CatalogTest, CountingByWalkingTheRestAgreesWithSql) {
  expect_agreement_with_sql({.counting = EntryCatalog::Counting::walk_rest});
}

TEST_F(CatalogTest, FollowsUnpublishingAndWritesByOtherProcesses) {
  std::mt19937_64 random(11);
  EntryCatalog catalog(*database_, clock_);
  EntriesService with_catalog(*database_, clock_, &catalog);
  EntriesService elsewhere(*database_, clock_);  // another process: the catalog is not told
  add_entries(with_catalog, 20, random);
  ASSERT_TRUE(catalog.rebuild().ok());
  const std::int64_t built_at = clock_.now_ms();
  auto before = with_catalog.facets(std::nullopt, {})->total;

  add_entries(elsewhere, 10, random);  // moves the clock; put it back to just after the build
  auto after_sql = elsewhere.facets(std::nullopt, {})->total;
  ASSERT_GT(after_sql, before);
  clock_.set(built_at + 100);
  EXPECT_EQ(with_catalog.facets(std::nullopt, {})->total, before) << "not yet: it looks at most every 250 ms";
  clock_.set(built_at + 300);
  EXPECT_EQ(with_catalog.facets(std::nullopt, {})->total, after_sql);

  // Archiving a published entry takes it out of the public view at once.
  auto first = with_catalog.list(std::nullopt, {}, SortOrder::date, "en", std::nullopt, 1);
  ASSERT_TRUE(first.ok() && !first->items.empty());
  Actor moderator{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
  ASSERT_TRUE(with_catalog.act(moderator, first->items[0].record.id, {}, "archive", "").ok());
  EXPECT_EQ(with_catalog.facets(std::nullopt, {})->total, after_sql - 1);
}

// Entries leaving the catalog leave their title keys behind until the catalog rewrites them
// (once they are half of what it holds): the orders and cursors stay those of SQL throughout.
TEST_F(CatalogTest, TitleOrdersAgreeWithSqlWhileMostEntriesLeave) {
  std::mt19937_64 random(5);
  EntryCatalog catalog(*database_, clock_);
  EntriesService with_catalog(*database_, clock_, &catalog);
  EntriesService with_sql(*database_, clock_);
  add_entries(with_sql, 40, random);
  ASSERT_TRUE(catalog.rebuild().ok());
  auto published = all_ids(with_sql, {}, SortOrder::date, "en", 100);
  ASSERT_GT(published.size(), 20u);
  Actor moderator{.user_id = 0, .organisation_id = 0, .roles = static_cast<std::uint32_t>(Role::moderator)};
  for (std::size_t i = 0; i + 3 < published.size(); ++i) {
    ASSERT_TRUE(with_catalog.act(moderator, published[i], {}, "archive", "").ok());
    if (i % 4 == 0) add_entries(with_catalog, 1, random);
    for (std::string_view lang : kLanguageCodes)
      ASSERT_EQ(all_ids(with_catalog, {}, SortOrder::title, lang, 3), all_ids(with_sql, {}, SortOrder::title, lang, 3))
          << "after " << i + 1 << " left, lang " << lang;
  }
}

TEST_F(CatalogTest, ACursorFromTheSqlPathWorksOnTheCatalogPath) {
  std::mt19937_64 random(3);
  EntryCatalog catalog(*database_, clock_);
  EntriesService with_sql(*database_, clock_);
  add_entries(with_sql, 30, random);
  ASSERT_TRUE(catalog.rebuild().ok());
  EntriesService with_catalog(*database_, clock_, &catalog);
  for (auto sort : {SortOrder::date, SortOrder::title}) {
    auto first = with_sql.list(std::nullopt, {}, sort, "fr", std::nullopt, 5);
    ASSERT_TRUE(first.ok() && first->next_position);
    auto second_sql = with_sql.list(std::nullopt, {}, sort, "fr", first->next_position, 5);
    auto second_catalog = with_catalog.list(std::nullopt, {}, sort, "fr", first->next_position, 5);
    ASSERT_TRUE(second_sql.ok() && second_catalog.ok());
    ASSERT_EQ(second_sql->items.size(), second_catalog->items.size());
    for (std::size_t i = 0; i < second_sql->items.size(); ++i)
      EXPECT_EQ(second_sql->items[i].record.id, second_catalog->items[i].record.id);
  }
}

TEST_F(CatalogTest, MalformedPositionsAreInvalidCursors) {
  EntryCatalog catalog(*database_, clock_);
  ASSERT_TRUE(catalog.rebuild().ok());
  std::optional<json::object> next;
  for (const auto& bad :
       {json::object{{"k", "zz"}}, json::object{{"i", 1}, {"k", json::array{}}}, json::object{{"i", "1"}, {"k", 5}}}) {
    auto result = catalog.page({}, SortOrder::date, "en", bad, 10, next);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_query);
  }
}

}  // namespace
}  // namespace wsis::stocktaking
