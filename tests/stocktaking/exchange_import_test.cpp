// The importer and the exporters against a database file: what an import writes (entries,
// organisations, revisions, the change feed), idempotence by external id, the report of bad
// rows in CSV and JSON Lines, export → import → export giving the same bytes, and the IATI and
// XLSX exports checked with xmllint and unzip.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts/accounts_service.h"
#include "accounts/organisation_directory.h"
#include "exchange_fixture.h"
#include "stocktaking/entries_service.h"
#include "stocktaking/exporter.h"
#include "stocktaking/importer.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

using stocktaking::ExchangeFormat;
using stocktaking::ImportOptions;
using stocktaking::ImportReport;

class ExchangeImport : public ::testing::Test {
 protected:
  ImportReport import(const std::string& data, ExchangeFormat format, ImportOptions options = {},
                      ExchangeDatabase* target = nullptr) {
    auto& db = target ? *target : db_;
    auto report = stocktaking::import_entries(*db.database, clock_, data, format, options);
    EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().detail);
    return report.ok() ? *report : ImportReport{};
  }
  ImportReport import_jsonl(const std::vector<json::object>& rows, ImportOptions options = {}) {
    return import(jsonl(rows), ExchangeFormat::jsonl, options);
  }

  std::string export_string(ExchangeFormat format, bool all = true, ExchangeDatabase* source = nullptr) {
    stocktaking::ExportOptions options;
    options.format = format;
    options.all_states = all;
    auto bytes = stocktaking::export_to_string(*(source ? source : &db_)->database, clock_, options);
    EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().detail);
    return bytes.ok() ? *bytes : std::string();
  }

  std::int64_t count(const std::string& sql) { return db_.count(sql); }
  std::string text(const std::string& sql) { return db_.text(sql); }

  ManualClock clock_{kExchangeStartMs};
  ExchangeDatabase db_{clock_};
};

// A CSV file in the export's columns, from JSON Lines rows (so tests write rows once).
std::string csv_of(const std::vector<json::object>& rows) {
  std::string out;
  const auto& columns = stocktaking::csv_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += "\r\n";
  for (const auto& row : rows) {
    auto parsed = stocktaking::read_record(row, 2026);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().detail);
    if (!parsed) continue;
    auto fields = stocktaking::to_csv_fields(*parsed);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out += i ? "," : "";
      const auto& f = fields[i];
      if (f.find_first_of(",\"\r\n") == std::string::npos) {
        out += f;
      } else {
        out += '"';
        for (char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
      }
    }
    out += "\r\n";
  }
  return out;
}

TEST_F(ExchangeImport, JsonLinesCreateEntriesOrganisationsRevisionsAndOneChangeEach) {
  {
    auto connection = db_.database->connect();
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE(accounts::insert_organisation(**connection, "Existing Org", "academia", "KEN", 0, 1).ok());
  }
  auto draft = exchange_row("ext-draft", "Existing Org");
  draft["state"] = "draft";
  draft["organisation"].as_object()["stakeholder_type"] = "academia";
  draft["organisation"].as_object()["country"] = "KEN";
  auto chinese = exchange_row("ext-zh", "数字中国");
  chinese["language"] = "zh";
  chinese["title"] = "农村宽带";
  chinese["translations"] = json::object{{"en", {{"title", "Rural broadband"}}}};
  auto report = import_jsonl({exchange_row("ext-1"), draft, chinese});

  EXPECT_EQ(report.records, 3u);
  EXPECT_EQ(report.created, 3);
  EXPECT_EQ(report.updated + report.unchanged, 0);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_FALSE(report.rejected);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations"), 3) << "two created, one found by name";
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'entry' AND op = 'create'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'entry.create' AND actor_user_id IS NULL"), 3)
      << "the system";
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_revisions"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_transitions WHERE action = 'import'"), 3);
  EXPECT_EQ(text("SELECT state || '/' || published_revision FROM entries WHERE external_id = 'ext-1'"), "published/1");
  EXPECT_EQ(
      text("SELECT state || '/' || COALESCE(published_revision, 'none') FROM entries WHERE external_id = 'ext-draft'"),
      "draft/none");
  EXPECT_EQ(text("SELECT o.name FROM entries e JOIN organisations o ON o.id = e.organisation_id"
                 " WHERE e.external_id = 'ext-zh'"),
            "数字中国");
  // The projection that lists filter on.
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_countries c JOIN entries e ON e.id = c.entry_id"
                  " WHERE e.external_id = 'ext-1'"),
            2);
  EXPECT_EQ(text("SELECT title FROM entries WHERE external_id = 'ext-zh'"), "农村宽带");
  EXPECT_EQ(text("SELECT stakeholder_type FROM entries WHERE external_id = 'ext-draft'"), "academia");
}

