#include "core/json_input.h"

#include <boost/json/parse.hpp>
#include <algorithm>

#include "core/text.h"

namespace json = boost::json;

namespace wsis {

Result<json::object> parse_json_object(std::string_view body) {
  if (!is_valid_utf8(body)) return make_error(ErrorCode::invalid_utf8, "request body is not valid UTF-8");
  json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  json::value value = json::parse(body, ec, {}, options);
  if (ec) return make_error(ErrorCode::malformed_json, "request body is not valid JSON: " + ec.message());
  if (!value.is_object()) {
    FieldErrors errors;
    errors.add("", "expected_object");
    return errors.to_error();
  }
  return std::move(value.as_object());
}

void FieldErrors::add(std::string field, std::string code, MessageArgs args) {
  errors_.push_back(FieldError{std::move(field), std::move(code), std::move(args)});
}

Error FieldErrors::to_error(ErrorCode code) const {
  Error e;
  e.code = code;
  e.detail = "invalid fields:";
  for (const auto& f : errors_) e.detail += " " + f.field + "(" + f.code + ")";
  e.fields = errors_;
  return e;
}

JsonReader::JsonReader(const json::object& object, FieldErrors& errors, std::string prefix)
    : object_(object), errors_(errors), prefix_(std::move(prefix)) {}

std::string JsonReader::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "/" + std::string(key);
}

const json::value* JsonReader::find(std::string_view key, bool required) {
  read_.emplace_back(key);
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) errors_.add(path(key), "required");
    return nullptr;
  }
  return v;
}

std::optional<std::string> check_text(std::string_view raw, const TextRule& rule, std::string_view field,
                                      FieldErrors& errors) {
  std::string_view trimmed = trim_spaces(raw);
  if (has_control_characters(trimmed, rule.multiline)) {
    errors.add(std::string(field), "control_characters");
    return std::nullopt;
  }
  std::string text = to_nfc(trimmed);
  std::size_t length = count_code_points(text);
  if (length == 0 && rule.min > 0) {
    errors.add(std::string(field), "empty");
    return std::nullopt;
  }
  if (length < rule.min) {
    errors.add(std::string(field), "too_short", {{"min", static_cast<std::int64_t>(rule.min)}});
    return std::nullopt;
  }
  if (length > rule.max) {
    errors.add(std::string(field), "too_long", {{"max", static_cast<std::int64_t>(rule.max)}});
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> JsonReader::text(std::string_view key, bool required, TextRule rule) {
  const json::value* v = find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    errors_.add(path(key), "expected_string");
    return std::nullopt;
  }
  const auto& s = v->as_string();
  return check_text(std::string_view(s.data(), s.size()), rule, path(key), errors_);
}

std::optional<std::int64_t> JsonReader::integer(std::string_view key, bool required, std::int64_t min,
                                                std::int64_t max) {
  const json::value* v = find(key, required);
  if (!v) return std::nullopt;
  std::int64_t n;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_uint64()) {
    n = INT64_MAX;
  } else {
    errors_.add(path(key), "expected_integer");
    return std::nullopt;
  }
  if (n < min || n > max) {
    errors_.add(path(key), "out_of_range", {{"min", min}, {"max", max}});
    return std::nullopt;
  }
  return n;
}

std::optional<bool> JsonReader::boolean(std::string_view key, bool required) {
  const json::value* v = find(key, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    errors_.add(path(key), "expected_boolean");
    return std::nullopt;
  }
  return v->as_bool();
}

const json::array* JsonReader::array(std::string_view key, bool required, std::size_t max_items) {
  const json::value* v = find(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    errors_.add(path(key), "expected_array");
    return nullptr;
  }
  if (v->as_array().size() > max_items) {
    errors_.add(path(key), "too_many_items", {{"max", static_cast<std::int64_t>(max_items)}});
    return nullptr;
  }
  return &v->as_array();
}

const json::object* JsonReader::object(std::string_view key, bool required) {
  const json::value* v = find(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    errors_.add(path(key), "expected_object");
    return nullptr;
  }
  return &v->as_object();
}

std::optional<std::string> JsonReader::email(std::string_view key, bool required) {
  auto value = text(key, required, TextRule{.min = 3, .max = 254});
  if (!value) return std::nullopt;
  std::string email = *value;
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c); });
  auto at = email.find('@');
  bool ok = at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
            email.find(' ') == std::string::npos;
  if (ok) {
    auto domain = std::string_view(email).substr(at + 1);
    auto dot = domain.find('.');
    ok = dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
  }
  if (!ok) {
    errors_.add(path(key), "invalid_email");
    return std::nullopt;
  }
  return email;
}

void JsonReader::reject_unknown_fields() {
  for (const auto& [key, value] : object_) {
    (void)value;
    if (std::find(read_.begin(), read_.end(), std::string_view(key)) == read_.end())
      errors_.add(path(key), "unknown_field");
  }
}

}  // namespace wsis
