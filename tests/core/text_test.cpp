// Text checks: UTF-8 validity (the classic malformed vectors), length in code points, control
// characters, NFC and trimming of Unicode spaces.
#include "core/text.h"

#include <gtest/gtest.h>

namespace wsis {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1)));           // U+0000 is a character
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));                          // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));                          // U+07FF
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));                      // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));                      // U+D7FF, just below surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));                      // U+E000, just above
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));                      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));                  // U+10000
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));                  // U+10FFFF, the last
  EXPECT_TRUE(is_valid_utf8("\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9"));  // العربية
  EXPECT_TRUE(is_valid_utf8("\xE4\xB8\xAD\xE6\x96\x87"));          // 中文
}

TEST(IsValidUtf8, RefusesOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // NUL in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // "/" in two bytes (path tricks)
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // "/" in three bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // "/" in four bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(IsValidUtf8, RefusesSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));                  // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));                  // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));      // CESU-8 pair for U+1F600
}

TEST(IsValidUtf8, RefusesValuesPastU10FFFFAndInvalidBytes) {
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // old 5-byte form
  EXPECT_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(IsValidUtf8, RefusesTruncatedAndStraySequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));               // lead byte at the end
  EXPECT_FALSE(is_valid_utf8("\xE4\xB8"));           // 2 of 3
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));       // 3 of 4
  EXPECT_FALSE(is_valid_utf8("\xE4\xB8x"));          // interrupted by ASCII
  EXPECT_FALSE(is_valid_utf8("\x80"));               // continuation with no lead
  EXPECT_FALSE(is_valid_utf8("a\xBF" "b"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xA9\xA9"));       // one continuation too many
  EXPECT_FALSE(is_valid_utf8(std::string("ok\xC3", 3)));
}

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("h\xC3\xA9llo"), 5u);
  EXPECT_EQ(count_code_points("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"), 5u);  // مرحبا
  EXPECT_EQ(count_code_points("\xE4\xBD\xA0\xE5\xA5\xBD"), 2u);                  // 你好
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80"), 1u);                          // 😀
  EXPECT_EQ(count_code_points("e\xCC\x81"), 2u);  // e + combining acute: two code points
}

TEST(HasControlCharacters, FindsC0C1DeleteAndLineSeparators) {
  EXPECT_FALSE(has_control_characters("Hello, world", false));
  EXPECT_FALSE(has_control_characters("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xE4\xBD\xA0", false));
  EXPECT_TRUE(has_control_characters(std::string_view("a\0b", 3), false));
  EXPECT_TRUE(has_control_characters("a\x01", false));
  EXPECT_TRUE(has_control_characters("\x1B[31m", false));  // terminal escapes
  EXPECT_TRUE(has_control_characters("a\x7F", false));
  EXPECT_TRUE(has_control_characters("a\xC2\x80", false));  // U+0080
  EXPECT_TRUE(has_control_characters("a\xC2\x85", false));  // U+0085 NEXT LINE
  EXPECT_TRUE(has_control_characters("a\xC2\x9F", false));  // U+009F
  EXPECT_FALSE(has_control_characters("a\xC2\xA0", false));  // U+00A0 is a space, not a control
  EXPECT_TRUE(has_control_characters("a\xE2\x80\xA8" "b", false));  // U+2028
  EXPECT_TRUE(has_control_characters("a\xE2\x80\xA9" "b", false));  // U+2029
  EXPECT_TRUE(has_control_characters("a\xE2\x80\xA8" "b", true));   // not even in multiline text
}

TEST(HasControlCharacters, NewlinesOnlyWhenAllowed) {
  EXPECT_TRUE(has_control_characters("a\nb", false));
  EXPECT_TRUE(has_control_characters("a\tb", false));
  EXPECT_FALSE(has_control_characters("a\nb\tc", true));
  EXPECT_FALSE(has_control_characters("a\r\nb", true));
  EXPECT_TRUE(has_control_characters("a\rb", true));  // a bare CR
  EXPECT_TRUE(has_control_characters("a\r", true));   // CR at the very end
  EXPECT_TRUE(has_control_characters("a\r\rb", true));
  EXPECT_TRUE(has_control_characters("a\r\nb", false));
}