TEST_F(ExchangeImport, ImportingTheSameRowsAgainChangesNothing) {
  std::vector<json::object> rows = {exchange_row("a"), exchange_row("b"), exchange_row("c")};
  ASSERT_EQ(import_jsonl(rows).created, 3);
  auto feed = count("SELECT COUNT(*) FROM change_feed");
  auto versions = count("SELECT SUM(version) FROM entries");
  auto again = import_jsonl(rows);
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed"), feed);
  EXPECT_EQ(count("SELECT SUM(version) FROM entries"), versions);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_revisions"), 3);
}

TEST_F(ExchangeImport, AChangedRowMakesANewRevisionOfTheSameEntry) {
  ASSERT_EQ(import_jsonl({exchange_row("a"), exchange_row("b")}).created, 2);
  auto id = count("SELECT id FROM entries WHERE external_id = 'b'");
  auto changed = exchange_row("b");
  changed["title"] = "عنوان جديد للمشروع";
  auto report = import_jsonl({exchange_row("a"), changed});
  EXPECT_EQ(report.updated, 1);
  EXPECT_EQ(report.unchanged, 1);
  EXPECT_EQ(count("SELECT id FROM entries WHERE external_id = 'b'"), id) << "the same entry";
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_revisions WHERE entry_id = " + std::to_string(id)), 2);
  EXPECT_EQ(text("SELECT current_revision || '/' || published_revision || '/' || version FROM entries WHERE id = " +
                 std::to_string(id)),
            "2/2/2");
  EXPECT_EQ(text("SELECT title FROM entries WHERE id = " + std::to_string(id)), "عنوان جديد للمشروع");
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE op = 'update' AND entity_id = '" + std::to_string(id) + "'"),
            1);
}

TEST_F(ExchangeImport, AStateChangeAloneKeepsTheRevision) {
  ASSERT_EQ(import_jsonl({exchange_row("a")}).created, 1);
  auto archived = exchange_row("a");
  archived["state"] = "archived";
  archived["success_story"] = true;
  EXPECT_EQ(import_jsonl({archived}).updated, 1);
  EXPECT_EQ(text("SELECT state || '/' || success_story || '/' || current_revision || '/' ||"
                 " COALESCE(published_revision, 'none') FROM entries"),
            "archived/1/1/none");
  EXPECT_EQ(count("SELECT COUNT(*) FROM entry_revisions"), 1);
  EXPECT_EQ(import_jsonl({archived}).unchanged, 1);
}

TEST_F(ExchangeImport, RowsAreWrittenInBatchesAndProgressIsReported) {
  std::vector<json::object> rows;
  for (int i = 0; i < 5; ++i) rows.push_back(exchange_row("batch-" + std::to_string(i)));
  ImportOptions options;
  options.batch_size = 2;
  std::vector<std::size_t> written;
  options.progress = [&](std::string_view phase, std::size_t done, std::size_t total) {
    if (phase == "writing") {
      EXPECT_EQ(total, 5u);
      written.push_back(done);
    }
  };
  EXPECT_EQ(import_jsonl(rows, options).created, 5);
  EXPECT_EQ(written, (std::vector<std::size_t>{2, 4, 5}));
}

