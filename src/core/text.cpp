#include "core/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <boost/url/parse.hpp>

namespace wsis {

bool is_valid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(bytes.size());
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);  // ICU rejects overlongs, surrogates and values past U+10FFFF
    if (c < 0) return false;
  }
  return true;
}

std::size_t count_code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool has_control_characters(std::string_view utf8, bool allow_newlines) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return true;
    if (c == '\n' || c == '\t') {
      if (!allow_newlines) return true;
      continue;
    }
    if (c == '\r') {
      if (!allow_newlines || i >= length || s[i] != '\n') return true;
      continue;
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029) return true;
  }
  return false;
}

std::string to_nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(text, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfc->normalize(text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

bool is_web_url(std::string_view text) {
  // A URI, not an absolute-URI: the latter has no fragment. Schemes are case-insensitive
  // (RFC 3986 3.1), which scheme_id() accounts for.
  auto url = boost::urls::parse_uri(text);
  if (!url) return false;
  auto scheme = url->scheme_id();
  return (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) && url->has_authority() &&
         !url->host().empty() && !url->has_userinfo();
}

std::string_view trim_spaces(std::string_view utf8) {
  auto is_space_at_front = [&](int32_t& width) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    int32_t i = 0, length = static_cast<int32_t>(utf8.size());
    UChar32 c;
    U8_NEXT(s, i, length, c);
    width = i;
    return c >= 0 && u_isUWhiteSpace(c);
  };
  auto is_space_at_back = [&](int32_t& width) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    int32_t length = static_cast<int32_t>(utf8.size());
    int32_t i = length;
    UChar32 c;
    U8_PREV(s, 0, i, c);
    width = length - i;
    return c >= 0 && u_isUWhiteSpace(c);
  };
  int32_t width = 0;
  while (!utf8.empty() && is_space_at_front(width)) utf8.remove_prefix(static_cast<std::size_t>(width));
  while (!utf8.empty() && is_space_at_back(width)) utf8.remove_suffix(static_cast<std::size_t>(width));
  return utf8;
}

void append_markup_escaped(std::string& out, std::string_view text, MarkupWhitespace whitespace) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n':
      case '\t':
        out += whitespace == MarkupWhitespace::as_space ? ' ' : c;
        break;
      case '\r':
        if (whitespace == MarkupWhitespace::as_space) out += ' ';
        else if (whitespace == MarkupWhitespace::carriage_return_as_reference) out += "&#13;";
        else out += c;
        break;
      default: out += c;
    }
  }
}

}  // namespace wsis
