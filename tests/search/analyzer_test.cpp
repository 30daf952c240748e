// Text analysis (docs/SEARCH.md, "Text analysis"): each step with its own vectors, then the
// whole pipeline per language, offsets, hostile input and concurrent use.
#include "search/analyzer.h"

#include "search/analysis_folds.h"

#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <initializer_list>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace wsis::search {
namespace {

const Analyzer& analyzer() {
  static const Analyzer instance;
  return instance;
}

std::vector<std::string> terms(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const Token& token : analyzer().analyze(text, lang)) out.push_back(token.term);
  return out;
}

std::vector<std::string> surfaces(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const Token& token : analyzer().analyze(text, lang)) out.push_back(token.surface);
  return out;
}

std::string term(std::string_view word, std::string_view lang) {
  auto all = terms(word, lang);
  return all.size() == 1 ? all[0] : "<" + std::to_string(all.size()) + " tokens>";
}

std::string surface(std::string_view word, std::string_view lang = "") {
  auto all = surfaces(word, lang);
  return all.size() == 1 ? all[0] : "<" + std::to_string(all.size()) + " tokens>";
}

using Words = std::vector<std::string>;

// --- Each fold on its own -------------------------------------------------------------------

using FoldStep = void (*)(icu::UnicodeString&);
struct FoldVector {
  const char* input;
  const char* expected;
};

void expect_folds(FoldStep step, std::initializer_list<FoldVector> vectors) {
  for (const FoldVector& vector : vectors) {
    auto text = icu::UnicodeString::fromUTF8(vector.input);
    step(text);
    std::string out;
    text.toUTF8String(out);
    EXPECT_EQ(out, vector.expected) << "input: " << vector.input;
  }
}

TEST(AnalysisFolds, RemovesArabicDiacritics) {
  expect_folds(analysis::fold_characters, {{"مَدْرَسَةٌ", "مدرسة"},  // fatha, sukun, tanwin
                                           {"محمّد", "محمد"},    // shadda
                                           {"هٰذا", "هذا"}});    // superscript alef
}

TEST(AnalysisFolds, RemovesTatweel) { expect_folds(analysis::fold_characters, {{"مـــدرســة", "مدرسة"}}); }

TEST(AnalysisFolds, FoldsEachAlefForm) {
  expect_folds(analysis::fold_characters, {{"أمن", "امن"},      // hamza above
                                           {"إدارة", "ادارة"},  // hamza below
                                           {"آفاق", "افاق"},    // madda
                                           {"ٱلله", "الله"}});  // wasla
}

TEST(AnalysisFolds, FoldsAlefMaqsuraToYeh) { expect_folds(analysis::fold_characters, {{"مستوى", "مستوي"}}); }

TEST(AnalysisFolds, FoldsPersianYehAndKeheh) {
  expect_folds(analysis::fold_characters, {{"ی", "ي"}, {"کتاب", "كتاب"}});
}

TEST(AnalysisFolds, FoldsTehMarbutaToHehOnlyAfterStemming) {
  expect_folds(analysis::fold_teh_marbuta, {{"مدرسة", "مدرسه"}});
  expect_folds(analysis::fold_characters, {{"مدرسة", "مدرسة"}});
}

TEST(AnalysisFolds, FoldsArabicIndicDigits) { expect_folds(analysis::fold_characters, {{"٠١٢٣٤٥٦٧٨٩", "0123456789"}}); }

TEST(AnalysisFolds, FoldsArabicNumberSeparators) {
  expect_folds(analysis::fold_characters, {{"٣٫٥", "3.5"}, {"١٬٠٠٠", "1,000"}});
}

TEST(AnalysisFolds, FoldsEasternArabicIndicDigits) {
  expect_folds(analysis::fold_characters, {{"۰۱۲۳۴۵۶۷۸۹", "0123456789"}});
}

TEST(AnalysisFolds, FoldsYoToYe) { expect_folds(analysis::fold_characters, {{"ёлка", "елка"}}); }

TEST(AnalysisFolds, FoldsTypographicApostrophe) { expect_folds(analysis::fold_characters, {{"l’école", "l'école"}}); }

