#include "search/analyzer.h"

#include "search/analysis_folds.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <optional>

namespace wsis::search {

namespace {

using analysis::fold_characters;
using analysis::fold_teh_marbuta;
using analysis::strip_arabic_article;
using analysis::strip_elision;
using analysis::strip_latin_accents;

// Longer "words" are hashes, base64 or keyboard mashing: not worth an index entry, and a bound
// on the work one word can cost. They still take a position, so that the words around them do
// not look adjacent to a phrase query.
constexpr int32_t kMaxWordUnits = 64;

enum class Stemmer { arabic, english, french, russian, spanish, none };
constexpr std::array<const char*, 5> kStemmerNames = {"arabic", "english", "french", "russian", "spanish"};

// Snowball stemmers and ICU break iterators keep state between calls: each thread has its own.
struct ThreadState {
  std::unique_ptr<icu::BreakIterator> words;
  std::array<sb_stemmer*, kStemmerNames.size()> stemmers{};

  ThreadState() {
    UErrorCode status = U_ZERO_ERROR;
    // The root locale's word rules already segment Han (and Thai, Khmer...) with ICU's
    // dictionaries; no Chinese locale is needed.
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) words.reset();
  }
  ~ThreadState() {
    for (sb_stemmer* stemmer : stemmers)
      if (stemmer) sb_stemmer_delete(stemmer);
  }
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;

  sb_stemmer* stemmer(Stemmer which) {
    auto index = static_cast<std::size_t>(which);
    if (index >= stemmers.size()) return nullptr;
    if (!stemmers[index]) stemmers[index] = sb_stemmer_new(kStemmerNames[index], "UTF_8");
    return stemmers[index];
  }
};

ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

// The stemmer for Latin-script words in a text of this language; none when the language is not
// one of the six (the header's promise: no stemming).
std::optional<Stemmer> latin_stemmer(std::string_view lang) {
  if (lang == "en") return Stemmer::english;
  if (lang == "fr") return Stemmer::french;
  if (lang == "es") return Stemmer::spanish;
  // An English word in an Arabic, Russian or Chinese text is most likely English.
  if (lang == "ar" || lang == "ru" || lang == "zh") return Stemmer::english;
  return std::nullopt;
}

// A word's script decides its stemmer (an Arabic word in a French text is stemmed as Arabic);
// the text's language decides only among the Latin-script ones.
Stemmer stemmer_for(const icu::UnicodeString& word, std::optional<Stemmer> latin) {
  if (!latin) return Stemmer::none;
  for (int32_t i = 0; i < word.length();) {
    UChar32 c = word.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_ARABIC:
        return Stemmer::arabic;
      case USCRIPT_CYRILLIC:
        return Stemmer::russian;
      case USCRIPT_LATIN:
        return *latin;
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        continue;  // digits, apostrophes, marks: look further
      default:
        return Stemmer::none;
    }
  }
  return Stemmer::none;
}

bool is_ascii(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); ++i)
    if (s.charAt(i) >= 0x80) return false;
  return true;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string stem(ThreadState& state, Stemmer which, icu::UnicodeString word) {
  if (which == Stemmer::arabic) strip_arabic_article(word);
  std::string utf8 = to_utf8(word);
  sb_stemmer* stemmer = state.stemmer(which);
  if (!stemmer) return utf8;
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(utf8.data()), static_cast<int>(utf8.size()));
  if (!stemmed) return utf8;  // out of memory: the unstemmed word still finds itself
  std::string out(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
  if (which == Stemmer::arabic) {
    auto folded = icu::UnicodeString::fromUTF8(out);
    fold_teh_marbuta(folded);
    return to_utf8(folded);
  }
  if (which == Stemmer::english || which == Stemmer::french || which == Stemmer::spanish) {
    auto unaccented = icu::UnicodeString::fromUTF8(out);
    if (is_ascii(unaccented)) return out;
    strip_latin_accents(unaccented);
    return to_utf8(unaccented);
  }
  return out;
}

