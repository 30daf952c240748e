// Reading untrusted JSON: every field error code the reader produces, lengths counted in
// characters (not bytes), and the parser's limits.
#include "core/json_input.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace wsis {
namespace {

namespace json = boost::json;

json::object object_of(std::string_view text) {
  auto parsed = parse_json_object(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().detail);
  return parsed.ok() ? *parsed : json::object{};
}

// The single error collected, as "field:code".
std::string only_error(const FieldErrors& errors) {
  if (errors.list().size() != 1) {
    std::string all;
    for (const auto& e : errors.list()) all += e.field + ":" + e.code + " ";
    return "expected exactly one error, got: " + all;
  }
  return errors.list()[0].field + ":" + errors.list()[0].code;
}

std::int64_t int_arg(const FieldError& error, std::string_view name) {
  for (const auto& arg : error.args)
    if (arg.name == name) return std::get<std::int64_t>(arg.value);
  ADD_FAILURE() << "no argument " << name << " on " << error.field << ":" << error.code;
  return -1;
}

// --- parse_json_object ---------------------------------------------------------------------

TEST(ParseJsonObject, AcceptsAnObject) {
  auto parsed = parse_json_object(R"({"title":"Hello","n":3})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("title"), "Hello");
  EXPECT_EQ(parsed->at("n"), 3);
}

TEST(ParseJsonObject, MalformedJsonIsMalformedJson) {
  for (std::string_view body : {"", "{", R"({"a":})", R"({"a":1,})", "{'a':1}", R"({"a":1} x)", "nul",
                                R"({"a":"\ud800"})"}) {
    auto parsed = parse_json_object(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::malformed_json) << body;
  }
}

TEST(ParseJsonObject, InvalidUtf8IsInvalidUtf8EvenInsideStrings) {
  for (std::string_view body : {"{\"a\":\"\xC3\"}", "{\"a\":\"\xC0\xAF\"}", "{\"\xFF\":1}",
                                "{\"a\":\"\xED\xA0\x80\"}", "\xEF\xBB"}) {
    auto parsed = parse_json_object(body);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_utf8);
  }
}

std::string nested(int arrays) {
  std::string s = R"({"a":)";
  s += std::string(static_cast<std::size_t>(arrays), '[');
  s += std::string(static_cast<std::size_t>(arrays), ']');
  return s + "}";
}

TEST(ParseJsonObject, NestingDeeperThan32IsMalformed) {
  // The root object is level 1: 31 arrays inside it make 32 levels, the most allowed.
  EXPECT_TRUE(parse_json_object(nested(31)).ok());
  auto deep = parse_json_object(nested(32));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, ErrorCode::malformed_json);
  // Far deeper input is refused the same way, without exhausting the stack.
  auto very_deep = parse_json_object(nested(100000));
  ASSERT_FALSE(very_deep.ok());
  EXPECT_EQ(very_deep.error().code, ErrorCode::malformed_json);
}

TEST(ParseJsonObject, NonObjectRootIsAValidationErrorOnTheRoot) {
  for (std::string_view body : {"[]", "1", "\"text\"", "null", "true"}) {
    auto parsed = parse_json_object(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::validation) << body;
    ASSERT_EQ(parsed.error().fields.size(), 1u);
    EXPECT_EQ(parsed.error().fields[0].field, "");
    EXPECT_EQ(parsed.error().fields[0].code, "expected_object");
  }
}

// --- JsonReader: presence and types -----------------------------------------------------------

