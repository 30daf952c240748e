// Per-minute counters for the voting rate limits (per account, per network).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace wsis::prizes {

class RateWindows {
 public:
  // Counts one event for `key` in the current minute; false (and the seconds until the next
  // minute in `retry_after`) when that would exceed `limit`.
  bool admit(const std::string& key, int limit, std::int64_t now_ms, int& retry_after);

 private:
  std::mutex mutex_;
  std::int64_t minute_ = 0;
  std::unordered_map<std::string, int> counts_;
};

// The network an address belongs to for rate limits and fraud signals: IPv4 /24, IPv6 /48.
std::string network_of(const std::string& ip);

}  // namespace wsis::prizes
