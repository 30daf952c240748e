#include "search/analysis_folds.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace wsis::search::analysis {

namespace {

bool is_arabic_diacritic(UChar c) {
  return (c >= 0x064B && c <= 0x065F)     // harakat, tanwin, shadda, sukun, hamza above/below
         || c == 0x0670                   // superscript alef
         || (c >= 0x0610 && c <= 0x061A)  // honorifics and Quranic signs written over letters
         || (c >= 0x06D6 && c <= 0x06ED)  // Quranic annotation marks
         || c == 0x0640;                  // tatweel: stretches a word, carries no meaning
}

// One UTF-16 unit to one other (or none): every fold below stays in the BMP.
UChar fold(UChar c) {
  switch (c) {
    case 0x0623:      // أ
    case 0x0625:      // إ
    case 0x0622:      // آ
    case 0x0671:      // ٱ
      return 0x0627;  // ا
    case 0x0649:      // ى alef maqsura
    case 0x06CC:      // ی Persian yeh
      return 0x064A;  // ي
    case 0x06A9:      // ک Persian keheh
      return 0x0643;  // ك
    case 0x0451:      // ё
      return 0x0435;  // е
    case 0x066B:      // ٫ Arabic decimal separator
      return u'.';
    case 0x066C:  // ٬ Arabic thousands separator
      return u',';
    case 0x2019:      // ’
      return 0x0027;  // '
    default:
      if (c >= 0x0660 && c <= 0x0669) return static_cast<UChar>(u'0' + (c - 0x0660));  // ٠-٩
      if (c >= 0x06F0 && c <= 0x06F9) return static_cast<UChar>(u'0' + (c - 0x06F0));  // ۰-۹
      return c;
  }
}

}  // namespace

void fold_characters(icu::UnicodeString& word) {
  // Most words need no fold: look before building a new string.
  int32_t first = 0;
  while (first < word.length() && !is_arabic_diacritic(word.charAt(first)) &&
         fold(word.charAt(first)) == word.charAt(first))
    ++first;
  if (first == word.length()) return;
  icu::UnicodeString out(word, 0, first);
  for (int32_t i = first; i < word.length(); ++i) {
    UChar c = word.charAt(i);
    if (!is_arabic_diacritic(c)) out.append(fold(c));
  }
  word = std::move(out);
}

void fold_teh_marbuta(icu::UnicodeString& word) {
  if (word.indexOf(u'\u0629') < 0) return;
  word.findAndReplace(icu::UnicodeString(u'\u0629'), icu::UnicodeString(u'\u0647'));
}

void strip_arabic_article(icu::UnicodeString& word) {
  static constexpr const char16_t* kArticles[] = {u"وال", u"بال", u"كال", u"فال", u"لل", u"ال"};
  for (const char16_t* article : kArticles) {
    int32_t length = static_cast<int32_t>(std::char_traits<char16_t>::length(article));
    if (word.length() >= length + 3 && word.startsWith(icu::UnicodeString(article, length))) {
      word.remove(0, length);
      return;
    }
  }
}

void strip_elision(icu::UnicodeString& word) {
  std::size_t length = elision_length(std::u16string_view(word.getBuffer(), static_cast<std::size_t>(word.length())));
  if (length > 0) word.remove(0, static_cast<int32_t>(length));
}

namespace {

// Letters with no decomposition that readers still treat as accented forms.
std::u16string_view undecomposable_base(UChar32 c) {
  switch (c) {
    case 0x00F8:
      return u"o";  // ø
    case 0x0142:
      return u"l";  // ł
    case 0x0111:
      return u"d";  // đ
    case 0x00E6:
      return u"ae";  // æ
    case 0x0153:
      return u"oe";  // œ: "cœur" and "coeur"
    default:
      return {};
  }
}

// The rule: decompose, drop the marks that follow a Latin letter, recompose.
void strip_latin_accents_by_decomposition(icu::UnicodeString& word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return;
  icu::UnicodeString decomposed = nfd->normalize(word, status);
  if (U_FAILURE(status)) return;

  icu::UnicodeString out;
  bool after_latin = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (!after_latin) out.append(c);
      continue;
    }
    UErrorCode script_status = U_ZERO_ERROR;
    after_latin = uscript_getScript(c, &script_status) == USCRIPT_LATIN;
    std::u16string_view base = undecomposable_base(c);
    if (base.empty())
      out.append(c);
    else
      out.append(base.data(), static_cast<int32_t>(base.size()));
  }
  word = nfc->normalize(out, status);
  if (U_FAILURE(status)) word = out;
}

// The same rule worked out once for Latin-1 and Latin Extended-A and -B, where nearly every
// accented letter of the six languages' texts lies: the analysis of a French or Spanish word
// then needs no normalisation pass.
constexpr UChar kTableStart = 0x80, kTableEnd = 0x250;
using AccentTable = std::array<std::array<UChar, 2>, kTableEnd - kTableStart>;

const AccentTable& accent_table() {
  static const AccentTable table = [] {
    AccentTable built{};
    for (UChar c = kTableStart; c < kTableEnd; ++c) {
      icu::UnicodeString letter(c);
      strip_latin_accents_by_decomposition(letter);
      auto& entry = built[c - kTableStart];
      entry = {c, 0};
      if (letter.length() >= 1 && letter.length() <= 2)
        entry = {letter.charAt(0), letter.length() == 2 ? letter.charAt(1) : UChar{0}};
    }
    return built;
  }();
  return table;
}

}  // namespace

void strip_latin_accents(icu::UnicodeString& word) {
  const AccentTable& table = accent_table();
  bool changes = false;
  for (int32_t i = 0; i < word.length(); ++i) {
    UChar c = word.charAt(i);
    if (c < kTableStart) continue;
    if (c < kTableEnd) {
      changes = changes || table[c - kTableStart][0] != c;
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    if (u_charType(c) == U_NON_SPACING_MARK || uscript_getScript(c, &status) == USCRIPT_LATIN) {
      strip_latin_accents_by_decomposition(word);  // Vietnamese, or a mark with no precomposed form
      return;
    }
  }
  if (!changes) return;
  icu::UnicodeString out;
  for (int32_t i = 0; i < word.length(); ++i) {
    UChar c = word.charAt(i);
    if (c < kTableStart || c >= kTableEnd) {
      out.append(c);
      continue;
    }
    const auto& entry = table[c - kTableStart];
    out.append(entry[0]);
    if (entry[1] != 0) out.append(entry[1]);
  }
  word = std::move(out);
}

namespace {

bool is_ascii(const std::string& word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Replaces the ending `plain` by `accented` when the word ends with it, after at least three
// letters (short words have no suffix for the stemmers to take).
bool replace_ending(std::string& word, std::string_view plain, std::string_view accented) {
  if (word.size() < plain.size() + 3 || !word.ends_with(plain)) return false;
  word.replace(word.size() - plain.size(), plain.size(), accented);
  return true;
}

}  // namespace

void restore_french_suffix_accent(std::string& word) {
  if (!is_ascii(word)) return;
  replace_ending(word, "ites", "ités") || replace_ending(word, "ite", "ité");
}

void restore_spanish_suffix_accent(std::string& word) {
  if (!is_ascii(word)) return;
  replace_ending(word, "cion", "ción") || replace_ending(word, "ias", "ías") || replace_ending(word, "ia", "ía");
}

}  // namespace wsis::search::analysis
