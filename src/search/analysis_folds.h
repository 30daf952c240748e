// The character folds of text analysis (docs/SEARCH.md, "Text analysis"), applied to one
// word after NFKC and case folding. Internal to src/search; separate so each fold is tested
// with its own vectors.
#pragma once

#include <unicode/unistr.h>

namespace wsis::search::analysis {

// Arabic: removes tashkeel and tatweel, folds أ إ آ ٱ to ا, ى to ي, Persian ی to ي and ک to ك,
// Arabic-Indic and Eastern Arabic-Indic digits to ASCII. Russian: ё to е. Also the typographic
// apostrophe ’ to ', so that both spellings of "l’école" meet. In place.
void fold_characters(icu::UnicodeString& word);

// ة to ه. Apart from fold_characters because it runs after the Arabic stemmer, which removes
// ة as the feminine ending but would take a final ه for a pronoun.
void fold_teh_marbuta(icu::UnicodeString& word);

// Drops the Arabic definite article and the particles joined to it (ال وال بال كال فال لل) when
// at least three letters remain: Snowball's Arabic stemmer keeps it on words with a feminine
// ending ("الصحة" stays apart from "صحة" without this).
void strip_arabic_article(icu::UnicodeString& word);

// Drops a French elision (l' d' j' m' n' s' t' c' qu') from the front of a folded word, when
// something follows it. Applied to every word: "Côte d'Ivoire" appears in any language.
void strip_elision(icu::UnicodeString& word);

// Removes the accents of Latin letters (é → e, ç → c, ñ → n), not of other scripts (Russian й
// keeps its breve). `word` is already NFKC and case folded.
void strip_latin_accents(icu::UnicodeString& word);

}  // namespace wsis::search::analysis
