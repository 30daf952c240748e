// Shared by the import/export tests (exchange_*_test.cpp): a database file of our own with a
// manual clock, valid exchange rows to start from, and reading files back.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/platform.h"
#include "core/clock.h"
#include "db/database.h"
#include "stocktaking/exchange_format.h"
#include "stocktaking/importer.h"
#include "support/temp_dir.h"

namespace wsis::testing {

inline constexpr std::int64_t kExchangeStartMs = 1'790'000'000'000;  // 2026-09-21

// A valid row in the JSON Lines form: an Arabic entry with English and Chinese translations,
// on one line in CSV too. Tests change what they are about.
inline boost::json::object exchange_row(const std::string& external_id,
                                        const std::string& organisation = "وزارة الاتصالات") {
  auto row = boost::json::parse(R"({
    "state": "published",
    "success_story": false,
    "organisation": {"stakeholder_type": "government", "country": "SEN"},
    "type": "project",
    "title": "الصحة الإلكترونية في المدارس الريفية",
    "description": "Tele-consultations, \"quoted\"; with commas.",
    "language": "ar",
    "translations": {"en": {"title": "E-health in rural schools", "description": "Tele-consultations."},
                     "zh": {"title": "农村学校的电子卫生"}},
    "countries": ["SEN", "MRT"],
    "action_lines": ["C7-e-health", "C4"],
    "primary_action_line": "C7-e-health",
    "sdg_targets": ["3.8", "4.a"],
    "start_date": "2024-02-29",
    "project_status": "ongoing",
    "website": "https://example.org/ehealth",
    "contact": {"name": "Aminata", "email": "aminata@example.org"},
    "partners": ["Ministry of Health; Dakar", "Back\\slash"],
    "reporting_year": 2025
  })")
                 .as_object();
  row["external_id"] = external_id;
  row["organisation"].as_object()["name"] = organisation;
  return row;
}

inline std::string jsonl(const std::vector<boost::json::object>& rows) {
  std::string out;
  for (const auto& row : rows) out += boost::json::serialize(row) + "\n";
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// One database file (migrated), as `wsis serve` would open it.
struct ExchangeDatabase {
  TempDir dir;
  std::unique_ptr<db::Database> database;

  explicit ExchangeDatabase(const Clock& clock) {
    auto opened = app::open_database(dir.path(), clock);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().detail);
    if (opened) database = std::move(*opened);
  }

  std::int64_t count(const std::string& sql) const {
    auto connection = database->connect();
    if (!connection) return -1;
    auto s = (*connection)->prepare(sql);
    auto row = s->step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? s->int64(0) : -1;
  }

  std::string text(const std::string& sql) const {
    auto connection = database->connect();
    if (!connection) return {};
    auto s = (*connection)->prepare(sql);
    auto row = s->step();
    return row.ok() && *row && !s->is_null(0) ? s->string(0) : std::string("<null>");
  }
};

// "line:field:code" for each error, in order.
inline std::vector<std::string> error_list(const std::vector<stocktaking::RowError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(std::to_string(e.line) + ":" + e.field + ":" + e.code);
  return out;
}

}  // namespace wsis::testing
