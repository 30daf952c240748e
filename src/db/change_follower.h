// Where an in-memory view derived from the database (the catalog, the search index, the
// evidence index) stands in the change feed, and the loop that brings it up to date: the
// changes since the last one applied, in batches, each read in a read transaction; the view
// reads the changed entries' new state (SQL, outside its own lock) and swaps it in (under its
// lock, so that its readers wait only for the in-memory update, never for SQL).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "db/change_feed.h"
#include "db/database.h"

namespace wsis::db {

class ChangeFollower {
 public:
  static constexpr int kBatch = 5000;  // changes read at a time

  explicit ChangeFollower(const Clock& clock) : clock_(clock) {}

  // The sequence number of the last change the view applied.
  std::int64_t last_sequence() const { return last_seq_.load(); }

  // Whether `interval_ms` have passed since the last catch-up or rebuild began.
  bool stale(std::int64_t interval_ms) const { return clock_.now_ms() - last_check_ms_.load() >= interval_ms; }

  // A rebuild read everything up to change `seq` in one snapshot: follow from there.
  void rebuilt_at(std::int64_t seq) {
    last_seq_.store(seq);
    last_check_ms_.store(clock_.now_ms());
  }

  // One follower at a time: catch_up holds this; a rebuild that may run beside catch-ups
  // takes it too.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // Applies every change after the last one applied, in batches of kBatch. For each batch,
  // `apply(connection, ids)` gets the entry ids the batch touches (db::changed_ids), read
  // in the batch's read transaction, and returns whether to go on: true once it has applied
  // them (the position then moves past the batch), false when it has taken over instead (a
  // rebuild, which sets the position itself through rebuilt_at).
  template <class Apply>
  Result<void> catch_up(Database& database, Apply&& apply) {
    auto held = lock();
    last_check_ms_.store(clock_.now_ms());
    WSIS_ASSIGN(auto connection, database.connect());
    while (true) {
      WSIS_ASSIGN(auto transaction, Transaction::begin(*connection, TransactionMode::read));
      WSIS_ASSIGN(auto changes, changes_after(*connection, last_seq_.load(), kBatch));
      if (changes.empty()) return Ok{};
      WSIS_ASSIGN(bool go_on, apply(*connection, changed_ids(changes, "entry")));
      if (!go_on) return Ok{};
      last_seq_.store(changes.back().seq);
      if (changes.size() < static_cast<std::size_t>(kBatch)) return Ok{};
    }
  }

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::atomic<std::int64_t> last_seq_{0};
  std::atomic<std::int64_t> last_check_ms_{0};
};

}  // namespace wsis::db
