// The reference vocabulary as search sees it: every name of an action line, SDG goal and SDG
// target in the six languages (titles, short titles, codes, and the aliases people use,
// data/search/concept_aliases.json), analysed with the same Analyzer as the entries. A query
// that names one of them in any language also matches the entries linked to it.
// Built once; read-only afterwards (any thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reference/reference_data.h"
#include "search/analyzer.h"
#include "search/query.h"

namespace wsis::search {

struct Concept {
  enum class Kind { action_line, sdg, target };
  Kind kind;
  std::string code;  // "C7-e-health", "3" (a goal's number), "3.8"
};

std::string_view kind_name(Concept::Kind kind);  // "action_line", "sdg", "target"

class ConceptVocabulary {
 public:
  struct Name {
    std::uint32_t concept_index = 0;
    std::string lang;  // the language of the name
    std::string text;  // as written in the reference data
    std::vector<std::string> terms, surfaces;
  };
  // A run of query words naming a concept: words [first, first + count).
  struct Span {
    std::uint32_t concept_index = 0;
    std::uint32_t first = 0, count = 0;
  };

  // Throws std::runtime_error when the aliases file is malformed or names an unknown code (a
  // binary with broken data must not start, as for the reference data).
  ConceptVocabulary(const Analyzer& analyzer, const reference::ReferenceData& reference, std::string_view aliases_json);

  const std::vector<Concept>& concepts() const { return concepts_; }
  const std::vector<Name>& names() const { return names_; }

  // Every run of consecutive words of one query run that spells a name exactly (each word by
  // its indexed form or its surface), at most one span per concept and first word.
  std::vector<Span> find(const ParsedQuery& query) const;

  // Names whose words include every query word, the last one as a prefix of a name word; at
  // most one name per concept, in `lang` when one of that language fits.
  std::vector<const Name*> complete(const ParsedQuery& query, std::string_view lang, std::size_t limit) const;

 private:
  void add(const Analyzer& analyzer, std::uint32_t concept_index, std::string_view lang, std::string_view text);

  std::vector<Concept> concepts_;
  std::vector<Name> names_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_form_;  // term or surface -> names
};

}  // namespace wsis::search
