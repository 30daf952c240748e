// The baseline search.md and PERFORMANCE.md compare our index with: SQLite FTS5 over the same
// published entries (title and description with their translations; unicode61 tokenizer with
// remove_diacritics 2; bm25 ranking with the title weighted twice), filters as SQL, and facet
// counts by GROUP BY over the matches. Built in memory beside the database it reads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace wsis::bench {

struct BaselineFilter {
  std::map<std::string, std::vector<std::string>> values;  // facet name (as the API names it) -> values
};

struct BaselineAnswer {
  std::int64_t total = 0;
  std::vector<std::int64_t> ids;  // best first
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> facets;
};

class Fts5Baseline {
 public:
  // Reads the published entries of DATA_DIR/wsis.db (read-only) and indexes them.
  explicit Fts5Baseline(const std::string& database_path);
  ~Fts5Baseline();

  double build_seconds() const { return build_seconds_; }
  std::int64_t index_bytes() const;  // pages of the in-memory FTS database
  std::size_t size() const { return documents_; }

  // The first `limit` matches by bm25, how many match, and the facet counts (disjunctive: a
  // facet's own filter is left out of its counts, as the API does).
  BaselineAnswer search(const std::string& query, const BaselineFilter& filter, int limit);

  // A user's text as an FTS5 query: quoted phrases kept, other words each quoted (so that
  // FTS5 operators in the text are words), all of them required (FTS5's implicit AND).
  static std::string fts_query(const std::string& text);

 private:
  sqlite3* db_ = nullptr;
  double build_seconds_ = 0;
  std::size_t documents_ = 0;
};

}  // namespace wsis::bench
