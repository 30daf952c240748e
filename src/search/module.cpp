#include "search/module.h"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "core/resources.h"

namespace wsis::search {

namespace {

std::string_view aliases() {
  auto text = resource("data/search/concept_aliases.json");
  if (!text) throw std::runtime_error("data/search/concept_aliases.json is not embedded");
  return *text;
}

}  // namespace

SearchModule::SearchModule(db::Database& database, const Clock& clock, const stocktaking::EntryCatalog* catalog)
    : vocabulary(analyzer, reference::ReferenceData::instance(), aliases()),
      index(database, clock, analyzer, vocabulary, catalog) {
  auto start = std::chrono::steady_clock::now();
  if (auto built = index.rebuild(); !built) {
    spdlog::error("search index not built, following the change feed from its start: {}", built.error().detail);
    return;
  }
  // The build freed its batches of texts and tokens; give that memory back. For glibc's malloc
  // (the tests) this is what returns it; the server links jemalloc, whose own decay returns
  // freed pages within seconds, and for which this call does nothing.
  malloc_trim(0);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("search index: {} published entries, {} terms, built in {} ms", index.size(), index.term_count(), ms);
}

}  // namespace wsis::search
