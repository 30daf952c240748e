// The character folds of text analysis (docs/SEARCH.md, "Text analysis"), applied to one
// word after NFKC and case folding. Internal to src/search; separate so each fold is tested
// with its own vectors.
#pragma once

#include <unicode/unistr.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsis::search::analysis {

// Arabic: removes tashkeel and tatweel, folds أ إ آ ٱ to ا, ى to ي, Persian ی to ي and ک to ك,
// Arabic-Indic and Eastern Arabic-Indic digits to ASCII (and the Arabic decimal and thousands
// separators to . and ,). Russian: ё to е. Also the typographic
// apostrophe ’ to ', so that both spellings of "l’école" meet. In place.
void fold_characters(icu::UnicodeString& word);

// ة to ه. Apart from fold_characters because it runs after the Arabic stemmer, which removes
// ة as the feminine ending but would take a final ه for a pronoun.
void fold_teh_marbuta(icu::UnicodeString& word);

// Drops the Arabic definite article and the particles joined to it (ال وال بال كال فال لل) when
// at least three letters remain: Snowball's Arabic stemmer keeps it on words with a feminine
// ending ("الصحة" stays apart from "صحة" without this).
void strip_arabic_article(icu::UnicodeString& word);

// The length of a French elision (l' d' j' m' n' s' t' c' qu') at the front of a case-folded
// word whose ’ is folded to ', when something follows it; 0 if none. Applied to every word:
// "Côte d'Ivoire" appears in any language.
template <class Char>
std::size_t elision_length(std::basic_string_view<Char> word) {
  static constexpr std::string_view kOneLetter = "ldjmnstc";
  auto is = [&](std::size_t i, char c) { return word[i] == static_cast<Char>(c); };
  if (word.size() > 2 && is(1, '\'') && static_cast<std::uint32_t>(word[0]) < 0x80 &&
      kOneLetter.find(static_cast<char>(word[0])) != kOneLetter.npos)
    return 2;
  if (word.size() > 3 && is(2, '\'') && is(0, 'q') && is(1, 'u')) return 3;
  return 0;
}

void strip_elision(icu::UnicodeString& word);

// Removes the accents of Latin letters (é → e, ç → c, ñ → n), not of other scripts (Russian й
// keeps its breve). `word` is already NFKC and case folded.
void strip_latin_accents(icu::UnicodeString& word);

// Puts back the accent of a suffix that the French or Spanish stemmer only recognises accented,
// on a word written without any accent ("securite" → "securité", "informacion" → "información",
// "tecnologia" → "tecnología"), so that it meets the accented spelling after stemming. `word` is
// folded UTF-8; words with any non-ASCII byte are left alone (their writer used accents).
void restore_french_suffix_accent(std::string& word);
void restore_spanish_suffix_accent(std::string& word);

}  // namespace wsis::search::analysis