// Entries as the platform makes them (no external id), in Arabic and Chinese, one published.
void add_platform_entries(ExchangeDatabase& db, const Clock& clock) {
  std::int64_t organisation = 0;
  {
    auto connection = db.database->connect();
    ASSERT_TRUE(connection.ok());
    auto ref = accounts::insert_organisation(**connection, "Réseau Numérique", "civil-society", "MAR", 0, 1);
    ASSERT_TRUE(ref.ok());
    organisation = ref->id;
  }
  accounts::AccountsOptions fast;
  fast.password_cost = accounts::PasswordCost::minimum();
  accounts::AccountsService accounts(*db.database, clock, fast);
  auto user = accounts.create_administrator({"maker@example.org", "correct horse battery", "Maker", "en"}, {});
  ASSERT_TRUE(user.ok()) << user.error().detail;
  stocktaking::EntriesService service(*db.database, clock);
  Actor owner{
      .user_id = user->id, .organisation_id = organisation, .roles = static_cast<std::uint32_t>(Role::moderator)};
  auto body = exchange_row("unused");
  for (auto key : {"external_id", "state", "success_story", "organisation"}) body.erase(key);
  body.erase("contact");
  auto content = stocktaking::parse_entry_content(body, 2026);
  ASSERT_TRUE(content.ok());
  auto first = service.create(owner, *content);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  content->title = "数字技能培训";
  content->language = "zh";
  content->translations = {{"ar", "تدريب على المهارات الرقمية", "وصف"}};
  auto second = service.create(owner, *content);
  ASSERT_TRUE(second.ok()) << second.error().detail;
  auto submitted = service.act(owner, second->record.id, std::nullopt, "submit", "");
  ASSERT_TRUE(submitted.ok()) << submitted.error().detail;
  auto published = service.act(owner, second->record.id, std::nullopt, "publish", "");
  ASSERT_TRUE(published.ok()) << published.error().detail;
}

TEST_F(ExchangeImport, ExportImportExportGivesTheSameBytes) {
  auto draft = exchange_row("ext-draft");
  draft["state"] = "submitted";
  draft["success_story"] = true;
  draft.erase("website");
  draft["description"] = "Line one,\r\nline \"two\"\n\nand a *Markdown* list:\n- a\n- b";
  ASSERT_EQ(import_jsonl({exchange_row("ext-1"), draft}).created, 2);
  add_platform_entries(db_, clock_);
  ASSERT_EQ(count("SELECT COUNT(*) FROM entries"), 4);

  auto jsonl1 = export_string(ExchangeFormat::jsonl);
  auto csv1 = export_string(ExchangeFormat::csv);
  EXPECT_NE(jsonl1.find("الصحة الإلكترونية"), std::string::npos) << "Arabic as UTF-8, not escaped";
  EXPECT_NE(csv1.find("数字技能培训"), std::string::npos);

  // Another instance: created at another time, so it has its own series of local ids.
  clock_.advance(1000);
  ExchangeDatabase from_csv(clock_);
  clock_.advance(1000);
  ExchangeDatabase from_jsonl(clock_);
  EXPECT_EQ(import(csv1, ExchangeFormat::csv, {}, &from_csv).created, 4);
  EXPECT_EQ(import(jsonl1, ExchangeFormat::jsonl, {}, &from_jsonl).created, 4);
  EXPECT_EQ(export_string(ExchangeFormat::csv, true, &from_csv), csv1);
  EXPECT_EQ(export_string(ExchangeFormat::jsonl, true, &from_csv), jsonl1);
  EXPECT_EQ(export_string(ExchangeFormat::jsonl, true, &from_jsonl), jsonl1);
  EXPECT_EQ(export_string(ExchangeFormat::csv, true, &from_jsonl), csv1);
}

