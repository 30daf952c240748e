#include "search/concepts.h"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "core/language.h"

namespace json = boost::json;

namespace wsis::search {

std::string_view kind_name(Concept::Kind kind) {
  switch (kind) {
    case Concept::Kind::action_line:
      return "action_line";
    case Concept::Kind::sdg:
      return "sdg";
    case Concept::Kind::target:
      return "target";
  }
  return "";
}

namespace {

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A query word spells a name's word when one of its forms is that word's indexed form or surface.
bool spells(const QueryWord& word, const ConceptVocabulary::Name& name, std::size_t k) {
  return has(word.terms, name.terms[k]) || has(word.surfaces, name.surfaces[k]);
}

}  // namespace

ConceptVocabulary::ConceptVocabulary(const Analyzer& analyzer, const reference::ReferenceData& reference,
                                     std::string_view aliases_json) {
  std::unordered_map<std::string, std::uint32_t> index;  // "C5", "sdg:3", "target:3.8"
  auto add_concept = [&](Concept::Kind kind, std::string code, std::string key) {
    auto at = static_cast<std::uint32_t>(concepts_.size());
    concepts_.push_back({kind, std::move(code)});
    index.emplace(std::move(key), at);
    return at;
  };
  auto add_texts = [&](std::uint32_t at, const reference::Texts& texts) {
    for (std::size_t l = 0; l < kLanguages.size(); ++l) add(analyzer, at, kLanguages[l], texts[l]);
  };
  for (const auto& line : reference.action_lines()) {
    auto at = add_concept(Concept::Kind::action_line, line.code, line.code);
    add_texts(at, line.short_title);
    add_texts(at, line.title);
    add(analyzer, at, "en", line.code);
  }
  for (const auto& goal : reference.goals()) {
    auto at = add_concept(Concept::Kind::sdg, goal.code, "sdg:" + goal.code);
    add_texts(at, goal.short_title);
    add_texts(at, goal.title);
    // "SDG 4" in English, "ODD 4" in French and Spanish, "ЦУР 4" in Russian.
    add(analyzer, at, "en", "SDG " + goal.code);
    add(analyzer, at, "fr", "ODD " + goal.code);
    add(analyzer, at, "ru", "ЦУР " + goal.code);
  }
  for (const auto& target : reference.targets()) {
    auto at = add_concept(Concept::Kind::target, target.code, "target:" + target.code);
    add_texts(at, target.title);
    add(analyzer, at, "en", target.code);
  }

  std::error_code ec;
  auto aliases = json::parse(aliases_json, ec);
  if (ec || !aliases.is_object()) throw std::runtime_error("concept_aliases.json: not a JSON object");
  for (const auto& [key, value] : aliases.as_object()) {
    if (key.starts_with("_")) continue;
    auto it = index.find(std::string(key));
    if (it == index.end() || !value.is_object())
      throw std::runtime_error("concept_aliases.json: unknown concept " + std::string(key));
    for (const auto& [lang, list] : value.as_object()) {
      if (!is_supported_language(lang) || !list.is_array())
        throw std::runtime_error("concept_aliases.json: bad language list under " + std::string(key));
      for (const auto& alias : list.as_array()) {
        if (!alias.is_string())
          throw std::runtime_error("concept_aliases.json: non-text alias under " + std::string(key));
        add(analyzer, it->second, lang, alias.as_string());
      }
    }
  }
}

void ConceptVocabulary::add(const Analyzer& analyzer, std::uint32_t concept_index, std::string_view lang,
                            std::string_view text) {
  Name name{concept_index, std::string(lang), std::string(text), {}, {}};
  for (auto& token : analyzer.analyze(text, lang)) {
    name.terms.push_back(std::move(token.term));
    name.surfaces.push_back(std::move(token.surface));
  }
  if (name.terms.empty()) return;
  auto at = static_cast<std::uint32_t>(names_.size());
  by_first_form_[name.terms[0]].push_back(at);
  if (name.surfaces[0] != name.terms[0]) by_first_form_[name.surfaces[0]].push_back(at);
  names_.push_back(std::move(name));
}

std::vector<ConceptVocabulary::Span> ConceptVocabulary::find(const ParsedQuery& query) const {
  std::vector<Span> spans;
  const auto& words = query.words;
  for (std::uint32_t first = 0; first < words.size(); ++first) {
    std::vector<std::uint32_t> candidates;
    for (const auto* forms : {&words[first].terms, &words[first].surfaces})
      for (const auto& form : *forms)
        if (auto it = by_first_form_.find(form); it != by_first_form_.end())
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (auto n : candidates) {
      const Name& name = names_[n];
      std::size_t count = name.terms.size();
      if (first + count > words.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < count && match; ++k) {
        const QueryWord& word = words[first + k];
        match = word.run == words[first].run && word.offset == words[first].offset + k && spells(word, name, k);
      }
      if (!match) continue;
      auto same = [&](const Span& s) { return s.concept_index == name.concept_index && s.first == first; };
      auto existing = std::find_if(spans.begin(), spans.end(), same);
      if (existing == spans.end())
        spans.push_back({name.concept_index, first, static_cast<std::uint32_t>(count)});
      else
        existing->count = std::max(existing->count, static_cast<std::uint32_t>(count));
    }
  }
  return spans;
}

std::vector<const ConceptVocabulary::Name*> ConceptVocabulary::complete(const ParsedQuery& query, std::string_view lang,
                                                                        std::size_t limit) const {
  std::vector<const Name*> found;
  if (query.words.empty()) return found;
  const QueryWord& last = query.words.back();
  auto fits = [&](const Name& name) {
    for (std::size_t w = 0; w + 1 < query.words.size(); ++w) {
      bool any = false;
      for (std::size_t k = 0; k < name.terms.size() && !any; ++k) any = spells(query.words[w], name, k);
      if (!any) return false;
    }
    for (const auto& surface : name.surfaces)
      for (const auto& prefix : last.surfaces)
        if (surface.starts_with(prefix)) return true;
    return false;
  };
  // Names in the caller's language first, then the others; one per concept, shortest first
  // (a short title before the long one).
  std::vector<const Name*> fitting;
  for (const auto& name : names_)
    if (fits(name)) fitting.push_back(&name);
  std::stable_sort(fitting.begin(), fitting.end(), [&](const Name* a, const Name* b) {
    bool a_lang = a->lang == lang, b_lang = b->lang == lang;
    if (a_lang != b_lang) return a_lang;
    return a->terms.size() < b->terms.size();
  });
  std::vector<std::uint32_t> seen;
  for (const Name* name : fitting) {
    if (found.size() == limit) break;
    if (std::find(seen.begin(), seen.end(), name->concept_index) != seen.end()) continue;
    seen.push_back(name->concept_index);
    found.push_back(name);
  }
  return found;
}

}  // namespace wsis::search
