// The server's localized messages (data/messages/server.json): complete in six languages, one
// title and detail per error code, a message for every field code the code base uses, valid
// ICU MessageFormat with the same arguments in every language, and plural forms that work.
#include "core/messages.h"

#include <gtest/gtest.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/strenum.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "core/language.h"
#include "core/resources.h"
#include "http/problem.h"

namespace wsis {
namespace {

const Messages& messages() { return Messages::instance(); }

boost::json::object server_messages() {
  auto text = resource("data/messages/server.json");
  EXPECT_TRUE(text.has_value()) << "data/messages/server.json is not embedded";
  if (!text) return {};
  return boost::json::parse(*text).as_object();
}

TEST(MessagesData, EveryKeyHasExactlyTheSixLanguagesNonEmpty) {
  auto all = server_messages();
  ASSERT_FALSE(all.empty());
  for (const auto& [key, value] : all) {
    ASSERT_TRUE(value.is_object()) << key;
    for (auto lang : kLanguages) {
      const auto* text = value.as_object().if_contains(lang);
      ASSERT_TRUE(text && text->is_string()) << key << " has no " << lang;
      EXPECT_FALSE(text->as_string().empty()) << key << " is empty in " << lang;
    }
    for (const auto& [lang, text] : value.as_object()) {
      (void)text;
      EXPECT_TRUE(is_supported_language(lang)) << key << " has an unknown language " << lang;
    }
  }
}

TEST(MessagesData, KeysAreProblemOrFieldMessages) {
  for (const auto& [key, value] : server_messages()) {
    (void)value;
    std::string k(key);
    bool problem = k.starts_with("problem.") && (k.ends_with(".title") || k.ends_with(".detail"));
    EXPECT_TRUE(problem || k.starts_with("field.")) << k;
  }
}

TEST(MessagesData, EveryErrorCodeHasATitleAndDetail) {
  for (int c = 0; c <= static_cast<int>(ErrorCode::internal); ++c) {
    std::string slug(http::slug_of(static_cast<ErrorCode>(c)));
    EXPECT_TRUE(messages().has("problem." + slug + ".title")) << slug;
    EXPECT_TRUE(messages().has("problem." + slug + ".detail")) << slug;
  }
}

// Field codes passed as literals to FieldErrors::add anywhere in src/ ("errors.add(path, "code"").
std::set<std::string> field_codes_in_sources() {
  std::set<std::string> codes;
  const std::regex call(R"((errors_?|errors\(\))\s*(\.|->)\s*add\s*\()");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(WSIS_SOURCE_DIR "/src")) {
    auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".h")) continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
      // The code is the first argument after the field: find the comma at nesting depth 0.
      std::size_t i = static_cast<std::size_t>(it->position() + it->length());
      int depth = 0;
      for (; i < text.size(); ++i) {
        char ch = text[i];
        if (ch == '(' || ch == '{' || ch == '[') ++depth;
        if (ch == ')' || ch == '}' || ch == ']') {
          if (depth == 0) break;
          --depth;
        }
        if (ch == ',' && depth == 0) break;
      }
      if (i >= text.size() || text[i] != ',') continue;
      ++i;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size() || text[i] != '"') continue;  // a variable: cannot be checked here
      auto end = text.find('"', i + 1);
      codes.insert(text.substr(i + 1, end - i - 1));
    }
  }
  return codes;
}

TEST(MessagesData, EveryFieldCodeUsedInTheSourcesHasAMessage) {
  auto codes = field_codes_in_sources();
  // The scan must find the reader's own codes, or it is not scanning anything.
  for (auto expected : {"required", "expected_string", "too_long", "unknown_field", "control_characters"})
    EXPECT_TRUE(codes.count(expected)) << "scanner missed " << expected;
  for (const auto& code : codes) EXPECT_TRUE(messages().has("field." + code)) << "no message field." << code;
  // Codes json_input.cpp builds without a literal at the call site.
  for (auto code : {"expected_integer", "expected_boolean", "expected_array", "expected_object", "out_of_range",
                    "too_many_items", "invalid_email", "too_short", "empty"})
    EXPECT_TRUE(messages().has(std::string("field.") + code)) << code;
}

// Argument names of an ICU pattern, or an error if it does not compile.
std::set<std::string> argument_names(const std::string& pattern, std::string_view lang, std::string& error) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  icu::MessageFormat format(icu::UnicodeString::fromUTF8(pattern), icu::Locale(std::string(lang).c_str()),
                            parse_error, status);
  std::set<std::string> names;
  if (U_FAILURE(status)) {
    error = std::string(u_errorName(status)) + " at offset " + std::to_string(parse_error.offset);
    return names;
  }
  std::unique_ptr<icu::StringEnumeration> list(format.getFormatNames(status));
  if (U_FAILURE(status) || !list) return names;
  while (const icu::UnicodeString* name = list->snext(status)) {
    std::string utf8;
    name->toUTF8String(utf8);
    names.insert(utf8);
  }
  return names;
}

