// What text analysis costs (docs/SEARCH.md, "Text analysis"): one description of about 1 KB
// per language through Analyzer::analyze, as the index does for every entry and translation.
// The texts repeat their words, as a corpus does, so the per-thread stem cache is warm; the
// "unseen" case analyses words never seen before (the cache's worst case). Built as
// build/bench/analyzer_bench; run by hand:
//   ninja -C build analyzer_bench && taskset -c 0 build/bench/analyzer_bench
#include "search/analyzer.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <utility>

namespace {

// About 1 KB each: repeats a typical sentence of a project description.
std::string about_one_kilobyte(const std::string& sentence) {
  std::string text;
  while (text.size() < 1024) text += sentence + ' ';
  return text;
}

void analyze(benchmark::State& state, const char* lang, const char* sentence) {
  const wsis::search::Analyzer analyzer;
  const std::string text = about_one_kilobyte(sentence);
  std::size_t tokens = 0;
  for (auto _ : state) {
    auto result = analyzer.analyze(text, lang);
    tokens = result.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

// French-looking words that never repeat (a counter spelt in letters, with a suffix the
// stemmer removes), 1 KB per iteration.
void analyze_unseen_words(benchmark::State& state) {
  const wsis::search::Analyzer analyzer;
  std::uint64_t counter = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string text;
    while (text.size() < 1024) {
      for (std::uint64_t n = ++counter; n > 0; n /= 20) text += static_cast<char>('a' + n % 20);
      text += "ités ";
    }
    bytes += text.size();
    state.ResumeTiming();
    benchmark::DoNotOptimize(analyzer.analyze(text, "fr"));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(analyze_unseen_words);

}  // namespace

int main(int argc, char** argv) {
  // One typical sentence of a project description per language.
  static const std::pair<const char*, const char*> kSentences[] = {
      {"en",
       "The project connects rural schools to broadband and trains 1,200 teachers in digital skills, with e-health "
       "services for the communities around them."},
      {"fr",
       "Le projet renforce la cybersécurité des PME et l’éducation numérique dans les écoles rurales, avec des "
       "services d’e-santé pour les communautés."},
      {"es",
       "El proyecto conecta escuelas rurales a la banda ancha y forma a 1.200 docentes en tecnologías de la "
       "información y políticas de ciberseguridad."},
      {"ru",
       "Проект подключает сельские школы к широкополосному доступу и обучает учителей цифровым навыкам и "
       "кибербезопасности."},
      {"ar",
       "يربط المشروع المدارس الريفية بالإنترنت عريض النطاق ويدرّب ١٢٠٠ معلم على المهارات الرقمية والصحة "
       "الإلكترونية."},
      {"zh", "该项目将农村学校接入宽带网络，培训一千二百名教师的数字技能，并提供电子政务服务和网络安全。"}};
  for (const auto& [lang, sentence] : kSentences)
    benchmark::RegisterBenchmark((std::string("analyze/") + lang).c_str(), analyze, lang, sentence);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
