#include "search/analysis_folds.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

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
  icu::UnicodeString out;
  bool changed = false;
  for (int32_t i = 0; i < word.length(); ++i) {
    UChar c = word.charAt(i);
    if (is_arabic_diacritic(c)) {
      changed = true;
      continue;
    }
    UChar f = fold(c);
    changed = changed || f != c;
    out.append(f);
  }
  if (changed) word = std::move(out);
}

void fold_teh_marbuta(icu::UnicodeString& word) {
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
  // Case folded already, and ’ folded to '.
  static constexpr const char16_t* kElisions[] = {u"qu'", u"l'", u"d'", u"j'", u"m'", u"n'", u"s'", u"t'", u"c'"};
  for (const char16_t* elision : kElisions) {
    int32_t length = static_cast<int32_t>(std::char_traits<char16_t>::length(elision));
    if (word.length() > length && word.startsWith(icu::UnicodeString(elision, length))) {
      word.remove(0, length);
      return;
    }
  }
}

void strip_latin_accents(icu::UnicodeString& word) {
  bool ascii = true;
  for (int32_t i = 0; i < word.length() && ascii; ++i) ascii = word.charAt(i) < 0x80;
  if (ascii) return;

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
    // Letters with no decomposition that readers still treat as accented forms.
    switch (c) {
      case 0x00F8:
        out.append(u'o');
        break;  // ø
      case 0x0142:
        out.append(u'l');
        break;  // ł
      case 0x0111:
        out.append(u'd');
        break;  // đ
      case 0x00E6:
        out.append(u"ae", 2);
        break;  // æ
      case 0x0153:
        out.append(u"oe", 2);
        break;  // œ: "cœur" and "coeur"
      default:
        out.append(c);
    }
  }
  word = nfc->normalize(out, status);
  if (U_FAILURE(status)) word = out;
}

}  // namespace wsis::search::analysis