TEST_F(ExchangeImport, ReimportingOurOwnExportChangesNothing) {
  ASSERT_EQ(import_jsonl({exchange_row("ext-1")}).created, 1);
  add_platform_entries(db_, clock_);
  auto exported = export_string(ExchangeFormat::csv);
  // Entries made on the platform are named by this instance's own series, "wsis:<instance>:<id>".
  EXPECT_NE(exported.find("\r\nwsis:"), std::string::npos);
  auto feed = count("SELECT COUNT(*) FROM change_feed");
  auto report = import(exported, ExchangeFormat::csv);
  EXPECT_EQ(report.created, 0);
  EXPECT_EQ(report.updated, 0);
  EXPECT_EQ(report.unchanged, 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed"), feed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries WHERE external_id IS NULL"), 2) << "no id was stored on them";

  // An id of our own series that names no entry is refused, not taken for a new entry.
  auto first = exported.find("\r\nwsis:") + 2;
  auto colon = exported.find(':', first + 5);
  std::string unknown = exported.substr(first, colon + 1 - first) + "999";
  auto report2 = import_jsonl({exchange_row(unknown)});
  EXPECT_TRUE(report2.rejected);
  EXPECT_EQ(error_list(report2.errors), (std::vector<std::string>{"1:external_id:not_found"}));
}

TEST_F(ExchangeImport, ExportsThePublishedEntriesUnlessAllAreAsked) {
  auto draft = exchange_row("ext-draft");
  draft["state"] = "draft";
  ASSERT_EQ(import_jsonl({exchange_row("ext-1"), draft}).created, 2);
  auto published = export_string(ExchangeFormat::jsonl, false);
  auto all = export_string(ExchangeFormat::jsonl, true);
  EXPECT_EQ(std::count(published.begin(), published.end(), '\n'), 1);
  EXPECT_EQ(published.find("ext-draft"), std::string::npos);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 2);
  EXPECT_LT(all.find("\"ext-1\""), all.find("\"ext-draft\"")) << "in the order of the entries' ids";
}

// ---- bad CSV ------------------------------------------------------------------------------

TEST_F(ExchangeImport, BadCsvRowsAreReportedByLineFieldAndReasonAndNothingIsWritten) {
  auto good = csv_of({exchange_row("good-1")});
  std::string header = good.substr(0, good.find("\r\n") + 2);
  std::string row = good.substr(header.size());  // "good-1,published,..." + CRLF
  auto with_id = [&](const std::string& id) { return id + row.substr(row.find(',')); };
  auto with = [&](std::string line, const std::string& from, const std::string& to) {
    auto at = line.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return line.replace(at, from.size(), to);
  };
  std::string file = header +                                                           // line 1
                     row +                                                              // 2
                     with_id("bad \"quote\"") +                                         // 3: quote in an unquoted field
                     "only,three,columns\r\n" +                                         // 4
                     with(with_id("bad-utf8"), "Tele-consultations", "Tele\xC3\x28") +  // 5
                     row +                                                              // 6: good-1 again
                     with(with(with_id("codes"), "MRT;SEN", "XXX;SEN"), "C4;", "C99;") +                         // 7
                     with(with_id("multi-line"), "\"Tele-consultations", "\"First\r\n\r\nTele-consultations") +  // 8-10
                     with_id("good-2");                                                                          // 11
  auto report = import(file, ExchangeFormat::csv);
  EXPECT_TRUE(report.rejected);
  EXPECT_EQ(report.records, 8u);
  EXPECT_EQ(error_list(report.errors),
            (std::vector<std::string>{"3::malformed_csv", "4::column_count", "5:description:invalid_utf8",
                                      "6:external_id:duplicate_id", "7:countries:unknown_code",
                                      "7:action_lines:unknown_code"}));
  ASSERT_EQ(report.errors.size(), 6u);
  EXPECT_EQ(report.errors[1].args.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(report.errors[1].args[0].value), 39) << "expected columns";
  EXPECT_EQ(std::get<std::int64_t>(report.errors[1].args[1].value), 3) << "found";
  EXPECT_EQ(std::get<std::int64_t>(report.errors[3].args[0].value), 2) << "the first line with that id";
  EXPECT_EQ(std::get<std::string>(report.errors[4].args[0].value), "XXX");
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed"), 0);

  ImportOptions skip;
  skip.skip_invalid = true;
  auto skipped = import(file, ExchangeFormat::csv, skip);
  EXPECT_FALSE(skipped.rejected);
  EXPECT_EQ(skipped.created, 3) << "lines 2, 8 and 11";
  EXPECT_EQ(error_list(skipped.errors), error_list(report.errors));
  EXPECT_EQ(text("SELECT group_concat(external_id, ' ') FROM (SELECT external_id FROM entries ORDER BY id)"),
            "good-1 multi-line good-2");
  EXPECT_EQ(text("SELECT substr(json_extract(content, '$.description'), 1, 7) FROM entry_revisions r"
                 " JOIN entries e ON e.id = r.entry_id WHERE e.external_id = 'multi-line'"),
            "First\r\n");
}

