#include "search/query.h"

#include <algorithm>
#include <map>

namespace wsis::search {

namespace {

// Length of the UTF-8 sequence starting with `lead` (the input is valid UTF-8).
std::size_t sequence_length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

// A double quote at `at`: '"', U+201C or U+201D; its length in bytes, else 0.
std::size_t quote_at(std::string_view text, std::size_t at) {
  if (text[at] == '"') return 1;
  if (text.substr(at, 3) == "\u201C" || text.substr(at, 3) == "\u201D") return 3;
  return 0;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

struct Run {
  std::string_view text;
  bool phrase = false;
};

}  // namespace

std::string strip_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = std::min(sequence_length(c), text.size() - i);
    bool control = c < 0x20 || c == 0x7F;
    if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) control = true;  // U+0080..U+009F
    if (text.substr(i, n) == "\u2028" || text.substr(i, n) == "\u2029") control = true;
    if (control)
      out += ' ';
    else
      out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

ParsedQuery parse_query(const Analyzer& analyzer, std::string_view text) {
  ParsedQuery query;
  std::vector<Run> runs;
  bool phrase = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t q = quote_at(text, i)) {
      runs.push_back({text.substr(start, i - start), phrase});
      phrase = !phrase;
      i += q;
      start = i;
    } else {
      i += sequence_length(static_cast<unsigned char>(text[i]));
    }
  }
  runs.push_back({text.substr(std::min(start, text.size())), phrase});

  const auto languages = analyzer.candidate_languages(text);
  for (std::uint32_t r = 0; r < runs.size(); ++r) {
    if (runs[r].text.empty()) continue;
    // The forms of each word in every candidate language, by word number in the run.
    std::map<std::uint32_t, QueryWord> words;
    for (auto lang : languages) {
      for (auto& token : analyzer.analyze(runs[r].text, lang)) {
        auto& word = words[token.position];
        word.run = r;
        word.offset = token.position;
        word.in_phrase = runs[r].phrase;
        add_unique(word.terms, token.term);
        add_unique(word.surfaces, token.surface);
      }
    }
    for (auto& [position, word] : words) {
      if (query.words.size() == QueryLimits::max_words) {
        query.truncated = true;
        break;
      }
      query.words.push_back(std::move(word));
    }
  }
  // Type-ahead: only while the last word is being typed, outside quotes.
  if (!query.words.empty() && !text.empty() && !query.words.back().in_phrase) {
    auto last = static_cast<unsigned char>(text.back());
    query.last_is_prefix =
        last != ' ' && last != '"' && !text.ends_with("\u201D") && !text.ends_with("\u201C") && !query.truncated;
  }
  return query;
}

}  // namespace wsis::search