TEST(MessagesData, PatternsCompileAndUseTheSameArgumentsInEveryLanguage) {
  for (const auto& [key, value] : server_messages()) {
    std::string english_error;
    auto english = argument_names(std::string(value.at("en").as_string()), "en", english_error);
    EXPECT_TRUE(english_error.empty()) << key << " (en): " << english_error;
    for (auto lang : kLanguages) {
      const auto* text = value.as_object().if_contains(lang);
      if (!text || !text->is_string()) continue;
      std::string error;
      auto names = argument_names(std::string(text->as_string()), lang, error);
      EXPECT_TRUE(error.empty()) << key << " (" << lang << "): " << error;
      // An argument missing in one language is usually an apostrophe quoting "{" in ICU syntax.
      EXPECT_EQ(names, english) << key << " (" << lang << ") uses other arguments than English";
    }
  }
}

TEST(Messages, FormatsInTheRequestedLanguage) {
  EXPECT_EQ(messages().format("en", "field.required"), "This field is required.");
  std::set<std::string> distinct;
  for (auto lang : kLanguages) distinct.insert(messages().format(lang, "field.required"));
  EXPECT_EQ(distinct.size(), kLanguages.size()) << "some language repeats another's text";
}

TEST(Messages, EnglishPluralsFollowTheCount) {
  EXPECT_EQ(messages().format("en", "field.too_long", {{"max", std::int64_t{1}}}), "At most 1 character.");
  EXPECT_EQ(messages().format("en", "field.too_long", {{"max", std::int64_t{5}}}), "At most 5 characters.");
  EXPECT_EQ(messages().format("en", "field.too_short", {{"min", std::int64_t{2}}}), "At least 2 characters.");
}

TEST(Messages, ArabicHasSixPluralForms) {
  auto too_long = [](std::int64_t n) { return messages().format("ar", "field.too_long", {{"max", n}}); };
  auto has = [](const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; };
  // one: "حرف واحد"; two: "حرفان"; few (3-10): "أحرف"; many (11-99): "حرفًا"; other (100): "حرف".
  EXPECT_TRUE(has(too_long(1), "\xD8\xAD\xD8\xB1\xD9\x81 \xD9\x88\xD8\xA7\xD8\xAD\xD8\xAF")) << too_long(1);
  EXPECT_TRUE(has(too_long(2), "\xD8\xAD\xD8\xB1\xD9\x81\xD8\xA7\xD9\x86")) << too_long(2);
  EXPECT_TRUE(has(too_long(5), "\xD8\xA3\xD8\xAD\xD8\xB1\xD9\x81")) << too_long(5);
  EXPECT_TRUE(has(too_long(11), "\xD8\xAD\xD8\xB1\xD9\x81\xD9\x8B\xD8\xA7")) << too_long(11);
  std::set<std::string> forms;
  for (std::int64_t n : {0, 1, 2, 5, 11, 100}) forms.insert(too_long(n));
  EXPECT_EQ(forms.size(), 6u);
  EXPECT_NE(too_long(1), messages().format("en", "field.too_long", {{"max", std::int64_t{1}}}));
}

TEST(Messages, NumbersAreFormattedIntoTheText) {
  auto en = messages().format("en", "field.out_of_range", {{"min", std::int64_t{1}}, {"max", std::int64_t{17}}});
  EXPECT_EQ(en, "Must be between 1 and 17.");
  auto zh = messages().format("zh", "field.too_many_items", {{"max", std::int64_t{3}}});
  EXPECT_NE(zh.find('3'), std::string::npos) << zh;
  auto detail = messages().format("en", "problem.method_not_allowed.detail", {{"method", std::string("DELETE")}});
  EXPECT_NE(detail.find("DELETE"), std::string::npos) << detail;
}

TEST(Messages, UnknownLanguageFallsBackToEnglish) {
  auto english = messages().format("en", "problem.not_found.title");
  EXPECT_EQ(messages().format("de", "problem.not_found.title"), english);
  EXPECT_EQ(messages().format("", "problem.not_found.title"), english);
  EXPECT_EQ(messages().format("EN-gb", "problem.not_found.title"), english);
}

TEST(Messages, MissingKeyYieldsTheKey) {
  EXPECT_FALSE(messages().has("field.no_such_code"));
  EXPECT_EQ(messages().format("fr", "field.no_such_code"), "field.no_such_code");
}

TEST(Messages, MissingArgumentsDoNotCrash) {
  // A caller that forgets an argument gets the pattern's text with a placeholder, not a crash.
  auto text = messages().format("ar", "field.too_long");
  EXPECT_FALSE(text.empty());
  auto wrong_type = messages().format("en", "field.too_long", {{"max", std::string("many")}});
  EXPECT_FALSE(wrong_type.empty());
}

TEST(Messages, SafeToUseFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&wrong] {
      for (int i = 0; i < 200; ++i)
        if (messages().format("en", "field.too_long", {{"max", std::int64_t{5}}}) != "At most 5 characters.") ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace wsis