TEST(AnalysisFolds, StripsEachFrenchElision) {
  expect_folds(analysis::strip_elision, {{"l'avenir", "avenir"},
                                         {"d'avenir", "avenir"},
                                         {"j'avenir", "avenir"},
                                         {"m'avenir", "avenir"},
                                         {"n'avenir", "avenir"},
                                         {"s'avenir", "avenir"},
                                         {"t'avenir", "avenir"},
                                         {"c'avenir", "avenir"},
                                         {"qu'avenir", "avenir"},
                                         {"l'", "l'"},                      // nothing follows
                                         {"aujourd'hui", "aujourd'hui"}});  // not at the start
}

TEST(AnalysisFolds, StripsTheArabicArticleAndItsParticles) {
  expect_folds(analysis::strip_arabic_article, {{"الصحة", "صحة"},
                                                {"والصحة", "صحة"},
                                                {"بالمدارس", "مدارس"},
                                                {"للحكومة", "حكومة"},
                                                {"الله", "الله"}});  // two letters would remain
}

TEST(AnalysisFolds, StripsLatinAccentsOnly) {
  expect_folds(analysis::strip_latin_accents, {{"sécurité", "securite"},
                                               {"garçon", "garcon"},
                                               {"niño", "nino"},
                                               {"cœur", "coeur"},
                                               {"йод", "йод"}});  // a Cyrillic letter, not an accent
}

using Pairs = std::initializer_list<std::pair<const char*, const char*>>;

void expect_restored(void (*step)(std::string&), Pairs vectors) {
  for (auto [input, expected] : vectors) {
    std::string word = input;
    step(word);
    EXPECT_EQ(word, expected) << "input: " << input;
  }
}

TEST(AnalysisFolds, RestoresTheAccentOfFrenchSuffixes) {
  expect_restored(analysis::restore_french_suffix_accent, {{"securite", "securité"},
                                                           {"universites", "universités"},
                                                           {"site", "site"},              // too short for the suffix
                                                           {"sécurite", "sécurite"},      // its writer uses accents
                                                           {"education", "education"}});  // no such suffix
}

TEST(AnalysisFolds, RestoresTheAccentOfSpanishSuffixes) {
  expect_restored(analysis::restore_spanish_suffix_accent, {{"informacion", "información"},
                                                            {"tecnologia", "tecnología"},
                                                            {"tecnologias", "tecnologías"},
                                                            {"dia", "dia"},                // too short
                                                            {"politica", "politica"},      // -ica has no accent
                                                            {"educación", "educación"}});  // already accented
}

// --- Normalisation: NFKC and case folding ---------------------------------------------------

TEST(Analyzer, FoldsCase) {
  EXPECT_EQ(surface("HeLLo"), "hello");
  EXPECT_EQ(surface("ÉCOLE"), "ecole");
  EXPECT_EQ(surface("ШКОЛА"), "школа");
}

TEST(Analyzer, FoldsCaseWithoutTurkishRules) {
  EXPECT_EQ(surface("ISTANBUL"), "istanbul");  // dotted i, as everywhere but in Turkish
  EXPECT_EQ(surface("İstanbul"), "istanbul");  // İ folds to i + combining dot, an accent
}

TEST(Analyzer, FoldsSharpSToSs) { EXPECT_EQ(surface("Straße"), surface("STRASSE")); }

TEST(Analyzer, AppliesNfkcToFullWidthLatin) { EXPECT_EQ(surface("ＷＳＩＳ"), "wsis"); }

TEST(Analyzer, AppliesNfkcToLigatures) { EXPECT_EQ(surface("ﬁnance"), "finance"); }

TEST(Analyzer, KeepsSpacesOutOfTermsWhenNfkcExpandsALigature) { EXPECT_EQ(surface("ﷺ"), "صلياللهعليهوسلم"); }

TEST(Analyzer, AppliesNfkcToArabicPresentationForms) { EXPECT_EQ(surface("ﻻ"), "لا"); }

TEST(Analyzer, ComposesDecomposedAccents) { EXPECT_EQ(term("se\u0301curite\u0301", "fr"), term("sécurité", "fr")); }

