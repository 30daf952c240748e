// Text checks shared by every module's validation: UTF-8 validity, length in characters,
// control characters, Unicode normalisation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wsis {

bool is_valid_utf8(std::string_view bytes);

// Number of Unicode code points in valid UTF-8 (limits are in characters, not bytes, so that
// an Arabic or Chinese title gets the same room as an English one).
std::size_t count_code_points(std::string_view utf8);

// True if the text has C0/C1 control characters or U+2028/9; with `allow_newlines`, "\n" and
// "\t" are allowed (and "\r" as part of "\r\n").
bool has_control_characters(std::string_view utf8, bool allow_newlines);

// NFC form of valid UTF-8 (ICU). Stored text is NFC so that equal strings compare equal.
std::string to_nfc(std::string_view utf8);

// A web address people can be sent to: http or https (any case), a host, no user info
// ("https://trusted.example@evil.example" shows one host and opens another), a fragment
// allowed ("https://example.org/report#results"). The one rule for every website field.
bool is_web_url(std::string_view text);

// Appends `text` escaped for HTML or XML content and attribute values (& < > " '). Line
// breaks and tabs are kept, or, by choice, written as spaces (a one-line snippet) or "\r" as
// a character reference (XML attribute values keep their line breaks).
enum class MarkupWhitespace { keep, as_space, carriage_return_as_reference };
void append_markup_escaped(std::string& out, std::string_view text,
                           MarkupWhitespace whitespace = MarkupWhitespace::keep);

// Trims ASCII and Unicode white space at both ends.
std::string_view trim_spaces(std::string_view utf8);

}  // namespace wsis
