#include "http/pagination.h"

#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/json_input.h"
#include "core/random.h"

namespace wsis::http {

namespace {

constexpr std::size_t kMaxCursorChars = 512;

bool is_base64url(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Error invalid_cursor_error() {
  FieldErrors errors;
  errors.add("cursor", "invalid_cursor");
  return errors.to_error(ErrorCode::invalid_query);
}

std::string encode_cursor(std::string_view payload) {
  ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(payload.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string encode_id_cursor(std::int64_t id) { return encode_cursor(std::to_string(id)); }

std::string encode_object_cursor(const boost::json::object& object) {
  return encode_cursor(boost::json::serialize(object));
}

std::optional<std::string> decode_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > kMaxCursorChars || !is_base64url(cursor)) return std::nullopt;
  ensure_sodium();
  std::string out(cursor.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), cursor.data(), cursor.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != cursor.data() + cursor.size())
    return std::nullopt;
  out.resize(length);
  return out;
}

Result<PageRequest> parse_page(const Request& request, PageLimits limits) {
  FieldErrors errors;
  PageRequest page;
  page.limit = limits.default_limit;
  if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
    auto decoded = decode_cursor(*cursor);
    if (decoded && !decoded->empty())
      page.after = std::move(*decoded);
    else
      errors.add("cursor", "invalid_cursor");
  }
  if (auto limit = request.query_param("limit"); limit) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (limit->empty() || ptr != limit->data() + limit->size() || ec == std::errc::invalid_argument) {
      errors.add("limit", "expected_integer");
    } else if (ec == std::errc::result_out_of_range || value < 1 || value > limits.max_limit) {
      errors.add("limit", "out_of_range", {{"min", std::int64_t{1}}, {"max", std::int64_t{limits.max_limit}}});
    } else {
      page.limit = static_cast<int>(value);
    }
  }
  if (!errors.empty()) return errors.to_error(ErrorCode::invalid_query);
  return page;
}

Result<std::optional<std::int64_t>> PageRequest::after_id() const {
  if (after.empty()) return std::optional<std::int64_t>{};
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(after.data(), after.data() + after.size(), id);
  if (ec != std::errc() || ptr != after.data() + after.size() || id < 0) return invalid_cursor_error();
  return std::optional<std::int64_t>{id};
}

Result<std::optional<boost::json::object>> PageRequest::after_object() const {
  if (after.empty()) return std::optional<boost::json::object>{};
  // The cursor came from a client: parsed with the same limits as any request body.
  auto parsed = parse_json_object(after);
  if (!parsed) return invalid_cursor_error();
  return std::optional<boost::json::object>{std::move(*parsed)};
}

boost::json::object page_body(boost::json::array items, const std::optional<std::string>& next_cursor) {
  boost::json::object body;
  body["items"] = std::move(items);
  body["next_cursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return body;
}

}  // namespace wsis::http
