// Result texts with the words a query matched marked: HTML-escaped text in which only
// <mark>…</mark> is markup, so a client may insert it as HTML whatever the entry contains.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "search/analyzer.h"
#include "search/index.h"

namespace wsis::search {

// The whole text, escaped, with each word whose indexed form or surface the query matched in
// <mark>. `lang` is the text's language (it is analysed as the index analysed it).
std::string highlight(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                      const MatchedForms& forms);

// About `max_chars` characters of the text around its first matched word (its start when none
// matched), line breaks as spaces, "…" where it was cut, marked and escaped as highlight().
std::string snippet(const Analyzer& analyzer, std::string_view text, std::string_view lang, const MatchedForms& forms,
                    std::size_t max_chars);

}  // namespace wsis::search