TEST_F(ExchangeImport, AUtf8ByteOrderMarkIsAccepted) {
  auto report = import("\xEF\xBB\xBF" + csv_of({exchange_row("bom-1")}), ExchangeFormat::csv);
  EXPECT_EQ(report.created, 1);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(text("SELECT external_id FROM entries"), "bom-1");
  auto jsonl_report = import("\xEF\xBB\xBF" + jsonl({exchange_row("bom-2")}), ExchangeFormat::jsonl);
  EXPECT_EQ(jsonl_report.created, 1);
}

TEST_F(ExchangeImport, AnUnknownOrRepeatedColumnRejectsTheWholeFileEvenWhenSkipping) {
  auto good = csv_of({exchange_row("a")});
  ImportOptions skip;
  skip.skip_invalid = true;
  auto unknown = import("titel," + good, ExchangeFormat::csv, skip);
  EXPECT_TRUE(unknown.rejected);
  EXPECT_EQ(error_list(unknown.errors), (std::vector<std::string>{"1:titel:unknown_field"}));
  auto repeated = import("title," + good, ExchangeFormat::csv, skip);
  EXPECT_TRUE(repeated.rejected);
  EXPECT_EQ(error_list(repeated.errors), (std::vector<std::string>{"1:title:duplicate_column"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), 0);
}

TEST_F(ExchangeImport, CsvCellsOfTheWrongKindNameTheirColumn) {
  auto file = csv_of({exchange_row("kinds")});
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = file.rfind(from);
    ASSERT_NE(at, std::string::npos) << from;
    file.replace(at, from.size(), to);
  };
  replace(",2025\r\n", ",soon\r\n");
  replace(",3;4,", ",3;four,");
  replace("published,false", "published,maybe");
  replace("E-health in rural schools", "ab");
  auto report = import(file, ExchangeFormat::csv);
  EXPECT_EQ(error_list(report.errors),
            (std::vector<std::string>{"2:success_story:expected_boolean", "2:title_en:too_short",
                                      "2:sdg_goals:expected_integer", "2:reporting_year:expected_integer"}));
}

// ---- bad JSON Lines -----------------------------------------------------------------------

