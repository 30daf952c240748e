#include "matrix/api_common.h"

#include <algorithm>

#include "core/json_input.h"
#include "http/problem.h"
#include "matrix/stats.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::matrix {

http::Response problem(const http::Request& request, const Error& error) {
  return http::problem_response(error, request.lang, request.target);
}

Error not_logged_in() { return make_error(ErrorCode::unauthorized, "log in to do this"); }

bool is_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return false;
  int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Result<stocktaking::EntryFilter> evidence_filter(const http::Request& request) {
  for (const auto& [name, value] : request.query)
    if (name == "state" || name == "mine") {
      FieldErrors errors;
      errors.add(name, "unknown_field");
      return errors.to_error(ErrorCode::invalid_query);
    }
  return stocktaking::parse_filter(request.query);
}

Result<std::string> read_level(const http::Request& request) {
  auto level = request.query_param("level").value_or("goal");
  if (level != "goal" && level != "target") {
    FieldErrors errors;
    errors.add("level", "invalid_value");
    return errors.to_error(ErrorCode::invalid_query);
  }
  return std::string(level);
}

json::object trend_json(const Profile& profile) {
  json::object out;
  for (std::size_t y = 0; y < Dimensions::years; ++y)
    if (auto n = profile.at(Profile::kYear, y)) out[std::to_string(Dimensions::first_year + static_cast<int>(y))] = n;
  return out;
}

json::object evidence_json(const Tally& tally, const std::vector<Link>& links, bool targets) {
  const auto& data = reference::ReferenceData::instance();
  const auto& d = Dimensions::instance();
  // The reference scope of every cell, from the links: 1 linked to a target of the cell's
  // goal (goal grid) or to the cell's target (target grid), 2 linked to the whole goal.
  enum : std::uint8_t { kNone, kTarget, kGoal };
  std::size_t columns = targets ? d.targets : d.goals;
  std::vector<std::uint8_t> scope(d.action_lines * columns, kNone);
  std::vector<std::uint8_t> whole(d.action_lines * d.goals, 0);
  for (const auto& l : links) {
    int a = d.action_line(l.key.action_line);
    if (a < 0 || l.key.goal < 1) continue;
    auto line = static_cast<std::size_t>(a);
    auto goal = static_cast<std::size_t>(l.key.goal - 1);
    if (l.key.target.empty()) whole[line * d.goals + goal] = 1;
    if (!targets) {
      auto& s = scope[line * columns + goal];
      if (l.key.target.empty()) s = kGoal;
      else if (s == kNone) s = kTarget;
    } else if (int t = d.target(l.key.target); t >= 0) {
      scope[line * columns + static_cast<std::size_t>(t)] = kTarget;
    }
  }
  if (targets)
    for (std::size_t a = 0; a < d.action_lines; ++a)
      for (std::size_t t = 0; t < d.targets; ++t)
        if (scope[a * columns + t] == kNone && whole[a * d.goals + static_cast<std::size_t>(d.target_goal[t])])
          scope[a * columns + t] = kGoal;

  json::array rows, header, cells;
  for (std::size_t a = 0; a < d.action_lines; ++a)
    rows.push_back({{"action_line", data.action_lines()[a].code}, {"entries", tally.total.at(Profile::kActionLine, a)}});
  for (std::size_t c = 0; c < columns; ++c) {
    if (targets)
      header.push_back({{"target", data.targets()[c].code},
                        {"goal", data.targets()[c].goal},
                        {"entries", tally.total.at(Profile::kTarget, c)}});
    else
      header.push_back({{"goal", static_cast<int>(c + 1)}, {"entries", tally.total.at(Profile::kGoal, c)}});
  }
  cells.reserve(targets ? 1024 : d.action_lines * d.goals);
  for (std::size_t a = 0; a < d.action_lines; ++a) {
    auto line_entries = tally.total.at(Profile::kActionLine, a);
    for (std::size_t c = 0; c < columns; ++c) {
      auto reference = scope[a * columns + c];
      const Profile& cell = targets ? tally.target_cells[a * columns + c] : tally.goal_cells[a * columns + c];
      // The goal grid is dense (323 cells); the target grid lists only cells with entries or a link.
      if (targets && cell.entries == 0 && reference == kNone) continue;
      auto column_entries = tally.total.at(targets ? Profile::kTarget : Profile::kGoal, c);
      auto l = lift(cell.entries, line_entries, column_entries, tally.total.entries);
      json::object o;
      o.reserve(14);
      o["action_line"] = data.action_lines()[a].code;
      o["goal"] = targets ? data.targets()[c].goal : static_cast<int>(c + 1);
      if (targets) o["target"] = data.targets()[c].code;
      o["reference"] = reference != kNone;
      o["reference_scope"] = reference == kNone ? json::value(nullptr)
                                                : json::value(reference == kGoal ? "goal" : "target");
      o["entries"] = cell.entries;
      o["organisations"] = cell.organisations;
      o["countries"] = cell.countries;
      o["share"] = l.defined ? json::value(l.share) : json::value(nullptr);
      o["lift"] = l.defined ? json::value(l.lift) : json::value(nullptr);
      o["lift_low"] = l.defined ? json::value(l.interval.low) : json::value(nullptr);
      o["lift_high"] = l.defined ? json::value(l.interval.high) : json::value(nullptr);
      o["trend"] = trend_json(cell);
      cells.push_back(std::move(o));
    }
  }
  return {{"level", targets ? "target" : "goal"},
          {"total", tally.total.entries},
          {"confidence", 0.95},
          {"rows", std::move(rows)},
          {"columns", std::move(header)},
          {"cells", std::move(cells)}};
}

}  // namespace wsis::matrix
