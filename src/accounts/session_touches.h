// Sessions' last_seen_at, written in batches off the request path. A request that finds its
// session's last_seen_at stale only notes the time here; a background thread writes every noted
// session in one transaction each `interval` (and at destruction), so that thousands of active
// sessions cost one write a second instead of one fsync'd transaction each, competing with other
// writers (the prize votes' group commits) for the write lock. Best effort: a failed batch is
// kept for the next one; a crash loses at most one interval of touches, which only shortens an
// idle session's life by that much.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "db/database.h"

namespace wsis::accounts {

class SessionTouches {
 public:
  SessionTouches(db::Database& database, std::chrono::milliseconds interval);
  ~SessionTouches();  // writes what is noted, then stops
  SessionTouches(const SessionTouches&) = delete;
  SessionTouches& operator=(const SessionTouches&) = delete;

  // Notes that the session was seen at `at_ms` (the latest time noted wins).
  void note(const std::string& id_hash, std::int64_t at_ms);
  // The time noted and not yet written, if any: what the session's expiry must count.
  std::optional<std::int64_t> pending(const std::string& id_hash) const;
  // A session deleted: its touch is dropped.
  void forget(const std::string& id_hash);
  // Writes every noted touch now (tests; the thread does it every interval).
  Result<void> flush();

 private:
  void run();

  db::Database& database_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, std::int64_t> noted_;
  std::mutex flushing_;  // one batch at a time
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace wsis::accounts
