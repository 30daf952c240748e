// Cursor pagination shared by every collection: `?cursor=&limit=`. A cursor is opaque to
// clients (unpadded base64url of a short id or a small JSON object), so a module can change
// what it keeps in one without breaking them, and keyset paging stays stable while rows are
// added, unlike offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.h"
#include "http/message.h"

namespace wsis::http {

struct PageLimits {
  int default_limit = 20;
  int max_limit = 100;
};

// What a client asked for. `after` is the decoded cursor ("" on the first page).
struct PageRequest {
  std::string after;
  int limit = 20;

  // The cursor read as a positive id; nullopt on the first page; invalid_query (field
  // "cursor", code invalid_cursor) when it holds anything else.
  Result<std::optional<std::int64_t>> after_id() const;
  // The cursor read as a JSON object; nullopt on the first page; invalid_query as above.
  Result<std::optional<boost::json::object>> after_object() const;
};

// Reads ?cursor= and ?limit= (at most 512 characters of cursor). Errors are one invalid_query
// (400) carrying every bad field: cursor -> invalid_cursor; limit -> expected_integer when it
// is not a number, out_of_range {min, max} when it is outside 1..max_limit.
Result<PageRequest> parse_page(const Request& request, PageLimits limits = {});

// The invalid_query error that parse_page and PageRequest return for a cursor, for modules
// that find a decoded cursor unusable later (e.g. a key of the wrong type).
Error invalid_cursor_error();

// Unpadded base64url of `payload`.
std::string encode_cursor(std::string_view payload);
std::string encode_id_cursor(std::int64_t id);
std::string encode_object_cursor(const boost::json::object& object);
// The payload of a cursor, or nullopt when it is not unpadded base64url.
std::optional<std::string> decode_cursor(std::string_view cursor);

// {"items": [...], "next_cursor": "..." | null}: the envelope of every paged answer.
boost::json::object page_body(boost::json::array items, const std::optional<std::string>& next_cursor);

}  // namespace wsis::http
