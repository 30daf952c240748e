#include "http/metrics.h"

#include <fmt/format.h>

namespace wsis::http {

Metrics::Metrics(std::vector<std::string> route_names) : names_(std::move(route_names)) {
  names_.push_back("static");
  names_.push_back("unmatched");
  slots_ = std::make_unique<Slot[]>(names_.size());
}

void Metrics::record(std::size_t slot, std::string_view, int status, double seconds) {
  if (slot >= names_.size()) slot = unmatched_slot();
  Slot& s = slots_[slot];
  int status_class = status / 100 - 1;
  if (status_class >= 0 && status_class < 5) s.by_class[static_cast<std::size_t>(status_class)].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s.sum_microseconds.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

namespace {
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::render() const {
  std::string out;
  out += "# HELP wsis_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE wsis_http_requests_total counter\n";
  for (std::size_t i = 0; i < names_.size(); ++i) {
    for (std::size_t c = 0; c < 5; ++c) {
      auto n = slots_[i].by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("wsis_http_requests_total{{route=\"{}\",status=\"{}xx\"}} {}\n", escape_label(names_[i]), c + 1, n);
    }
  }
  out += "# HELP wsis_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE wsis_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < names_.size(); ++i) {
    std::uint64_t cumulative = 0;
    const Slot& s = slots_[i];
    std::uint64_t total = 0;
    for (const auto& b : s.buckets) total += b.load(std::memory_order_relaxed);
    if (total == 0) continue;
    auto label = escape_label(names_[i]);
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("wsis_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label, kBuckets[b], cumulative);
    }
    cumulative += s.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("wsis_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label, cumulative);
    out += fmt::format("wsis_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", label,
                       static_cast<double>(s.sum_microseconds.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format("wsis_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, cumulative);
  }
  out += "# HELP wsis_http_open_connections Client connections now open.\n";
  out += "# TYPE wsis_http_open_connections gauge\n";
  out += fmt::format("wsis_http_open_connections {}\n", open_connections_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace wsis::http
