// The search module as the platform holds it: the analyzer, the reference vocabulary and the
// index, built together at start-up (src/app/modules.cpp).
#pragma once

#include "core/clock.h"
#include "db/database.h"
#include "search/analyzer.h"
#include "search/concepts.h"
#include "search/index.h"

namespace wsis::search {

struct SearchModule {
  // Builds the vocabulary and indexes every published entry; an index that cannot be built
  // stays empty and fills from the change feed (logged). Throws only when the embedded data
  // is broken (as the reference data does).
  SearchModule(db::Database& database, const Clock& clock, const stocktaking::EntryCatalog* catalog);

  Analyzer analyzer;
  ConceptVocabulary vocabulary;
  SearchIndex index;
};

}  // namespace wsis::search
