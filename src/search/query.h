// A search query as the index reads it: the words of `q`, each with its forms in every
// language the query could be in (Analyzer::candidate_languages), grouped in runs: the quoted
// phrases and the text between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/analyzer.h"

namespace wsis::search {

struct QueryLimits {
  static constexpr std::size_t max_chars = 500;  // longer: 400 (too_long on q)
  static constexpr std::size_t max_words = 32;   // further words are dropped, not an error
};

struct QueryWord {
  std::uint32_t run = 0;     // which run (quoted phrase or unquoted text) the word is in
  std::uint32_t offset = 0;  // its word number within the run, for phrases
  bool in_phrase = false;
  std::vector<std::string> terms;     // indexed forms, one per candidate language, without repeats
  std::vector<std::string> surfaces;  // unstemmed forms, for prefixes, typos and concept names
};

struct ParsedQuery {
  std::vector<QueryWord> words;
  // The last word is still being typed (the text does not end in a space or a quote): it also
  // matches the words it begins, when it is not itself a word of the index ("connec" finds
  // "connectivity"; "in" is taken as typed rather than as the start of "information",
  // "innovation" and every other word it begins).
  bool last_is_prefix = false;
  // Type-ahead (suggest) completes even a known word: "health" proposes "healthcare".
  bool complete_known_word = false;
  bool truncated = false;  // words beyond max_words were dropped
  bool empty() const { return words.empty(); }
};

// Control characters (C0, DEL, C1, U+2028/9) replaced by spaces: a pasted tab or line break is
// a word boundary, not an error. Expects valid UTF-8.
std::string strip_controls(std::string_view text);

// Straight and curly double quotes delimit phrases; an unbalanced quote makes a phrase of the
// rest of the text. Expects valid UTF-8 without control characters (strip_controls).
ParsedQuery parse_query(const Analyzer& analyzer, std::string_view text);

}  // namespace wsis::search