TEST_F(ExchangeImport, BadJsonLinesAreReportedByLineAndPath) {
  auto wrong_types = exchange_row("types");
  wrong_types["title"] = 5;
  wrong_types["countries"] = "SEN";
  wrong_types["sdg_goals"] = json::array{"4"};
  wrong_types["success_story"] = "yes";
  wrong_types["reporting_year"] = "2025";
  auto bad_org = exchange_row("org");
  bad_org["organisation"].as_object()["stakeholder_type"] = "guild";
  bad_org["organisation"].as_object()["website"] = "https://example.org";
  std::string file = jsonl({exchange_row("ok-1")}) +      // 1
                     "{\"external_id\": \"broken\",\n" +  // 2
                     "\n" +                               // 3: blank, skipped
                     "[1, 2]\n" +                         // 4
                     jsonl({wrong_types}) +               // 5
                     "{\"external_id\": \"\xFF\"}\n" +    // 6
                     jsonl({bad_org}) +                   // 7
                     "{\"title\": \"no id\"}\r\n" +       // 8 (CRLF)
                     jsonl({exchange_row("ok-1")});       // 9
  auto report = import(file, ExchangeFormat::jsonl);
  EXPECT_TRUE(report.rejected);
  EXPECT_EQ(report.records, 8u);
  auto errors = error_list(report.errors);
  auto has = [&](const std::string& e) { return std::find(errors.begin(), errors.end(), e) != errors.end(); };
  for (auto expected :
       {"2::malformed_json", "4::expected_object", "5:title:expected_string", "5:countries:expected_array",
        "5:sdg_goals/0:expected_integer", "5:success_story:expected_boolean", "5:reporting_year:expected_integer",
        "6::invalid_utf8", "7:organisation/website:unknown_field", "7:organisation/stakeholder_type:unknown_code",
        "8:external_id:required", "8:organisation:required", "9:external_id:duplicate_id"})
    EXPECT_TRUE(has(expected)) << expected << " in " << ::testing::PrintToString(errors);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries"), 0);

  ImportOptions skip;
  skip.skip_invalid = true;
  auto skipped = import(file, ExchangeFormat::jsonl, skip);
  EXPECT_EQ(skipped.created, 1);
  EXPECT_EQ(text("SELECT external_id FROM entries"), "ok-1");
}

// ---- what only the database knows -----------------------------------------------------------

TEST_F(ExchangeImport, AnOrganisationOfTheSameNameMustHaveTheSameTypeAndCountry) {
  ASSERT_EQ(import_jsonl({exchange_row("a", "Shared Name")}).created, 1);
  auto other = exchange_row("b", "Shared Name");
  other["organisation"].as_object()["stakeholder_type"] = "academia";
  auto report = import_jsonl({other});
  EXPECT_TRUE(report.rejected);
  ASSERT_EQ(error_list(report.errors),
            (std::vector<std::string>{"1:organisation/stakeholder_type:organisation_differs"}));
  EXPECT_EQ(std::get<std::string>(report.errors[0].args[0].value), "government");
  // Within one file too, and named by column in CSV.
  auto in_file = import(csv_of({exchange_row("c", "New Name"),
                                [] {
                                  auto r = exchange_row("d", "New Name");
                                  r["organisation"].as_object()["country"] = "FRA";
                                  return r;
                                }()}),
                        ExchangeFormat::csv);
  EXPECT_EQ(error_list(in_file.errors), (std::vector<std::string>{"3:organisation_country:organisation_differs"}));
}

TEST_F(ExchangeImport, AnOwnerMustBeAUserAndBecomesTheEntrysOwner) {
  accounts::AccountsOptions fast;
  fast.password_cost = accounts::PasswordCost::minimum();
  accounts::AccountsService accounts(*db_.database, clock_, fast);
  auto user = accounts.create_administrator({"owner@example.org", "correct horse battery", "Owner", "en"}, {});
  ASSERT_TRUE(user.ok()) << user.error().detail;
  auto owned = exchange_row("owned");
  owned["owner_id"] = user->id;
  auto unknown = exchange_row("unknown-owner");
  unknown["owner_id"] = user->id + 100;
  ImportOptions skip;
  skip.skip_invalid = true;
  auto report = import_jsonl({owned, unknown}, skip);
  EXPECT_EQ(report.created, 1);
  EXPECT_EQ(error_list(report.errors), (std::vector<std::string>{"2:owner_id:not_found"}));
  EXPECT_EQ(count("SELECT owner_id FROM entries WHERE external_id = 'owned'"), user->id);
  // Without owner_id a later import keeps the owner.
  auto changed = exchange_row("owned");
  changed["title"] = "عنوان آخر";
  EXPECT_EQ(import_jsonl({changed}).updated, 1);
  EXPECT_EQ(count("SELECT owner_id FROM entries WHERE external_id = 'owned'"), user->id);
}

