#include "search/analyzer.h"

#include "search/analysis_folds.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
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

// Words recur (a corpus of a million entries has perhaps a hundred thousand distinct words per
// language), and Snowball is half the cost of analysing a French word: each thread remembers
// its recent stems, per stemmer in a direct-mapped table of this many slots (a word's hash
// picks its slot; a new word there replaces the old one). A hash map of strings cost a tenth
// of building the index in finding its nodes.
constexpr std::size_t kStemCacheSlots = 1 << 14;

struct StemCache {
  struct Slot {
    std::uint64_t hash = 0;
    std::string word, stem;
  };
  std::vector<Slot> slots;

  static std::uint64_t hash_of(std::string_view word) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (unsigned char c : word) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  Slot& slot(std::uint64_t hash) {
    if (slots.empty()) slots.resize(kStemCacheSlots);
    return slots[(hash ^ (hash >> 29)) & (kStemCacheSlots - 1)];
  }
};

// A word not all ASCII (Arabic, Cyrillic, Han, accented Latin) goes through ICU normalisation
// and the folds before its stem: each thread remembers what its recent ones became, in a
// direct-mapped table like the stems' (an entry's text repeats its words, and so does a corpus).
constexpr std::size_t kWordCacheSlots = 1 << 14;

struct WordCache {
  struct Slot {
    std::uint64_t hash = 0;
    std::uint8_t context = 0;  // the text's Latin stemmer and whether the word is a number
    std::u16string word;
    bool kept = false;  // false: nothing is left of the word
    std::string surface, term;
  };
  std::vector<Slot> slots;