TEST(Analyzer, RemovesInvisibleFormatCharacters) {
  EXPECT_EQ(surface("heal\u200Dth"), "health");  // zero-width joiner
  EXPECT_EQ(surface("heal\u00ADth"), "health");  // soft hyphen
  EXPECT_EQ(surface("صح\u200Fة"), "صحه");        // right-to-left mark
}

// --- Word boundaries --------------------------------------------------------------------------

TEST(Analyzer, SplitsOnSpacesAndPunctuationAndDropsThem) {
  EXPECT_EQ(surfaces("e-health, in schools!  (2025)", "en"), (Words{"e", "health", "in", "schools", "2025"}));
}

TEST(Analyzer, KeepsNumbersAsTerms) {
  EXPECT_EQ(terms("SDG 16 and ٢٠٣٠ and ۱۲", "en"), (Words{"sdg", "16", "and", "2030", "and", "12"}));
  EXPECT_EQ(terms("3.5 million", "en"), (Words{"3.5", "million"}));
  EXPECT_EQ(terms("٣٫٥ مليون", "ar"), terms("3.5 مليون", "ar"));
}

TEST(Analyzer, SegmentsChineseIntoDictionaryWords) {
  EXPECT_EQ(terms("电子政务服务", "zh"), (Words{"电子", "政务", "服务"}));
  EXPECT_EQ(terms("网络安全和数字经济", "zh"), (Words{"网络", "安全", "和", "数字", "经济"}));
}

TEST(Analyzer, SegmentsMixedScripts) { EXPECT_EQ(terms("WSIS电子政务", "zh"), (Words{"wsis", "电子", "政务"})); }

TEST(Analyzer, DropsElisionsWithEitherApostrophe) {
  for (std::string elision : {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "L", "QU"}) {
    EXPECT_EQ(terms(elision + "'avenir", "fr"), Words{"aven"}) << elision;
    EXPECT_EQ(terms(elision + "’avenir", "fr"), Words{"aven"}) << elision;
  }
  EXPECT_EQ(terms("Côte d’Ivoire", "en"), terms("Côte Ivoire", "en"));
  EXPECT_EQ(terms("presqu'île", "fr").size(), 1u);  // not an elision at the start: one word
}

// --- Positions and offsets ------------------------------------------------------------------

TEST(Analyzer, NumbersWordsAndLocatesThemInTheOriginalBytes) {
  std::string text = "«L’École» numérique — 電子 ١٢ مَدْرَسَة";
  auto tokens = analyzer().analyze(text, "fr");
  ASSERT_EQ(tokens.size(), 5u);
  Words originals;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].position, i);
    ASSERT_LE(tokens[i].begin, tokens[i].end);
    ASSERT_LE(tokens[i].end, text.size());
    originals.push_back(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
  }
  EXPECT_EQ(originals, (Words{"L’École", "numérique", "電子", "١٢", "مَدْرَسَة"}));
}

TEST(Analyzer, OffsetsSurviveInvalidUtf8AndSupplementaryCharacters) {
  std::string text = "a\xff\xfe b 😀𝐀x ok";
  auto tokens = analyzer().analyze(text, "en");
  Words originals;
  for (const Token& token : tokens) originals.push_back(text.substr(token.begin, token.end - token.begin));
  // 𝐀 is a mathematical letter: NFKC makes it "a", and it stays with the x it touches.
  EXPECT_EQ(originals, (Words{"a", "b", "𝐀x", "ok"}));
  EXPECT_EQ(tokens[2].surface, "ax");
}

// --- Stemming per language --------------------------------------------------------------------

TEST(Analyzer, StemsEnglish) {
  EXPECT_EQ(term("schools", "en"), term("school", "en"));
  EXPECT_EQ(term("connected", "en"), term("connection", "en"));
}

TEST(Analyzer, StemsFrenchAfterElision) {
  EXPECT_EQ(term("cybersécurité", "fr"), "cybersecur");
  EXPECT_EQ(term("l’éducation", "fr"), term("éducatif", "fr"));
  EXPECT_EQ(term("d'entreprises", "fr"), term("entreprise", "fr"));
  EXPECT_EQ(term("numériques", "fr"), term("numerique", "fr"));  // accents or not
}

