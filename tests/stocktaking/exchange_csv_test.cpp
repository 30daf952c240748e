// The strict RFC 4180 reader (libcsv underneath) and our writer: quoting, line breaks inside
// fields, the line number of each record, and malformed records reported without losing the
// records after them.
#include "stocktaking/csv.h"
#include "stocktaking/exchange_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsis::stocktaking {
namespace {

struct Read {
  std::vector<csv::Record> records;
  std::vector<std::size_t> malformed;
};

Read read_all(std::string_view data) {
  Read out;
  csv::read(
      data, [&](csv::Record&& r) { out.records.push_back(std::move(r)); },
      [&](std::size_t line) { out.malformed.push_back(line); });
  return out;
}

using Fields = std::vector<std::string>;

TEST(ExchangeFormats, NamesExtensionsAndMediaTypesAgree) {
  EXPECT_EQ(format_of_path("/data/entries.JSONL"), ExchangeFormat::jsonl);
  EXPECT_EQ(format_of_path("entries.ndjson"), ExchangeFormat::jsonl);
  EXPECT_EQ(format_of_path("out/entries.csv"), ExchangeFormat::csv);
  EXPECT_EQ(format_of_path("entries.xlsx"), ExchangeFormat::xlsx);
  EXPECT_EQ(format_of_path("iati.xml"), ExchangeFormat::iati);
  EXPECT_EQ(format_of_path("entries.txt"), std::nullopt);
  EXPECT_EQ(format_of_path("dir.csv/entries"), std::nullopt) << "a dot in a folder name is no extension";
  for (auto format : {ExchangeFormat::jsonl, ExchangeFormat::csv, ExchangeFormat::xlsx, ExchangeFormat::iati}) {
    EXPECT_EQ(format_named(format_name(format)), format);
    EXPECT_EQ(format_of_path("x." + std::string(file_extension(format))), format);
  }
  EXPECT_EQ(file_extension(ExchangeFormat::iati), "xml");
  EXPECT_EQ(media_type(ExchangeFormat::csv), "text/csv; charset=utf-8");
  EXPECT_EQ(format_named("pdf"), std::nullopt);
}

TEST(ExchangeCsv, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto r = read_all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nlast,,\r\n");
  ASSERT_TRUE(r.malformed.empty());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r.records[1].fields, (Fields{"x, y", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ(r.records[2].fields, (Fields{"last", "", ""}));
}

TEST(ExchangeCsv, EachRecordKnowsTheLineItStartsOn) {
  auto r = read_all("h1,h2\n\nv1,\"multi\nline\nfield\"\nv2,x\n\"also\n\",y");
  ASSERT_TRUE(r.malformed.empty());
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[1].line, 3u) << "after a blank line";
  EXPECT_EQ(r.records[2].line, 6u) << "after a field spanning three lines";
  EXPECT_EQ(r.records[3].line, 7u);
  EXPECT_EQ(r.records[3].fields, (Fields{"also\n", "y"})) << "last record without a line break";
}

TEST(ExchangeCsv, KeepsSpacesAndUnicodeAsWritten) {
  auto r = read_all(" padded , الصحة ,农村\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, (Fields{" padded ", " الصحة ", "农村"}));
}

TEST(ExchangeCsv, MalformedQuotingIsReportedAndReadingResumesOnTheNextLine) {
  auto r = read_all(
      "h1,h2\n"
      "ok,1\n"
      "bad \"quote\" inside,2\n"  // a quote in an unquoted field
      "\"closed\"then text,3\n"   // text after a closing quote
      "\"closed\" ,4\n"           // a space after a closing quote
      "fine,5\n");
  EXPECT_EQ(r.malformed, (std::vector<std::size_t>{3, 4, 5}));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].fields, (Fields{"ok", "1"}));
  EXPECT_EQ(r.records[2].fields, (Fields{"fine", "5"}));
  EXPECT_EQ(r.records[2].line, 6u);
}

TEST(ExchangeCsv, AQuoteNeverClosedIsReportedAtTheLineItOpened) {
  auto r = read_all("h1,h2\nok,1\nstart,\"never closed\nmore\nand more\n");
  EXPECT_EQ(r.malformed, (std::vector<std::size_t>{3}));
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(ExchangeCsv, WriterQuotesOnlyWhatNeedsIt) {
  std::string out;
  csv::append_record(out, {"plain", "with,comma", "with \"quote\"", "two\nlines", "", "عربي"});
  EXPECT_EQ(out, "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",,عربي\r\n");
}

TEST(ExchangeCsv, WhatTheWriterWritesTheReaderReadsBack) {
  std::vector<Fields> rows = {{"a", "b,c", "\"", "\r\n", " x "}, {"", "", "", "", ""}, {"中文", "ÉÈ", ";", "\\", "\t"}};
  std::string out;
  for (const auto& row : rows) csv::append_record(out, row);
  auto r = read_all(out);
  ASSERT_TRUE(r.malformed.empty());
  ASSERT_EQ(r.records.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(r.records[i].fields, rows[i]) << "row " << i;
}

}  // namespace
}  // namespace wsis::stocktaking
