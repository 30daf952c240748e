// The evidence: what published Stocktaking entries say about action lines and SDGs, counted in
// memory. One Tally over all published entries is kept current through the change feed, entry
// by entry (its old contribution subtracted, its new one added), so the full matrix is read,
// never recomputed, per request. A filtered question (a region, a year...) is answered by a
// Tally built from the matching entries, which are held in memory in compact form.
//
// Derived view: it reads the Stocktaking projection tables (entries, entry_action_lines,
// entry_goals, entry_targets, entry_countries) read-only, as the entry catalog does
// (src/stocktaking/catalog.cpp), and follows the change feed's "entry" topic.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/change_follower.h"
#include "db/database.h"
#include "stocktaking/entries_service.h"

namespace wsis::matrix {

// The sizes of the reference lists, and the position of each code in them.
struct Dimensions {
  static const Dimensions& instance();
  std::size_t action_lines = 0, goals = 0, targets = 0, countries = 0, regions = 0, stakeholders = 0;
  static constexpr int first_year = 2003;
  static constexpr std::size_t years = 100;
  std::vector<int> target_goal;  // target index -> goal index
  int action_line(std::string_view code) const;
  int target(std::string_view code) const;
  int country(std::string_view iso3) const;
  int region(std::string_view code) const;
  int stakeholder(std::string_view code) const;
};

// One published entry as the evidence sees it: indices into the reference lists.
struct EntryFacts {
  std::uint32_t id = 0;
  std::uint32_t organisation = 0;
  std::int16_t year = 0;
  std::uint8_t stakeholder = 0, language = 0, status = 0, type = 0;
  bool success = false;
  std::uint8_t n_action_lines = 0, n_goals = 0, n_targets = 0, n_countries = 0, n_regions = 0;
  // action lines, goals (0-based), targets, countries, regions, in that order
  std::vector<std::uint16_t> codes;

  const std::uint16_t* action_lines() const { return codes.data(); }
  const std::uint16_t* goals() const { return action_lines() + n_action_lines; }
  const std::uint16_t* targets() const { return goals() + n_goals; }
  const std::uint16_t* countries() const { return targets() + n_targets; }
  const std::uint16_t* regions() const { return countries() + n_countries; }
};

// Counts of a set of entries. `counts` holds, one block after the other, the entries per
// action line, goal, target, country, region, stakeholder type and reporting year.
struct Profile {
  std::int64_t entries = 0;
  std::int32_t organisations = 0;  // distinct
  std::int32_t countries = 0;      // distinct
  std::vector<std::int32_t> counts;

  enum Block { kActionLine, kGoal, kTarget, kCountry, kRegion, kStakeholder, kYear, kBlocks };
  std::int32_t at(Block block, std::size_t index) const;
};

// (profile, organisation) -> entries: an open-addressing table, so that distinct organisation
// counts survive removals without a hash node per pair.
class PairCounts {
 public:
  // The count after the change.
  std::uint32_t increment(std::uint64_t key);
  std::uint32_t decrement(std::uint64_t key);
  std::size_t size() const { return size_; }

 private:
  std::size_t slot_of(std::uint64_t key) const;
  void grow();
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
};

// What a tally counts besides the totals.
struct Scope {
  bool cells = false;   // action line x goal and x target
  bool sdgs = false;    // per goal, per target, per action line
  bool groups = false;  // per region, country and stakeholder type
};

class Tally {
 public:
  explicit Tally(Scope scope);
  void add(const EntryFacts& entry, int sign);

  const Scope scope;
  Profile total;
  std::vector<Profile> goal_cells, target_cells;  // [action line * goals + goal], [.. * targets + target]
  std::vector<Profile> by_action_line, by_goal, by_target;
  std::vector<Profile> by_region, by_country, by_stakeholder;

 private:
  void add_to(std::size_t profile_number, Profile& profile, const EntryFacts& entry, int sign, bool breakdown);
  PairCounts organisations_;
};

// The filters of /api/v1/entries, turned into indices for matching EntryFacts.
struct FactFilter {
  explicit FactFilter(const stocktaking::EntryFilter& filter);
  bool empty() const { return empty_; }
  bool matches(const EntryFacts& entry) const;

 private:
  bool empty_ = true;
  std::vector<bool> action_lines_, goals_, targets_, countries_, regions_, stakeholders_, languages_, statuses_,
      types_, years_;
  std::optional<std::uint32_t> organisation_;
  std::optional<bool> success_;
};

class EvidenceIndex {
 public:
  EvidenceIndex(db::Database& database, const Clock& clock);
  ~EvidenceIndex();

  // Loads every published entry and counts it (at start-up).
  Result<void> rebuild();
  // Applies the change feed since the last change seen.
  Result<void> catch_up();
  void refresh_if_stale(std::int64_t interval_ms = 250);

  // One entry's new state (nothing: not published any more): its old contribution is
  // subtracted and the new one added. Takes no lock: catch_up calls it under the index's
  // exclusive lock; the benchmark, alone, calls it directly.
  void apply(std::uint32_t id, std::optional<EntryFacts> facts);

  // Calls `read` with the tally of the published entries that match `filter`: the one kept
  // current when the filter is empty, else one counted now from the matching entries in memory.
  void read(const stocktaking::EntryFilter& filter, Scope scope, const std::function<void(const Tally&)>& read) const;
  // The ids of matching entries that name `action_line` and `goal` (and `target` when >= 0).
  std::vector<std::uint32_t> entries_of(const stocktaking::EntryFilter& filter, int action_line, int goal, int target,
                                        std::size_t limit) const;

  std::size_t size() const;
  std::int64_t last_sequence() const { return follower_.last_sequence(); }

  // The facts of one entry as the projection tables hold them (nothing if not published).
  static Result<std::optional<EntryFacts>> read_facts(db::Connection& connection, std::uint32_t id);

 private:
  db::Database& database_;
  mutable std::shared_mutex mutex_;
  std::vector<EntryFacts> facts_;  // by entry id; n_action_lines == 0 means absent
  std::size_t size_ = 0;
  std::unique_ptr<Tally> tally_;
  db::ChangeFollower follower_;
};

}  // namespace wsis::matrix