TEST(HasControlCharacters, InvalidUtf8CountsAsControl) {
  EXPECT_TRUE(has_control_characters("a\xFF", false));
  EXPECT_TRUE(has_control_characters("a\xC3", true));
}

TEST(ToNfc, ComposesAndKeepsNormalisedTextIntact) {
  EXPECT_EQ(to_nfc("e\xCC\x81"), "\xC3\xA9");             // e + U+0301 -> é
  EXPECT_EQ(to_nfc("\xC3\xA9"), "\xC3\xA9");              // already NFC
  EXPECT_EQ(to_nfc("\xE2\x84\xAB"), "\xC3\x85");          // ANGSTROM SIGN -> Å
  EXPECT_EQ(to_nfc("\xE1\x84\x80\xE1\x85\xA1"), "\xEA\xB0\x80");  // Hangul jamo -> 가
  EXPECT_EQ(to_nfc(""), "");
  const std::string arabic = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
  EXPECT_EQ(to_nfc(arabic), arabic);
  // NFC is not NFKC: compatibility characters such as the "ﬁ" ligature stay.
  EXPECT_EQ(to_nfc("\xEF\xAC\x81"), "\xEF\xAC\x81");
}

TEST(TrimSpaces, TrimsAsciiAndUnicodeSpacesAtBothEnds) {
  EXPECT_EQ(trim_spaces("  a b  "), "a b");
  EXPECT_EQ(trim_spaces("\t\n\r a\n"), "a");
  EXPECT_EQ(trim_spaces("\xC2\xA0" "a" "\xC2\xA0"), "a");              // NO-BREAK SPACE
  EXPECT_EQ(trim_spaces("\xE3\x80\x80\xE4\xB8\xAD\xE3\x80\x80"), "\xE4\xB8\xAD");  // IDEOGRAPHIC SPACE
  EXPECT_EQ(trim_spaces("\xE2\x80\x83" "a" "\xE2\x80\xAF"), "a");      // EM SPACE, NARROW NBSP
  EXPECT_EQ(trim_spaces("\xE2\x80\xA8" "a" "\xE2\x80\xA9"), "a");      // LINE/PARAGRAPH SEPARATOR
  EXPECT_EQ(trim_spaces("a \xE3\x80\x80 b"), "a \xE3\x80\x80 b");      // inner spaces stay
  EXPECT_EQ(trim_spaces("   "), "");
  EXPECT_EQ(trim_spaces(""), "");
  // ZERO WIDTH SPACE is not White_Space in Unicode: it stays (and is visible to moderators).
  EXPECT_EQ(trim_spaces("\xE2\x80\x8B" "a"), "\xE2\x80\x8B" "a");
}

TEST(TrimSpaces, StopsAtInvalidBytesInsteadOfReadingPastThem) {
  EXPECT_EQ(trim_spaces(" \xFF "), "\xFF");
  EXPECT_EQ(trim_spaces("\xC3"), "\xC3");
}

}  // namespace
}  // namespace wsis

namespace wsis {

TEST(IsWebUrl, HttpAndHttpsWithAHostOnly) {
  for (auto ok : {"http://example.org", "https://example.org/report#results", "HTTPS://Example.org/a?b=c"})
    EXPECT_TRUE(is_web_url(ok)) << ok;
  for (auto bad : {"javascript:alert(1)", "ftp://example.org", "data:text/html,hi", "example.org", "https://",
                   "https://trusted.example@evil.example/", "mailto:a@example.org", ""})
    EXPECT_FALSE(is_web_url(bad)) << bad;
}


TEST(AppendMarkupEscaped, EscapesTheFiveCharactersAndTreatsWhitespaceAsAsked) {
  std::string kept;
  append_markup_escaped(kept, "a<b>&\"c'\n\t\r");
  EXPECT_EQ(kept, "a&lt;b&gt;&amp;&quot;c&#39;\n\t\r");
  std::string spaced;
  append_markup_escaped(spaced, "one\ntwo\tthree\rfour", MarkupWhitespace::as_space);
  EXPECT_EQ(spaced, "one two three four");
  std::string xml;
  append_markup_escaped(xml, "line\r\nnext", MarkupWhitespace::carriage_return_as_reference);
  EXPECT_EQ(xml, "line&#13;\nnext");
}

}  // namespace wsis
