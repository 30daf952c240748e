#include "accounts/session_touches.h"

#include <spdlog/spdlog.h>

namespace wsis::accounts {

SessionTouches::SessionTouches(db::Database& database, std::chrono::milliseconds interval)
    : database_(database), interval_(interval), thread_([this] { run(); }) {}

SessionTouches::~SessionTouches() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (auto written = flush(); !written) spdlog::warn("session touches lost at stop: {}", written.error().detail);
}

void SessionTouches::note(const std::string& id_hash, std::int64_t at_ms) {
  std::lock_guard lock(mutex_);
  auto& at = noted_[id_hash];
  at = std::max(at, at_ms);
}

std::optional<std::int64_t> SessionTouches::pending(const std::string& id_hash) const {
  std::lock_guard lock(mutex_);
  auto it = noted_.find(id_hash);
  if (it == noted_.end()) return std::nullopt;
  return it->second;
}

void SessionTouches::forget(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  noted_.erase(id_hash);
}

Result<void> SessionTouches::flush() {
  std::lock_guard batch_lock(flushing_);
  std::unordered_map<std::string, std::int64_t> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(noted_);
  }
  if (batch.empty()) return Ok{};
  auto written = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    auto touch = c.prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?");
    for (const auto& [id_hash, at] : batch) {
      touch->bind_all(at, id_hash, at);
      WSIS_TRY(touch->run());
      touch->reset();
    }
    return Ok{};
  });
  if (!written) {
    // Kept for the next batch, unless a newer time was noted meanwhile.
    std::lock_guard lock(mutex_);
    for (const auto& [id_hash, at] : batch) {
      auto& kept = noted_[id_hash];
      kept = std::max(kept, at);
    }
  }
  return written;
}

void SessionTouches::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [&] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    if (auto written = flush(); !written) spdlog::debug("session touches deferred: {}", written.error().detail);
    lock.lock();
  }
}

}  // namespace wsis::accounts
