// Prometheus metrics: request counts by route and status class, latency histograms by route.
// Lock-free on the request path (relaxed atomics); rendered on GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wsis::http {

class Metrics {
 public:
  // `route_names` gives each route index a label; two more slots are added for static files and
  // requests that matched no route.
  explicit Metrics(std::vector<std::string> route_names);

  std::size_t static_slot() const { return names_.size() - 2; }
  std::size_t unmatched_slot() const { return names_.size() - 1; }

  void record(std::size_t slot, std::string_view method, int status, double seconds);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }

  std::string render() const;

  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1.0,   2.5,   5.0,  10.0};

 private:
  struct Slot {
    std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<std::uint64_t> sum_microseconds{0};
  };
  std::vector<std::string> names_;
  std::unique_ptr<Slot[]> slots_;
  std::atomic<std::int64_t> open_connections_{0};
};

}  // namespace wsis::http