TEST(JsonReader, MissingOrNullRequiredFieldIsRequired) {
  auto object = object_of(R"({"b":null})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_FALSE(reader.text("a", true));
  EXPECT_FALSE(reader.integer("b", true, 0, 10));
  ASSERT_EQ(errors.list().size(), 2u);
  EXPECT_EQ(errors.list()[0].field, "a");
  EXPECT_EQ(errors.list()[0].code, "required");
  EXPECT_EQ(errors.list()[1].field, "b");
  EXPECT_EQ(errors.list()[1].code, "required");
}

TEST(JsonReader, MissingOptionalFieldIsNoError) {
  auto object = object_of(R"({"b":null})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_FALSE(reader.text("a", false));
  EXPECT_FALSE(reader.boolean("b", false));
  EXPECT_EQ(reader.array("c", false, 3), nullptr);
  EXPECT_EQ(reader.object("d", false), nullptr);
  EXPECT_TRUE(errors.empty());
}

TEST(JsonReader, WrongTypesAreExpectedTypeErrors) {
  auto object = object_of(R"({"s":1,"i":"1","f":1.5,"b":"true","a":{},"o":[]})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_FALSE(reader.text("s", true));
  EXPECT_FALSE(reader.integer("i", true, 0, 10));
  EXPECT_FALSE(reader.integer("f", true, 0, 10));
  EXPECT_FALSE(reader.boolean("b", true));
  EXPECT_EQ(reader.array("a", true, 10), nullptr);
  EXPECT_EQ(reader.object("o", true), nullptr);
  std::vector<std::string> got;
  for (const auto& e : errors.list()) got.push_back(e.field + ":" + e.code);
  EXPECT_EQ(got, (std::vector<std::string>{"s:expected_string", "i:expected_integer", "f:expected_integer",
                                           "b:expected_boolean", "a:expected_array", "o:expected_object"}));
}

TEST(JsonReader, ReadsValidValues) {
  auto object = object_of(R"({"s":" Hi ","i":-4,"b":false,"a":[1,2],"o":{"x":1}})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_EQ(reader.text("s", true), "Hi");
  EXPECT_EQ(reader.integer("i", true, -10, 10), -4);
  EXPECT_EQ(reader.boolean("b", true), false);
  ASSERT_NE(reader.array("a", true, 2), nullptr);
  ASSERT_NE(reader.object("o", true), nullptr);
  reader.reject_unknown_fields();
  EXPECT_TRUE(errors.empty());
}

TEST(JsonReader, IntegerOutOfRangeCarriesTheBounds) {
  auto object = object_of(R"({"low":0,"high":18,"huge":18446744073709551615,"edge":17})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_FALSE(reader.integer("low", true, 1, 17));
  EXPECT_FALSE(reader.integer("high", true, 1, 17));
  EXPECT_FALSE(reader.integer("huge", true, 1, 17));
  EXPECT_EQ(reader.integer("edge", true, 1, 17), 17);
  ASSERT_EQ(errors.list().size(), 3u);
  for (const auto& e : errors.list()) {
    EXPECT_EQ(e.code, "out_of_range") << e.field;
    EXPECT_EQ(int_arg(e, "min"), 1);
    EXPECT_EQ(int_arg(e, "max"), 17);
  }
}

TEST(JsonReader, LargeUnsignedWithinInt64IsAccepted) {
  auto object = object_of(R"({"n":9223372036854775807})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_EQ(reader.integer("n", true, 0, INT64_MAX), INT64_MAX);
  EXPECT_TRUE(errors.empty());
}

TEST(JsonReader, TooManyItems) {
  auto object = object_of(R"({"a":[1,2,3,4]})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_EQ(reader.array("a", true, 3), nullptr);
  ASSERT_EQ(only_error(errors), "a:too_many_items");
  EXPECT_EQ(int_arg(errors.list()[0], "max"), 3);
}

TEST(JsonReader, UnknownFieldsAreReportedWithTheirPath) {
  auto object = object_of(R"({"title":"x","titel":"y","extra":1})");
  FieldErrors errors;
  JsonReader reader(object, errors, "entry");
  (void)reader.text("title", true);
  reader.reject_unknown_fields();
  std::vector<std::string> got;
  for (const auto& e : errors.list()) got.push_back(e.field + ":" + e.code);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"entry/extra:unknown_field", "entry/titel:unknown_field"}));
}

TEST(JsonReader, FieldsAskedForButAbsentAreNotUnknown) {
  auto object = object_of(R"({"a":1})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  (void)reader.integer("a", true, 0, 5);
  (void)reader.text("b", false);
  reader.reject_unknown_fields();
  EXPECT_TRUE(errors.empty());
}

// --- JsonReader: text rules -----------------------------------------------------------------

// Reads `json_value` (the content of a JSON string literal) under `rule`: "ok:<text>" or the
// error code.
std::string read_text(const std::string& json_value, TextRule rule = {}) {
  auto object = object_of("{\"t\":\"" + json_value + "\"}");
  FieldErrors errors;
  JsonReader reader(object, errors);
  auto text = reader.text("t", true, rule);
  if (text) return "ok:" + *text;
  return errors.list().empty() ? "no error" : errors.list()[0].code;
}

TEST(JsonReaderText, LengthIsCountedInCharactersNotBytes) {
  // "مرحبا" is 5 characters and 10 bytes; "你好世界" is 4 characters and 12 bytes.
  const std::string arabic = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
  const std::string chinese = "\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C";
  EXPECT_EQ(read_text(arabic, {.min = 1, .max = 5}), "ok:" + arabic);
  EXPECT_EQ(read_text(arabic, {.min = 1, .max = 4}), "too_long");
  EXPECT_EQ(read_text(arabic, {.min = 5, .max = 9}), "ok:" + arabic);
  EXPECT_EQ(read_text(arabic, {.min = 6, .max = 9}), "too_short");
  EXPECT_EQ(read_text(chinese, {.min = 4, .max = 4}), "ok:" + chinese);
  EXPECT_EQ(read_text(chinese, {.min = 1, .max = 3}), "too_long");
  EXPECT_EQ(read_text(chinese, {.min = 5, .max = 12}), "too_short");
  // An emoji outside the BMP is one character (two UTF-16 units, four bytes).
  EXPECT_EQ(read_text("\xF0\x9F\x98\x80", {.min = 1, .max = 1}), "ok:\xF0\x9F\x98\x80");
}

TEST(JsonReaderText, TooLongAndTooShortCarryTheirLimit) {
  auto object = object_of(R"({"a":"abcdef","b":"ab"})");
  FieldErrors errors;
  JsonReader reader(object, errors);
  EXPECT_FALSE(reader.text("a", true, {.min = 1, .max = 5}));
  EXPECT_FALSE(reader.text("b", true, {.min = 3, .max = 5}));
  ASSERT_EQ(errors.list().size(), 2u);
  EXPECT_EQ(errors.list()[0].code, "too_long");
  EXPECT_EQ(int_arg(errors.list()[0], "max"), 5);
  EXPECT_EQ(errors.list()[1].code, "too_short");
  EXPECT_EQ(int_arg(errors.list()[1], "min"), 3);
}

TEST(JsonReaderText, LengthIsMeasuredAfterTrimmingAndNormalising) {
  // "e" + COMBINING ACUTE is two code points that NFC makes one: it fits max 1.
  EXPECT_EQ(read_text("e\\u0301", {.min = 1, .max = 1}), "ok:\xC3\xA9");
  EXPECT_EQ(read_text("  ab  ", {.min = 1, .max = 2}), "ok:ab");
  // No-break space and ideographic space are trimmed too.
  EXPECT_EQ(read_text("\\u00A0ab\\u3000", {.min = 1, .max = 2}), "ok:ab");
}

TEST(JsonReaderText, BlankIsEmptyUnlessMinIsZero) {
  EXPECT_EQ(read_text("", {.min = 1, .max = 5}), "empty");
  EXPECT_EQ(read_text("   \\t ", {.min = 1, .max = 5}), "empty");
  EXPECT_EQ(read_text("\\u3000", {.min = 1, .max = 5}), "empty");
  EXPECT_EQ(read_text("", {.min = 0, .max = 5}), "ok:");
  EXPECT_EQ(read_text("  ", {.min = 0, .max = 5}), "ok:");
}

TEST(JsonReaderText, ControlCharactersAreRefused) {
  EXPECT_EQ(read_text("a\\u0000b"), "control_characters");
  EXPECT_EQ(read_text("a\\u0007b"), "control_characters");
  EXPECT_EQ(read_text("a\\u007Fb"), "control_characters");
  EXPECT_EQ(read_text("a\\u0085b"), "control_characters");  // C1 NEXT LINE
  EXPECT_EQ(read_text("a\\u2028b"), "control_characters");  // LINE SEPARATOR inside
  EXPECT_EQ(read_text("a\\nb"), "control_characters");
  EXPECT_EQ(read_text("a\\tb"), "control_characters");
}

TEST(JsonReaderText, MultilineAllowsNewlinesAndTabsOnly) {
  TextRule multiline{.min = 1, .max = 100, .multiline = true};
  EXPECT_EQ(read_text("a\\nb\\tc", multiline), "ok:a\nb\tc");
  EXPECT_EQ(read_text("a\\r\\nb", multiline), "ok:a\r\nb");
  EXPECT_EQ(read_text("a\\rb", multiline), "control_characters");
  EXPECT_EQ(read_text("a\\u0000b", multiline), "control_characters");
  EXPECT_EQ(read_text("a\\u001Bb", multiline), "control_characters");
}

// --- email -------------------------------------------------------------------------------------

std::string read_email(const std::string& value) {
  json::object object;
  object["email"] = value;
  FieldErrors errors;
  JsonReader reader(object, errors);
  auto email = reader.email("email", true);
  if (email) return "ok:" + *email;
  return errors.list().empty() ? "no error" : errors.list()[0].code;
}

TEST(JsonReaderEmail, AcceptsAndLowerCasesAsciiOnly) {
  EXPECT_EQ(read_email("a@b.co"), "ok:a@b.co");
  EXPECT_EQ(read_email("  Focal.Point@ITU.int "), "ok:focal.point@itu.int");
  // Non-ASCII letters are kept as they are (IDN local parts and domains).
  EXPECT_EQ(read_email("\xC3\x89lise@exemple.fr"), "ok:\xC3\x89lise@exemple.fr");
}

TEST(JsonReaderEmail, RefusesWhatIsNotAnAddress) {
  for (const char* bad : {"plainaddress", "@b.co", "a@b", "a@.co", "a@b.", "a@@b.co", "a@b@c.co", "a b@c.co"})
    EXPECT_EQ(read_email(bad), "invalid_email") << bad;
  EXPECT_EQ(read_email("a\x01@b.co"), "control_characters");
  EXPECT_EQ(read_email(std::string(250, 'a') + "@b.co"), "too_long");
}

TEST(FieldErrors, ToErrorListsEveryFieldInTheDetail) {
  FieldErrors errors;
  errors.add("title", "required");
  errors.add("countries/2", "unknown_code", {{"code", std::string("XXX")}});
  Error error = errors.to_error();
  EXPECT_EQ(error.code, ErrorCode::validation);
  EXPECT_EQ(error.detail, "invalid fields: title(required) countries/2(unknown_code)");
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(std::get<std::string>(error.fields[1].args[0].value), "XXX");
  EXPECT_EQ(errors.to_error(ErrorCode::invalid_query).code, ErrorCode::invalid_query);
}

}  // namespace
}  // namespace wsis