void expect_meet(std::string_view lang, Pairs accented_and_plain) {
  for (auto [accented, plain] : accented_and_plain) {
    EXPECT_EQ(term(accented, lang), term(plain, lang)) << accented;
    EXPECT_EQ(surface(accented, lang), surface(plain, lang)) << accented;
  }
}

TEST(Analyzer, MeetsAccentedWordsWrittenWithoutAccents) {
  expect_meet("fr", {{"sécurité", "securite"},
                     {"cybersécurité", "cybersecurite"},
                     {"universités", "universites"},
                     {"éducation", "education"},
                     {"numérique", "numerique"},
                     {"société", "societe"}});
  expect_meet("es", {{"información", "informacion"},
                     {"comunicación", "comunicacion"},
                     {"tecnología", "tecnologia"},
                     {"tecnologías", "tecnologias"},
                     {"países", "paises"},
                     {"política", "politica"}});
  EXPECT_EQ(term("comunicacion", "es"), term("comunicaciones", "es"));
}

TEST(Analyzer, StemsSpanish) {
  EXPECT_EQ(term("políticas", "es"), term("política", "es"));
  EXPECT_EQ(term("información", "es"), term("informaciones", "es"));
  EXPECT_EQ(term("países", "es"), term("paises", "es"));
}

TEST(Analyzer, StemsRussianAfterYo) {
  EXPECT_EQ(term("школы", "ru"), term("школа", "ru"));
  EXPECT_EQ(term("образование", "ru"), term("образования", "ru"));
  EXPECT_EQ(term("Ёлка", "ru"), term("елки", "ru"));
}

TEST(Analyzer, StemsArabic) {
  EXPECT_EQ(term("الصحة", "ar"), term("صحة", "ar"));
  EXPECT_EQ(term("المدرسة", "ar"), term("مدرسة", "ar"));
  EXPECT_EQ(term("مدرسه", "ar"), term("مدرسة", "ar"));  // ة written as ه
  EXPECT_EQ(term("الإلكترونية", "ar"), term("إلكترونية", "ar"));
  EXPECT_EQ(term("والحكومة", "ar"), term("حكومة", "ar"));
}

TEST(Analyzer, ChoosesTheStemmerByScript) {
  // An Arabic word in a French text is still an Arabic word; an English one in an Arabic text
  // is stemmed as English.
  EXPECT_EQ(term("الصحة", "fr"), term("صحة", "ar"));
  EXPECT_EQ(term("schools", "ar"), "school");
  EXPECT_EQ(term("школы", "en"), term("школа", "ru"));
}

TEST(Analyzer, DoesNotStemOtherLanguages) {
  EXPECT_EQ(term("schools", "de"), "schools");
  EXPECT_EQ(term("schools", ""), "schools");
}

TEST(Analyzer, SurfaceIsFoldedButNotStemmed) {
  auto tokens = analyzer().analyze("Cybersécurité", "fr");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].surface, "cybersecurite");
  EXPECT_EQ(tokens[0].term, "cybersecur");
}

// --- Candidate languages ------------------------------------------------------------------------

TEST(Analyzer, GuessesCandidateLanguagesFromScripts) {
  using Languages = std::vector<std::string_view>;
  EXPECT_EQ(analyzer().candidate_languages("الصحة"), Languages{"ar"});
  EXPECT_EQ(analyzer().candidate_languages("школа"), Languages{"ru"});
  EXPECT_EQ(analyzer().candidate_languages("电子政务"), Languages{"zh"});
  EXPECT_EQ(analyzer().candidate_languages("e-santé"), (Languages{"en", "es", "fr"}));
  EXPECT_EQ(analyzer().candidate_languages("WSIS الصحة"), (Languages{"ar", "en", "es", "fr"}));
  Languages all{"ar", "en", "es", "fr", "ru", "zh"};
  EXPECT_EQ(analyzer().candidate_languages(""), all);
  EXPECT_EQ(analyzer().candidate_languages("2030 !"), all);
}

// --- Hostile input ------------------------------------------------------------------------------