// ---- IATI and XLSX ------------------------------------------------------------------------

TEST_F(ExchangeImport, IatiExportIsValidAgainstTheOfficialSchema) {
  auto global = exchange_row("global-1");
  global["countries"] = json::array{"global"};
  global.erase("start_date");
  global["title"] = "Tom & Jerry <online> \"safety\"";
  global["language"] = "en";
  global["translations"] = json::object{{"fr", {{"title", "Sécurité en ligne"}}}};
  auto three = exchange_row("three-countries");
  three["countries"] = json::array{"SEN", "KEN", "CHN"};
  three["project_status"] = "completed";
  three["end_date"] = "2025-06-30";
  ASSERT_EQ(import_jsonl({exchange_row("ext-1"), global, three}).created, 3);
  auto xml = export_string(ExchangeFormat::iati);
  TempDir dir;
  write_file(dir.file("activities.xml"), xml);
  std::string out;
  int rc = run_process({"xmllint", "--noout", "--schema", WSIS_SOURCE_DIR "/tests/data/iati/iati-activities-schema.xsd",
                        dir.file("activities.xml")},
                       &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("validates"), std::string::npos) << out;
  EXPECT_NE(xml.find("<recipient-country code=\"SN\" percentage=\"50\">"), std::string::npos);
  EXPECT_NE(xml.find("percentage=\"33.34\""), std::string::npos) << "three shares adding up to 100";
  EXPECT_NE(xml.find("<tag vocabulary=\"2\" code=\"4\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<tag vocabulary=\"3\" code=\"4.a\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<tag vocabulary=\"99\" code=\"C7-e-health\">"), std::string::npos);
  EXPECT_NE(xml.find("<activity-scope code=\"1\"/>"), std::string::npos) << "the global entry";
  EXPECT_NE(xml.find("Tom &amp; Jerry &lt;online&gt; &quot;safety&quot;"), std::string::npos);
  EXPECT_NE(xml.find("<narrative xml:lang=\"zh\">农村学校的电子卫生</narrative>"), std::string::npos);
  EXPECT_NE(xml.find("<activity-date type=\"4\" iso-date=\"2025-06-30\"/>"), std::string::npos);
}

TEST_F(ExchangeImport, AnIatiExportOfNothingIsRefused) {
  stocktaking::ExportOptions options;
  options.format = ExchangeFormat::iati;
  auto bytes = stocktaking::export_to_string(*db_.database, clock_, options);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::conflict);
}

TEST_F(ExchangeImport, XlsxExportHoldsTheColumnsAndTheText) {
  ASSERT_EQ(import_jsonl({exchange_row("ext-1"), exchange_row("ext-2")}).created, 2);
  auto bytes = export_string(ExchangeFormat::xlsx);
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_EQ(bytes.substr(0, 2), "PK") << "a zip container";
  TempDir dir;
  write_file(dir.file("entries.xlsx"), bytes);
  std::string sheet;
  ASSERT_EQ(run_process({"unzip", "-p", dir.file("entries.xlsx"), "xl/worksheets/sheet1.xml"}, &sheet), 0) << sheet;
  for (auto expected : {">external_id<", ">organisation_stakeholder_type<", ">reporting_year<", ">ext-2<",
                        ">الصحة الإلكترونية في المدارس الريفية<", ">农村学校的电子卫生<", "<v>2025</v>"})
    EXPECT_NE(sheet.find(expected), std::string::npos) << expected;
  EXPECT_NE(sheet.find("<dimension ref=\"A1:AM3\"/>"), std::string::npos) << "39 columns, header and two rows";
}

}  // namespace
}  // namespace wsis::testing
