// parse_query and strip_controls: runs and phrases, unbalanced and curly quotes, the type-ahead
// flag, the cap on words, the forms of a word in every candidate language, control characters.
#include "search/query.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace wsis::search {
namespace {

const Analyzer& analyzer() {
  static const Analyzer instance;
  return instance;
}

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST(SearchQuery, ControlCharactersBecomeSpaces) {
  EXPECT_EQ(strip_controls("a\tb\nc\rd"), "a b c d");
  EXPECT_EQ(strip_controls(std::string("a\0b", 3)), "a b");
  EXPECT_EQ(strip_controls("a\x7F"
                           "b"),
            "a b");
  EXPECT_EQ(strip_controls("a\u0085b\u009Fc"), "a b c");                  // C1 controls
  EXPECT_EQ(strip_controls("a\u2028b\u2029c"), "a b c");                  // line and paragraph separators
  EXPECT_EQ(strip_controls("école \u00A0 santé"), "école \u00A0 santé");  // U+00A0 is not a control
}

TEST(SearchQuery, QuotesMakePhrasesAndTheRestIsFreeText) {
  auto q = parse_query(analyzer(), "solar \"rural schools\" kenya");
  ASSERT_EQ(q.words.size(), 4u);
  EXPECT_FALSE(q.words[0].in_phrase);
  EXPECT_TRUE(q.words[1].in_phrase);
  EXPECT_TRUE(q.words[2].in_phrase);
  EXPECT_EQ(q.words[1].run, q.words[2].run);
  EXPECT_EQ(q.words[2].offset, q.words[1].offset + 1);
  EXPECT_FALSE(q.words[3].in_phrase);
  EXPECT_TRUE(q.last_is_prefix);

  auto unbalanced = parse_query(analyzer(), "solar \"rural schools");
  ASSERT_EQ(unbalanced.words.size(), 3u);
  EXPECT_TRUE(unbalanced.words[2].in_phrase);
  EXPECT_FALSE(unbalanced.last_is_prefix);  // a phrase is not a prefix

  auto curly = parse_query(analyzer(), "\u201Crural schools\u201D");
  ASSERT_EQ(curly.words.size(), 2u);
  EXPECT_TRUE(curly.words[0].in_phrase && curly.words[1].in_phrase);

  EXPECT_TRUE(parse_query(analyzer(), "\"\"\"").empty());
  EXPECT_TRUE(parse_query(analyzer(), "").empty());
  EXPECT_TRUE(parse_query(analyzer(), " ?! -- ").empty());
}

TEST(SearchQuery, TheLastWordIsAPrefixUntilASpaceOrAQuoteEndsIt) {
  EXPECT_TRUE(parse_query(analyzer(), "rural scho").last_is_prefix);
  EXPECT_FALSE(parse_query(analyzer(), "rural scho ").last_is_prefix);
  EXPECT_FALSE(parse_query(analyzer(), "\"rural schools\"").last_is_prefix);
}

TEST(SearchQuery, WordsPastTheCapAreDropped) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "w" + std::to_string(i) + " ";
  auto q = parse_query(analyzer(), text);
  EXPECT_EQ(q.words.size(), QueryLimits::max_words);
  EXPECT_TRUE(q.truncated);
  EXPECT_FALSE(q.last_is_prefix);
}

TEST(SearchQuery, LatinWordsCarryTheirFormsInEnglishFrenchAndSpanish) {
  auto q = parse_query(analyzer(), "informaciones ");
  ASSERT_EQ(q.words.size(), 1u);
  // The Spanish stem and the English one (which keeps more of the word) are both there.
  EXPECT_TRUE(has(q.words[0].terms, "inform")) << ::testing::PrintToString(q.words[0].terms);
  EXPECT_GE(q.words[0].terms.size(), 2u) << ::testing::PrintToString(q.words[0].terms);
  EXPECT_TRUE(has(q.words[0].surfaces, "informaciones"));
  // Arabic script: analysed as Arabic only.
  auto arabic = parse_query(analyzer(), "\u0627\u0644\u0645\u062F\u0631\u0633\u0629");  // المدرسة
  ASSERT_EQ(arabic.words.size(), 1u);
  EXPECT_EQ(arabic.words[0].terms.size(), 1u);
}

}  // namespace
}  // namespace wsis::search
