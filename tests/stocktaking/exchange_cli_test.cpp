// `wsis import` and `wsis export` as users run them: exit codes, the error report on standard
// error ("FILE:LINE: FIELD: message (code)"), --skip-invalid, the format from the extension,
// and the progress bar, shown on a terminal only.
#include <gtest/gtest.h>

#include "exchange_fixture.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

class ExchangeCli : public ::testing::Test {
 protected:
  int wsis(std::vector<std::string> args, std::string* out = nullptr) {
    args.insert(args.begin(), WSIS_BINARY);
    args.push_back("--data-dir");
    args.push_back(data_.path());
    std::string ignored;
    return run_process(args, out ? out : &ignored);
  }
  std::string file(const std::string& name, const std::string& bytes) {
    write_file(files_.file(name), bytes);
    return files_.file(name);
  }

  TempDir data_, files_;
};

TEST_F(ExchangeCli, ImportsAndExportsEveryFormat) {
  auto draft = exchange_row("cli-draft");
  draft["state"] = "draft";
  auto input = file("entries.jsonl", jsonl({exchange_row("cli-1"), draft}));
  std::string out;
  ASSERT_EQ(wsis({"import", input}, &out), 0) << out;
  EXPECT_NE(out.find("imported " + input + ": 2 created, 0 updated, 0 unchanged, 0 skipped"), std::string::npos) << out;
  EXPECT_EQ(out.find('\r'), std::string::npos) << "no progress bar when not on a terminal";

  ASSERT_EQ(wsis({"export", "--format", "csv", "--output", files_.file("published.csv")}, &out), 0) << out;
  EXPECT_NE(out.find("exported 1 entry to"), std::string::npos) << out;
  auto csv = read_file(files_.file("published.csv"));
  EXPECT_TRUE(csv.starts_with("external_id,state,success_story,")) << csv.substr(0, 80);
  EXPECT_NE(csv.find("\r\ncli-1,published,"), std::string::npos);
  EXPECT_EQ(csv.find("cli-draft"), std::string::npos);

  // The format from the output's name; --all for every state.
  ASSERT_EQ(wsis({"export", "--all", "--output", files_.file("all.jsonl")}, &out), 0) << out;
  EXPECT_NE(out.find("exported 2 entries to " + files_.file("all.jsonl") + " (jsonl)"), std::string::npos) << out;
  auto all = read_file(files_.file("all.jsonl"));
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 2);

  ASSERT_EQ(wsis({"export", "--format", "xlsx", "--output", files_.file("entries.xlsx")}, &out), 0) << out;
  EXPECT_TRUE(read_file(files_.file("entries.xlsx")).starts_with("PK"));
  ASSERT_EQ(wsis({"export", "--format", "iati", "--output", files_.file("activities.xml")}, &out), 0) << out;
  ASSERT_EQ(run_process({"xmllint", "--noout", "--schema",
                         WSIS_SOURCE_DIR "/tests/data/iati/iati-activities-schema.xsd", files_.file("activities.xml")},
                        &out),
            0)
      << out;

  // The export imports back as it is: nothing changes.
  ASSERT_EQ(wsis({"import", files_.file("all.jsonl")}, &out), 0) << out;
  EXPECT_NE(out.find("0 created, 0 updated, 2 unchanged, 0 skipped"), std::string::npos) << out;
  ASSERT_EQ(wsis({"import", files_.file("published.csv")}, &out), 0) << out;
  EXPECT_NE(out.find("0 created, 0 updated, 1 unchanged, 0 skipped"), std::string::npos) << out;
}

TEST_F(ExchangeCli, BadRowsAreListedAndNothingIsImportedUnlessSkipping) {
  auto bad = exchange_row("cli-bad");
  bad["countries"] = json::array{"XXX"};
  bad["title"] = "ab";
  auto input = file("mixed.jsonl", jsonl({exchange_row("cli-good"), bad}) + "{not json\n");
  std::string out;
  EXPECT_EQ(wsis({"import", input}, &out), 3) << out;
  EXPECT_NE(out.find(input + ":2: title: At least 3 characters. (too_short)\n"), std::string::npos) << out;
  EXPECT_NE(out.find(input + ":2: countries/0: Unknown code: XXX. (unknown_code)\n"), std::string::npos) << out;
  EXPECT_NE(out.find(input + ":3: This line is not valid JSON. (malformed_json)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("3 errors in " + input + "; nothing was imported"), std::string::npos) << out;
  ASSERT_EQ(wsis({"export", "--all", "--output", files_.file("none.jsonl")}, &out), 0) << out;
  EXPECT_NE(out.find("exported 0 entries"), std::string::npos) << out;

  EXPECT_EQ(wsis({"import", input, "--skip-invalid"}, &out), 0) << out;
  EXPECT_NE(out.find("1 created, 0 updated, 0 unchanged, 2 skipped"), std::string::npos) << out;
  EXPECT_NE(out.find(input + ":3: This line is not valid JSON."), std::string::npos) << "skipped rows are listed";
}

TEST_F(ExchangeCli, UsageErrorsExitTwoAndMissingDatabaseOne) {
  std::string out;
  EXPECT_EQ(wsis({"import", file("entries.txt", "x")}, &out), 2) << out;
  EXPECT_NE(out.find(".jsonl, .ndjson or .csv"), std::string::npos) << out;
  EXPECT_EQ(wsis({"import", files_.file("absent.csv")}, &out), 2) << out;
  EXPECT_EQ(wsis({"export", "--format", "pdf", "--output", files_.file("x.pdf")}, &out), 2) << out;
  EXPECT_EQ(wsis({"export", "--output", files_.file("x.pdf")}, &out), 2) << out;
  EXPECT_EQ(
      run_process({WSIS_BINARY, "export", "--output", files_.file("x.csv"), "--data-dir", files_.file("no-such-dir")},
                  &out),
      1)
      << out;
  EXPECT_NE(out.find("no database at"), std::string::npos) << out;
}

TEST_F(ExchangeCli, AProgressBarIsDrawnOnATerminal) {
  std::vector<json::object> rows;
  for (int i = 0; i < 30; ++i) rows.push_back(exchange_row("tty-" + std::to_string(i)));
  auto input = file("tty.jsonl", jsonl(rows));
  // script(1) gives the command a pseudo-terminal, as an operator's shell would.
  std::string command = std::string(WSIS_BINARY) + " import " + input + " --data-dir " + data_.path();
  std::string out;
  ASSERT_EQ(run_process({"script", "-qec", command, "/dev/null"}, &out), 0) << out;
  EXPECT_NE(out.find("\rwriting  [##############################] 100% 30/30 entries"), std::string::npos) << out;
  EXPECT_NE(out.find("30 created"), std::string::npos) << out;
}

}  // namespace
}  // namespace wsis::testing
