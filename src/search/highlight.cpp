#include "search/highlight.h"

#include <vector>

#include "core/text.h"

namespace wsis::search {

namespace {

std::size_t sequence_length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

// A snippet is one line: line breaks and tabs become spaces.
void append_escaped(std::string& out, std::string_view text) {
  append_markup_escaped(out, text, MarkupWhitespace::as_space);
}

struct Span {
  std::size_t begin, end;
};

std::vector<Span> matched_words(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                                const MatchedForms& forms) {
  std::vector<Span> spans;
  for (const auto& token : analyzer.analyze(text, lang))
    if (forms.terms.count(token.term) || forms.surfaces.count(token.surface)) spans.push_back({token.begin, token.end});
  return spans;
}

// `text[from, to)` escaped, with the spans inside it marked.
std::string render(std::string_view text, std::size_t from, std::size_t to, const std::vector<Span>& spans) {
  std::string out;
  std::size_t at = from;
  for (const auto& span : spans) {
    if (span.begin < at || span.end > to) continue;
    append_escaped(out, text.substr(at, span.begin - at));
    out += "<mark>";
    append_escaped(out, text.substr(span.begin, span.end - span.begin));
    out += "</mark>";
    at = span.end;
  }
  append_escaped(out, text.substr(at, to - at));
  return out;
}

// The byte offset `chars` characters before (negative) or after `at`, within the text.
std::size_t move_by(std::string_view text, std::size_t at, long chars) {
  for (; chars < 0 && at > 0; ++chars) {
    --at;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  }
  for (; chars > 0 && at < text.size(); --chars)
    at = std::min(text.size(), at + sequence_length(static_cast<unsigned char>(text[at])));
  return at;
}

}  // namespace

std::string highlight(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                      const MatchedForms& forms) {
  return render(text, 0, text.size(), matched_words(analyzer, text, lang, forms));
}

std::string snippet(const Analyzer& analyzer, std::string_view text, std::string_view lang, const MatchedForms& forms,
                    std::size_t max_chars) {
  auto spans = matched_words(analyzer, text, lang, forms);
  std::size_t from = 0;
  if (!spans.empty()) {
    // A little context before the first match, starting at a word.
    from = move_by(text, spans.front().begin, -static_cast<long>(max_chars / 4));
    if (from > 0) {
      auto space = text.find(' ', from);
      if (space != std::string_view::npos && space < spans.front().begin) from = space + 1;
    }
  }
  std::size_t to = move_by(text, from, static_cast<long>(max_chars));
  if (to < text.size()) {
    auto space = text.rfind(' ', to);
    if (space != std::string_view::npos && space > from + (to - from) * 3 / 4) to = space;
  }
  std::string out;
  if (from > 0) out += "…";
  out += render(text, from, to, spans);
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace wsis::search