TEST(Analyzer, SurvivesInvalidUtf8) {
  for (std::string text : {std::string("\xc3"),
                           std::string("ab\xc3\x28"
                                       "cd"),
                           std::string("\xed\xa0\x80 x"), std::string("\xf4\x90\x80\x80"),
                           std::string("\xc0\xaf"
                                       "z")}) {
    auto tokens = analyzer().analyze(text, "en");
    for (const Token& token : tokens) EXPECT_LE(token.end, text.size());
  }
  EXPECT_EQ(terms("ab\xc3\x28"
                  "cd",
                  "en"),
            (Words{"ab", "cd"}));
}

TEST(Analyzer, SurvivesControlCharactersEmojiAndMarks) {
  std::string text("a\0b\x01\x1b[31mc\u202Ed\u200E", 18);
  text += "👩‍💻 🇫🇷 ‍‍‍ ̈̈ ـــ";
  auto tokens = analyzer().analyze(text, "fr");
  for (const Token& token : tokens) {
    EXPECT_FALSE(token.term.empty());
    EXPECT_LE(token.end, text.size());
  }
}

TEST(Analyzer, SkipsOverlongWordsButCountsTheirPosition) {
  std::string text = "before " + std::string(500, 'x') + " after";
  auto tokens = analyzer().analyze(text, "en");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].surface, "after");
  EXPECT_EQ(tokens[1].position, 2u);
}

TEST(Analyzer, BoundsHugeInput) {
  std::string text;
  while (text.size() < Analyzer::kMaxTextBytes + 1000) text += "énorme ";
  auto tokens = analyzer().analyze(text, "fr");
  ASSERT_FALSE(tokens.empty());
  EXPECT_LE(tokens.back().end, Analyzer::kMaxTextBytes);
  EXPECT_GT(tokens.back().end, Analyzer::kMaxTextBytes - 16);
}

TEST(Analyzer, KeepsItsPromisesOnRandomInput) {
  // Pieces of every kind the analysis treats specially, and raw bytes, glued at random.
  const std::vector<std::string> pieces = {"école",    " ",  "l’",   "الصحة",    "ـ",      "َ",       "٣", "۴",
                                           "电子政务", "Ёж", "\xff", "\xe2\x80", "\u200d", "\u200f", "😀", "ﷺ",
                                           "İ",        "ß",  "qu'",  "-",        "'",      "1.5"};
  std::mt19937 random(20251125);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int n = static_cast<int>(random() % 12); n > 0; --n) {
      if (random() % 4 == 0)
        text += static_cast<char>(random() % 256);
      else
        text += pieces[random() % pieces.size()];
    }
    auto tokens = analyzer().analyze(text, round % 2 ? "ar" : "fr");
    std::uint32_t previous_end = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const Token& token = tokens[i];
      EXPECT_FALSE(token.term.empty());
      EXPECT_FALSE(token.surface.empty());
      EXPECT_EQ(token.term.find(' '), std::string::npos);
      EXPECT_GE(token.begin, previous_end);
      EXPECT_LT(token.begin, token.end);
      EXPECT_LE(token.end, text.size());
      EXPECT_TRUE(i == 0 || token.position > tokens[i - 1].position);
      previous_end = token.end;
    }
  }
}

// --- Concurrency --------------------------------------------------------------------------------

TEST(Analyzer, GivesTheSameAnswerFromManyThreadsAtOnce) {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"L’éducation numérique dans les écoles rurales", "fr"},
      {"الصحة الإلكترونية في المدارس", "ar"},
      {"电子政务服务和网络安全", "zh"},
      {"Кибербезопасность и образование", "ru"},
      {"E-health services for schools", "en"},
      {"Políticas de tecnologías de la información", "es"}};
  std::vector<std::vector<Token>> expected;
  for (const auto& [text, lang] : texts) expected.push_back(analyzer().analyze(text, lang));

  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 300; ++round) {
        std::size_t i = (t + static_cast<std::size_t>(round)) % texts.size();
        auto tokens = analyzer().analyze(texts[i].first, texts[i].second);
        bool same = tokens.size() == expected[i].size();
        for (std::size_t k = 0; same && k < tokens.size(); ++k)
          same = tokens[k].term == expected[i][k].term && tokens[k].surface == expected[i][k].surface &&
                 tokens[k].begin == expected[i][k].begin && tokens[k].position == expected[i][k].position;
        if (!same) ++mismatches[t];
      }
    });
  for (auto& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace wsis::search
