// The catalog: an in-memory index of the published entries that answers the public list and
// facet queries without touching SQL. One compressed bitmap (CRoaring) of entry ids per facet
// value, and the entries presorted by date and by title in each language. It is derived from
// the database (the projection tables) and follows the change feed, so it can always be
// rebuilt and never holds anything the database does not.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.h"
#include "core/language.h"
#include "db/change_follower.h"
#include "db/database.h"
#include "stocktaking/entries_service.h"

class Roaring;  // CRoaring's C++ bitmap (roaring/roaring.hh)

namespace wsis::stocktaking {

class EntryCatalog {
 public:
  // How facet counts are made for a set of matching entries (catalog.cpp, facets()).
  enum class Counting {
    choose,     // by the set's size, as below
    walk,       // tally the values of the set's entries
    walk_rest,  // each value's cardinality less a tally of the entries outside the set
    bitmaps,    // intersect each value's bitmap with the set
  };
  struct Options {
    // choose walks a set smaller than this share of the catalog, walks the rest when what is
    // left out is smaller than it, and intersects bitmaps otherwise. At a half, it never
    // intersects: with entries' values in compact records, walking is the cheaper at every
    // size (bench/catalog_facets.cpp; docs/PERFORMANCE.md).
    double walk_below_share = 0.5;
    Counting counting = Counting::choose;  // forced, for tests and benchmarks
    // A page sorts the matching entries when they are under this share of the catalog, and
    // walks the presorted order skipping the others otherwise (0: always walk; 2: always sort).
    double sort_below_share = 1.0 / 16;
  };
  EntryCatalog(db::Database& database, const Clock& clock, Options options);
  EntryCatalog(db::Database& database, const Clock& clock) : EntryCatalog(database, clock, Options{}) {}
  ~EntryCatalog();

  // Loads every published entry (at start-up; the catalog is empty until then).
  Result<void> rebuild();
  // Applies the change feed since the last change seen. Cheap when nothing changed.
  Result<void> catch_up();
  // catch_up() at most every `interval_ms`, so that writes from other processes (an import on
  // the command line, another server) show within that time without a thread of our own.
  void refresh_if_stale(std::int64_t interval_ms = 250);

  // The ids of one page of published entries matching `filter`, in `sort` order, after
  // `after` (a position from an earlier page); `next` is set when more follow. Same positions
  // as the SQL path: {"k": published_at | hex title key, "i": id}. With `within`, only entries
  // in that set (a search's text matches) are listed.
  Result<std::vector<std::int64_t>> page(const EntryFilter& filter, SortOrder sort, std::string_view lang,
                                         const std::optional<boost::json::object>& after, int limit,
                                         std::optional<boost::json::object>& next,
                                         const Roaring* within = nullptr) const;
  // Counts per facet value of the entries matching `filter` (and in `within`, when given).
  FacetCounts facets(const EntryFilter& filter, const Roaring* within = nullptr) const;
  // The ids of the published entries matching `filter` (every published entry when it is empty).
  Roaring matching(const EntryFilter& filter) const;
  // The same, or nullopt when `filter` filters nothing (spares copying every id).
  std::optional<Roaring> restricting(const EntryFilter& filter) const;

  std::size_t size() const;
  std::int64_t last_sequence() const { return follower_.last_sequence(); }

 public:  // for the helpers in catalog.cpp
  struct Doc;
  struct Index;

 private:
  db::Database& database_;
  Options options_;
  mutable std::shared_mutex mutex_;  // readers share; applying changes is exclusive
  std::unique_ptr<Index> index_;
  db::ChangeFollower follower_;
};

}  // namespace wsis::stocktaking
