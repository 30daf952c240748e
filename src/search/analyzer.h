// Text analysis for search: one Analyzer turns a text in one of the six languages into the
// terms the index stores and the query looks up. The same code analyses entries and queries,
// so that they meet. Thread-safe: one instance serves every request thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wsis::search {

struct Token {
  std::string term;        // the indexed form: normalised (NFKC, case folded), language folds, stemmed
  std::string surface;     // normalised and folded, not stemmed: for prefix and typo matching
  std::uint32_t position;  // word number in the text, for phrase queries
  std::uint32_t begin;     // byte offsets of the word in the original text, for highlighting
  std::uint32_t end;
};

class Analyzer {
 public:
  // Text past this many bytes is not analysed (a bound on the work one call can cost).
  static constexpr std::size_t kMaxTextBytes = 4u << 20;

  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // `lang` is one of ar en es fr ru zh (anything else: no stemming). Never throws; invalid
  // UTF-8 is replaced, not fatal.
  std::vector<Token> analyze(std::string_view text, std::string_view lang) const;

  // The languages a query in this text could be in, judged by its scripts (Arabic script: ar;
  // Cyrillic: ru; Han: zh; Latin: en fr es), so that a query is analysed as each of them.
  std::vector<std::string_view> candidate_languages(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wsis::search
