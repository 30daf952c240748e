// The search index: an in-process inverted index of the published Stocktaking entries (title
// and description, in the entry's language and in each translation), ranked with BM25. It is
// derived from the database and follows the change feed like the catalog (catalog.h), so it
// holds only what the public may see and can always be rebuilt. docs/SEARCH.md describes the
// ranking, phrases, type-ahead, typo tolerance and concept matching.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include <roaring/roaring.hh>

#include "core/clock.h"
#include "db/change_follower.h"
#include "db/database.h"
#include "search/analyzer.h"
#include "search/concepts.h"
#include "search/query.h"

namespace wsis::stocktaking {
class EntryCatalog;
}

namespace wsis::search {

// The forms a query matched, for marking them in titles and snippets (highlight.h).
struct MatchedForms {
  std::unordered_set<std::string> terms, surfaces;
};

struct Hit {
  std::int64_t id = 0;  // the entry
  double score = 0;
};

// What search() ranks. By default every match, unranked; with `top`, only the best `top` of the
// matches whose entries are in `allowed` (the caller's filters; null: any) and that rank after
// `after` (the last hit of a previous page), best first. Relevance order: score descending,
// then entry id ascending.
struct Ranking {
  std::size_t top = 0;
  const Roaring* allowed = nullptr;
  std::optional<Hit> after;
};

struct Matches {
  std::vector<Hit> hits;  // as the Ranking asked
  Roaring entries;        // every matching published entry (for facet counts and other orders)
  MatchedForms forms;
  bool ranked_early = false;  // the best were found without scoring every match (for tests and benchmarks)
};

// Bounds on the work one query can cost, whatever it is.
struct SearchLimits {
  std::size_t prefix_scan = 20000;     // dictionary words looked at for the last word's prefix
  std::size_t prefix_terms = 30;       // of which the most frequent are searched
  std::size_t prefix_terms_short = 8;  // for a prefix shorter than prefix_long_chars
  std::size_t prefix_long_chars = 4;
  std::size_t typo_scan = 5000;  // dictionary words looked at per side for a typo
  std::size_t typo_terms = 10;
  std::size_t typo_words = 4;      // unknown words looked up with a typo; others must be right
  std::size_t typo_min_chars = 5;  // shorter words must be spelled right
  std::size_t prefix_min_chars = 2;
  // Fewer entries than this with every word of a query of several words (no phrase): entries
  // with at least half of them follow, ranked below (docs/SEARCH.md, "Ranking").
  std::size_t relax_below = 20;
  // A query with at least this many matches and a page to fill is ranked from the terms' ranked
  // lists (fewer are as quickly scored all); each term ranks at least `ranked_at_least` of its
  // entries by impact, and an eighth of them beyond that.
  std::size_t rank_from = 2048;
  std::size_t ranked_at_least = 4096;
  // Two-word phrases of common words are answered from the documents of each bigram of such
  // words (two standing next to each other in a field), kept as a set, rather than by reading
  // every candidate's positions. A term is common when, at the last rebuild, it was in at least
  // this many documents and this share of them. 1% rather than 5%: at a million entries 83 MB
  // of bigrams instead of 43, and the phrase p99 4.65 ms instead of 5.4 (docs/SEARCH.md).
  std::size_t bigram_terms_from = 2048;
  double bigram_terms_share = 0.01;
  // Threads that build the bigrams at a rebuild; 0: one per core (at most 4) from 65,536
  // documents, one below.
  std::size_t bigram_threads = 0;
  // Removed documents (withdrawn or replaced by an edit) stay in the terms until they
  // outnumber the live ones and are at least this many; then the follower rebuilds.
  std::size_t rebuild_after_removed = 1000;
};

// What the index holds (for benchmarks and docs/PERFORMANCE.md): counts, and the bytes of its
// main arrays as allocated.
struct IndexFootprint {
  std::size_t documents = 0, terms = 0;  // live documents; terms ever seen
  std::size_t term_documents = 0;  // (term, document) pairs
  std::size_t by_document = 0;     // for each, the document, the impact and an occurrence (12 bytes)
  std::size_t spilled = 0;         // the occurrences of those with more than one
  std::size_t sets = 0;            // each term's documents as a compressed bitmap
  std::size_t ranked = 0;          // each term's ranked list
  std::size_t bigrams = 0, bigram_documents = 0;  // of common words (SearchLimits)
  std::size_t bigram_sets = 0;                    // their documents as compressed bitmaps
};

class SearchIndex {
 public:
  // `catalog` gives the entries linked to a concept (its facet bitmaps, not copied here); may
  // be null (no concept matching).
  SearchIndex(db::Database& database, const Clock& clock, const Analyzer& analyzer, const ConceptVocabulary& vocabulary,
              const stocktaking::EntryCatalog* catalog, SearchLimits limits = {});
  ~SearchIndex();

  // Indexes every published entry (at start-up; the index is empty until then).
  Result<void> rebuild();
  // Applies the change feed since the last change seen. Cheap when nothing changed.
  Result<void> catch_up();
  // catch_up() at most every `interval_ms`, so writes by other processes show within that time.
  void refresh_if_stale(std::int64_t interval_ms = 250);

  // Entries matching every word of `query` (a word matches through any of its forms, the last
  // one's prefix expansions, a one-typo neighbour when it is not in the dictionary, or a concept
  // the words name), phrases checked by position. Empty for an empty query.
  // With a Ranking's `top`, a query with many matches is ranked without scoring them all: each
  // term keeps its entries by impact, and the walk stops once no entry left can beat the last
  // one kept (docs/SEARCH.md, "Ranking the best first").
  Matches search(const ParsedQuery& query, const Ranking& ranking = {}) const;

  std::size_t size() const;  // published entries indexed
  std::size_t term_count() const;
  std::size_t removed_documents() const;  // still in the terms' documents (see SearchLimits)
  IndexFootprint footprint() const;
  std::int64_t last_sequence() const { return follower_.last_sequence(); }

  const Analyzer& analyzer() const { return analyzer_; }
  const ConceptVocabulary& vocabulary() const { return vocabulary_; }

 public:  // for the helpers in index.cpp
  struct Index;
  struct Prepared;

 private:
  Result<void> rebuild_locked();

  db::Database& database_;
  const Analyzer& analyzer_;
  const ConceptVocabulary& vocabulary_;
  const stocktaking::EntryCatalog* catalog_;
  SearchLimits limits_;
  mutable std::shared_mutex mutex_;  // readers share; applying changes is exclusive
  std::unique_ptr<Index> index_;
  db::ChangeFollower follower_;
};

}  // namespace wsis::search
