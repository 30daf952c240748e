// Reading untrusted JSON: parsing with limits, and a reader that checks each field's type,
// length and presence and collects every problem as a field error (so a form can show them all
// at once) instead of stopping at the first.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wsis {

// Parses a request body: invalid UTF-8 -> invalid_utf8, bad syntax or nesting deeper than 32
// -> malformed_json, anything but an object -> validation error on the root.
Result<boost::json::object> parse_json_object(std::string_view body);

class FieldErrors {
 public:
  void add(std::string field, std::string code, MessageArgs args = {});
  bool empty() const { return errors_.empty(); }
  const std::vector<FieldError>& list() const { return errors_; }
  // The collected errors as one validation Error.
  Error to_error(ErrorCode code = ErrorCode::validation) const;

 private:
  std::vector<FieldError> errors_;
};

struct TextRule {
  std::size_t min = 1;       // in characters, after trimming; min 0 allows ""
  std::size_t max = 200;     // in characters
  bool multiline = false;    // allows \n and \t
};

class JsonReader {
 public:
  JsonReader(const boost::json::object& object, FieldErrors& errors, std::string prefix = {});

  // Text, trimmed and NFC-normalised; nullopt when absent/null (error if required) or invalid.
  std::optional<std::string> text(std::string_view key, bool required, TextRule rule = {});
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);
  const boost::json::array* array(std::string_view key, bool required, std::size_t max_items);
  const boost::json::object* object(std::string_view key, bool required);
  // An email address: trimmed, lower-cased, at most 254 characters, one "@", a dot in the domain.
  std::optional<std::string> email(std::string_view key, bool required);

  // Adds an "unknown_field" error for every key none of the accessors above asked for; call
  // last. Catches typos in field names that would otherwise be silently ignored.
  void reject_unknown_fields();

  std::string path(std::string_view key) const;
  FieldErrors& errors() { return errors_; }

 private:
  const boost::json::value* find(std::string_view key, bool required);

  const boost::json::object& object_;
  FieldErrors& errors_;
  std::string prefix_;
  std::vector<std::string> read_;
};

// Checks one string against a rule, adding errors under `field`; returns the cleaned text.
std::optional<std::string> check_text(std::string_view raw, const TextRule& rule, std::string_view field,
                                      FieldErrors& errors);

}  // namespace wsis
