// Prometheus text exposition: families declared before their samples, counts by route and
// status class, cumulative histogram buckets whose +Inf bucket equals the count.
#include "http/metrics.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

namespace wsis::http {
namespace {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses the text format strictly enough to catch malformed lines.
std::vector<Sample> parse(const std::string& text, std::map<std::string, std::string>& types) {
  std::vector<Sample> samples;
  const std::regex type_line(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  const std::regex help_line(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+)");
  const std::regex sample_line(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.eE+-]+|\+Inf|NaN))");
  const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)\"(,|$))");
  std::istringstream in(text);
  std::string line;
  EXPECT_TRUE(text.ends_with("\n")) << "the exposition must end with a newline";
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, type_line)) {
      types[m[1]] = m[2];
      continue;
    }
    if (std::regex_match(line, help_line)) continue;
    if (!std::regex_match(line, m, sample_line)) {
      ADD_FAILURE() << "malformed line: " << line;
      continue;
    }
    Sample sample{m[1], {}, std::stod(m[4])};
    std::string labels = m[3];
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label); it != std::sregex_iterator(); ++it)
      sample.labels[(*it)[1]] = (*it)[2];
    std::string family = sample.name;
    for (auto suffix : {"_bucket", "_sum", "_count"})
      if (family.ends_with(suffix) && !types.count(family)) family = family.substr(0, family.size() - std::strlen(suffix));
    EXPECT_TRUE(types.count(family)) << "sample before its # TYPE: " << line;
    samples.push_back(std::move(sample));
  }
  return samples;
}

double value_of(const std::vector<Sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels) {
  for (const auto& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  return -1;
}

TEST(Metrics, CountsRequestsByRouteAndStatusClass) {
  Metrics metrics({"GET /api/v1/things", "POST /api/v1/things"});
  metrics.record(0, "GET", 200, 0.001);
  metrics.record(0, "GET", 304, 0.001);
  metrics.record(0, "GET", 200, 0.001);
  metrics.record(1, "POST", 422, 0.002);
  metrics.record(metrics.unmatched_slot(), "GET", 404, 0.0001);
  metrics.record(metrics.static_slot(), "GET", 200, 0.0001);
  metrics.record(99, "GET", 500, 0.0001);  // an unknown slot counts as unmatched
  std::map<std::string, std::string> types;
  auto samples = parse(metrics.render(), types);
  EXPECT_EQ(types["wsis_http_requests_total"], "counter");
  EXPECT_EQ(types["wsis_http_request_duration_seconds"], "histogram");
  EXPECT_EQ(types["wsis_http_open_connections"], "gauge");
  auto count = [&](std::string route, std::string status) {
    return value_of(samples, "wsis_http_requests_total", {{"route", route}, {"status", status}});
  };
  EXPECT_EQ(count("GET /api/v1/things", "2xx"), 2);
  EXPECT_EQ(count("GET /api/v1/things", "3xx"), 1);
  EXPECT_EQ(count("POST /api/v1/things", "4xx"), 1);
  EXPECT_EQ(count("unmatched", "4xx"), 1);
  EXPECT_EQ(count("unmatched", "5xx"), 1);
  EXPECT_EQ(count("static", "2xx"), 1);
  EXPECT_EQ(count("POST /api/v1/things", "2xx"), -1) << "zero counts are left out";
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics({"GET /x"});
  // One request in each of three places: <= 0.5 ms, (5 ms, 10 ms], and beyond 10 s.
  metrics.record(0, "GET", 200, 0.0002);
  metrics.record(0, "GET", 200, 0.007);
  metrics.record(0, "GET", 200, 12.0);
  std::map<std::string, std::string> types;
  auto samples = parse(metrics.render(), types);
  std::vector<std::pair<std::string, double>> buckets;
  for (const auto& s : samples)
    if (s.name == "wsis_http_request_duration_seconds_bucket" && s.labels.at("route") == "GET /x")
      buckets.emplace_back(s.labels.at("le"), s.value);
  ASSERT_EQ(buckets.size(), Metrics::kBuckets.size() + 1);
  EXPECT_EQ(buckets.back().first, "+Inf");
  for (std::size_t i = 1; i < buckets.size(); ++i) EXPECT_GE(buckets[i].second, buckets[i - 1].second);
  for (std::size_t i = 0; i + 1 < buckets.size(); ++i) {
    double le = std::stod(buckets[i].first);
    EXPECT_DOUBLE_EQ(le, Metrics::kBuckets[i]);
    double expected = (le >= 0.0002) + (le >= 0.007) + (le >= 12.0);
    EXPECT_EQ(buckets[i].second, expected) << "le=" << buckets[i].first;
  }
  EXPECT_EQ(buckets.back().second, 3);
  EXPECT_EQ(value_of(samples, "wsis_http_request_duration_seconds_count", {{"route", "GET /x"}}), 3);
  EXPECT_NEAR(value_of(samples, "wsis_http_request_duration_seconds_sum", {{"route", "GET /x"}}), 12.0072, 1e-5);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics metrics({"GET /a\"b\\c\nd"});
  metrics.record(0, "GET", 200, 0.001);
  auto text = metrics.render();
  EXPECT_NE(text.find(R"(route="GET /a\"b\\c\nd")"), std::string::npos) << text;
  std::map<std::string, std::string> types;
  parse(text, types);
}

TEST(Metrics, OpenConnectionsGauge) {
  Metrics metrics({});
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  std::map<std::string, std::string> types;
  auto samples = parse(metrics.render(), types);
  EXPECT_EQ(value_of(samples, "wsis_http_open_connections", {}), 1);
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics({"GET /x"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) metrics.record(0, "GET", 200, 0.001);
    });
  for (auto& t : threads) t.join();
  std::map<std::string, std::string> types;
  auto samples = parse(metrics.render(), types);
  EXPECT_EQ(value_of(samples, "wsis_http_requests_total", {{"route", "GET /x"}, {"status", "2xx"}}), 40000);
  EXPECT_EQ(value_of(samples, "wsis_http_request_duration_seconds_count", {{"route", "GET /x"}}), 40000);
}

}  // namespace
}  // namespace wsis::http