  static std::uint64_t hash_of(std::u16string_view word, std::uint8_t context) {
    std::uint64_t h = 14695981039346656037ull ^ context;  // FNV-1a
    for (char16_t c : word) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  Slot& slot(std::uint64_t hash) {
    if (slots.empty()) slots.resize(kWordCacheSlots);
    return slots[(hash ^ (hash >> 29)) & (kWordCacheSlots - 1)];
  }
};

// Snowball stemmers and ICU break iterators keep state between calls: each thread has its own.
struct ThreadState {
  std::unique_ptr<icu::BreakIterator> words;
  std::array<sb_stemmer*, kStemmerNames.size()> stemmers{};
  std::array<StemCache, kStemmerNames.size()> stems;
  WordCache analysed;

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

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Snowball on a folded word; Latin stems lose their accents after stemming, because the French
// and Spanish stemmers recognise accented suffixes ("-ité", "-ción").
std::string snowball_uncached(sb_stemmer* stemmer, Stemmer which, std::string word) {
  if (which == Stemmer::french) analysis::restore_french_suffix_accent(word);
  if (which == Stemmer::spanish) analysis::restore_spanish_suffix_accent(word);
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  // Out of memory: the unstemmed word still finds itself.
  std::string out = stemmed ? std::string(reinterpret_cast<const char*>(stemmed),
                                          static_cast<std::size_t>(sb_stemmer_length(stemmer)))
                            : std::move(word);
  if (which == Stemmer::arabic) {
    auto folded = icu::UnicodeString::fromUTF8(out);
    fold_teh_marbuta(folded);
    return to_utf8(folded);
  }
  if (which == Stemmer::english || which == Stemmer::french || which == Stemmer::spanish) {
    if (std::all_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return out;
    auto unaccented = icu::UnicodeString::fromUTF8(out);
    strip_latin_accents(unaccented);
    return to_utf8(unaccented);
  }
  return out;
}

std::string snowball(ThreadState& state, Stemmer which, std::string word) {
  sb_stemmer* stemmer = state.stemmer(which);
  if (!stemmer) return word;
  const auto hash = StemCache::hash_of(word);
  auto& slot = state.stems[static_cast<std::size_t>(which)].slot(hash);
  if (slot.hash == hash && slot.word == word) return slot.stem;
  slot.stem = snowball_uncached(stemmer, which, word);
  slot.hash = hash;
  slot.word = std::move(word);
  return slot.stem;
}

// Any word: NFKC and case folding, the character folds, elision, then surface and term.
// Returns false when nothing is left of the word (tatweel or marks only).
bool analyze_word(ThreadState& state, const icu::Normalizer2& nfkc_cf, icu::UnicodeString word, bool is_number,
                  std::optional<Stemmer> latin, Token& token) {
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfkc_cf.normalize(word, error);
  if (U_FAILURE(error)) return false;
  // A few ligatures expand to several words (ﷺ): a term never holds a space.
  if (normalized.indexOf(u' ') >= 0) normalized.findAndReplace(icu::UnicodeString(u' '), icu::UnicodeString());
  fold_characters(normalized);
  strip_elision(normalized);
  if (normalized.isEmpty()) return false;

  icu::UnicodeString surface = normalized;
  fold_teh_marbuta(surface);
  strip_latin_accents(surface);
  token.surface = to_utf8(surface);
  Stemmer stemmer = is_number ? Stemmer::none : stemmer_for(normalized, latin);
  if (stemmer == Stemmer::none) {
    token.term = token.surface;
    return true;
  }
  if (stemmer == Stemmer::arabic) strip_arabic_article(normalized);
  token.term = snowball(state, stemmer, to_utf8(normalized));
  return true;
}

// The common case, a word all ASCII, without ICU: NFKC and case folding do nothing to ASCII but
// lower its capitals, and no character fold applies.
void analyze_ascii_word(ThreadState& state, std::u16string_view word, bool is_number, std::optional<Stemmer> latin,
                        Token& token) {
  std::string folded(word.size(), '\0');
  bool has_letter = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = static_cast<char>(word[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    has_letter = has_letter || (c >= 'a' && c <= 'z');
    folded[i] = c;
  }
  folded.erase(0, analysis::elision_length(std::string_view(folded)));
  token.surface = folded;
  token.term = is_number || !has_letter || !latin ? std::move(folded) : snowball(state, *latin, std::move(folded));
}

// The original text as UTF-16 for ICU, with the byte offset of each UTF-16 unit in the
// original, so that a word found in the UTF-16 text is located in the caller's bytes. Invalid
// UTF-8 becomes U+FFFD (not a word character) covering the bytes it replaces.
struct DecodedText {
  std::u16string units;
  std::vector<std::uint32_t> byte_offset;  // one per UTF-16 unit, plus the end
};

DecodedText decode(std::string_view utf8) {
  DecodedText decoded;
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  auto length = static_cast<int32_t>(utf8.size());
  decoded.units.reserve(utf8.size());
  decoded.byte_offset.reserve(utf8.size() + 1);
  int32_t i = 0;
  while (i < length) {
    auto start = static_cast<std::uint32_t>(i);
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) c = 0xFFFD;
    if (U_IS_BMP(c)) {
      decoded.units.push_back(static_cast<char16_t>(c));
    } else {
      decoded.units.push_back(U16_LEAD(c));
      decoded.units.push_back(U16_TRAIL(c));
      decoded.byte_offset.push_back(start);
    }
    decoded.byte_offset.push_back(start);
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
  // A read-only alias: the break iterator and the words below read the decoded units in place.
  const icu::UnicodeString text(false, decoded.units.data(), static_cast<int32_t>(decoded.units.size()));
  const std::optional<Stemmer> latin = latin_stemmer(lang);
  icu::BreakIterator& words = *state.words;
  words.setText(text);

  // About one word per six UTF-16 units in these languages: fewer moves of tokens as it grows.
  tokens.reserve(decoded.units.size() / 6 + 1);
  std::uint32_t position = 0;
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    int32_t status = words.getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols, emoji
    if (end - start > kMaxWordUnits) {
      ++position;
      continue;
    }

    const bool is_number = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
    const std::u16string_view units(decoded.units.data() + start, static_cast<std::size_t>(end - start));
    Token token;
    if (std::all_of(units.begin(), units.end(), [](char16_t c) { return c < 0x80; })) {
      analyze_ascii_word(state, units, is_number, latin, token);
    } else {
      const auto context = static_cast<std::uint8_t>((latin ? static_cast<unsigned>(*latin) + 1 : 0) << 1 | is_number);
      const auto hash = WordCache::hash_of(units, context);
      auto& seen = state.analysed.slot(hash);
      if (seen.hash != hash || seen.context != context || seen.word != units) {
        Token fresh;
        seen.kept =
            analyze_word(state, *impl_->nfkc_cf, text.tempSubStringBetween(start, end), is_number, latin, fresh);
        seen.surface = std::move(fresh.surface);
        seen.term = std::move(fresh.term);
        seen.hash = hash;
        seen.context = context;
        seen.word.assign(units);
      }
      if (!seen.kept) continue;
      token.surface = seen.surface;
      token.term = seen.term;
    }
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