// The original text as UTF-16 for ICU, with the byte offset of each UTF-16 unit in the
// original, so that a word found in the UTF-16 text is located in the caller's bytes. Invalid
// UTF-8 becomes U+FFFD (not a word character) covering the bytes it replaces.
struct DecodedText {
  icu::UnicodeString text;
  std::vector<std::uint32_t> byte_offset;  // one per UTF-16 unit, plus the end
};

DecodedText decode(std::string_view utf8) {
  DecodedText decoded;
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  auto length = static_cast<int32_t>(utf8.size());
  decoded.byte_offset.reserve(utf8.size() + 1);
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) c = 0xFFFD;
    decoded.text.append(c);
    for (int32_t unit = 0; unit < U16_LENGTH(c); ++unit)
      decoded.byte_offset.push_back(static_cast<std::uint32_t>(start));
  }
  decoded.byte_offset.push_back(static_cast<std::uint32_t>(length));
  return decoded;
}

// Cuts at most kMaxTextBytes, backing off to the start of a UTF-8 sequence.
std::string_view bounded(std::string_view text) {
  if (text.size() <= Analyzer::kMaxTextBytes) return text;
  std::size_t end = Analyzer::kMaxTextBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

struct Analyzer::Impl {
  const icu::Normalizer2* nfkc_cf = nullptr;  // ICU's singleton, thread-safe
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) impl_->nfkc_cf = nullptr;
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::analyze(std::string_view input, std::string_view lang) const {
  std::vector<Token> tokens;
  ThreadState& state = thread_state();
  if (!state.words || !impl_->nfkc_cf) return tokens;

  DecodedText decoded = decode(bounded(input));
  const std::optional<Stemmer> latin = latin_stemmer(lang);
  icu::BreakIterator& words = *state.words;
  words.setText(decoded.text);

  std::uint32_t position = 0;
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    int32_t status = words.getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols, emoji
    if (end - start > kMaxWordUnits) {
      ++position;
      continue;
    }

    icu::UnicodeString word = decoded.text.tempSubStringBetween(start, end);
    if (is_ascii(word)) {
      // NFKC and case folding do nothing else to ASCII, and this is the common case.
      for (int32_t i = 0; i < word.length(); ++i)
        if (word.charAt(i) >= u'A' && word.charAt(i) <= u'Z')
          word.setCharAt(i, static_cast<UChar>(word.charAt(i) + 32));
    } else {
      UErrorCode error = U_ZERO_ERROR;
      icu::UnicodeString normalized = impl_->nfkc_cf->normalize(word, error);
      if (U_FAILURE(error)) continue;
      word = std::move(normalized);
    }
    fold_characters(word);
    strip_elision(word);
    if (word.isEmpty()) continue;  // a word of tatweel or marks only

    Token token;
    icu::UnicodeString surface = word;
    fold_teh_marbuta(surface);
    strip_latin_accents(surface);
    token.surface = to_utf8(surface);
    bool is_number = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
    Stemmer stemmer = is_number ? Stemmer::none : stemmer_for(word, latin);
    token.term = stemmer == Stemmer::none ? token.surface : stem(state, stemmer, std::move(word));
    if (token.term.empty()) token.term = token.surface;
    token.position = position++;
    token.begin = decoded.byte_offset[static_cast<std::size_t>(start)];
    token.end = decoded.byte_offset[static_cast<std::size_t>(end)];
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::vector<std::string_view> Analyzer::candidate_languages(std::string_view input) const {
  bool arabic = false, cyrillic = false, han = false, latin = false;
  std::string_view text = bounded(input);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) continue;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_ARABIC:
        arabic = true;
        break;
      case USCRIPT_CYRILLIC:
        cyrillic = true;
        break;
      case USCRIPT_HAN:
        han = true;
        break;
      case USCRIPT_LATIN:
        latin = true;
        break;
      default:
        break;
    }
  }
  if (!arabic && !cyrillic && !han && !latin) return {"ar", "en", "es", "fr", "ru", "zh"};
  std::vector<std::string_view> languages;
  if (arabic) languages.push_back("ar");
  if (latin) languages.insert(languages.end(), {"en", "es", "fr"});
  if (cyrillic) languages.push_back("ru");
  if (han) languages.push_back("zh");
  return languages;
}

}  // namespace wsis::search
