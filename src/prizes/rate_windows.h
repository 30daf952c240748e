// Per-minute counters for the voting rate limits (per account, per network).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/string_hash.h"

namespace wsis::prizes {

class RateWindows {
 public:
  // Counts one vote of the account (or from the network) in the current minute; false (and
  // the seconds until the next minute in `retry_after`) when that would exceed `limit`.
  bool admit_account(std::int64_t user_id, int limit, std::int64_t now_ms, int& retry_after) {
    return accounts_.admit(user_id, limit, now_ms, retry_after);
  }
  bool admit_network(std::string_view network, int limit, std::int64_t now_ms, int& retry_after) {
    return networks_.admit(network, limit, now_ms, retry_after);
  }

 private:
  // Counters keyed by what they count, so that no key is built per vote: accounts by their
  // id, networks looked up by the caller's string_view (a string is made once per network
  // and minute). Each kind has its own lock: network votes are counted by request threads,
  // account votes mostly by the vote committer.
  template <typename Key, typename Hash = std::hash<Key>, typename Equal = std::equal_to<Key>>
  class MinuteCounts {
   public:
    template <typename Lookup>
    bool admit(const Lookup& key, int limit, std::int64_t now_ms, int& retry_after) {
      std::int64_t minute = now_ms / 60000;
      std::lock_guard lock(mutex_);
      if (minute != minute_) {
        // A new minute starts every counter afresh, which also bounds the memory.
        counts_.clear();
        minute_ = minute;
      }
      auto it = counts_.find(key);
      if (it == counts_.end()) it = counts_.emplace(Key(key), 0).first;
      if (it->second >= limit) {
        retry_after = static_cast<int>((minute + 1) * 60 - now_ms / 1000);
        if (retry_after < 1) retry_after = 1;
        return false;
      }
      ++it->second;
      return true;
    }

   private:
    std::mutex mutex_;
    std::int64_t minute_ = 0;
    std::unordered_map<Key, int, Hash, Equal> counts_;
  };

  MinuteCounts<std::int64_t> accounts_;
  MinuteCounts<std::string, StringViewHash, std::equal_to<>> networks_;
};

// The network an address belongs to for rate limits and fraud signals: IPv4 /24, IPv6 /48.
std::string network_of(const std::string& ip);

}  // namespace wsis::prizes
