#include "matrix/api_common.h"

#include <set>

#include "core/json_input.h"
#include "http/problem.h"
#include "matrix/guidance.h"
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
  std::set<std::pair<std::string, int>> goal_links;
  std::set<std::pair<std::string, std::string>> target_links;
  for (const auto& l : links) {
    goal_links.emplace(l.key.action_line, l.key.goal);
    if (!l.key.target.empty()) target_links.emplace(l.key.action_line, l.key.target);
  }
  std::set<std::pair<std::string, int>> whole_goal_links;
  for (const auto& l : links)
    if (l.key.target.empty()) whole_goal_links.emplace(l.key.action_line, l.key.goal);

  json::array rows, columns, cells;
  for (std::size_t a = 0; a < d.action_lines; ++a)
    rows.push_back({{"action_line", data.action_lines()[a].code}, {"entries", tally.total.at(Profile::kActionLine, a)}});
  if (!targets) {
    for (std::size_t g = 0; g < d.goals; ++g)
      columns.push_back({{"goal", static_cast<int>(g + 1)}, {"entries", tally.total.at(Profile::kGoal, g)}});
  } else {
    for (std::size_t t = 0; t < d.targets; ++t)
      columns.push_back({{"target", data.targets()[t].code},
                         {"goal", data.targets()[t].goal},
                         {"entries", tally.total.at(Profile::kTarget, t)}});
  }
  for (std::size_t a = 0; a < d.action_lines; ++a) {
    const auto& line = data.action_lines()[a].code;
    std::size_t n_columns = targets ? d.targets : d.goals;
    for (std::size_t c = 0; c < n_columns; ++c) {
      LinkKey key{line, targets ? data.targets()[c].goal : static_cast<int>(c + 1),
                  targets ? data.targets()[c].code : std::string{}};
      std::string reference_scope;
      if (targets) {
        if (target_links.contains(std::pair(line, key.target))) reference_scope = "target";
        else if (whole_goal_links.contains(std::pair(line, key.goal))) reference_scope = "goal";
      } else if (goal_links.contains(std::pair(line, key.goal))) {
        reference_scope = whole_goal_links.contains(std::pair(line, key.goal)) ? "goal" : "target";
      }
      const Profile& cell = targets ? tally.target_cells[a * d.targets + c] : tally.goal_cells[a * d.goals + c];
      // The goal grid is dense (323 cells); the target grid lists only cells with entries or a link.
      if (targets && cell.entries == 0 && reference_scope.empty()) continue;
      auto e = evidence_of(tally, key);
      json::object o{{"action_line", line}, {"goal", key.goal}};
      if (targets) o["target"] = key.target;
      o["reference"] = !reference_scope.empty();
      o["reference_scope"] = reference_scope.empty() ? json::value(nullptr) : json::value(reference_scope);
      o["entries"] = e.entries;
      o["organisations"] = e.organisations;
      o["countries"] = e.countries;
      o["share"] = e.lift.defined ? json::value(e.lift.share) : json::value(nullptr);
      o["lift"] = e.lift.defined ? json::value(e.lift.lift) : json::value(nullptr);
      o["lift_low"] = e.lift.defined ? json::value(e.lift.interval.low) : json::value(nullptr);
      o["lift_high"] = e.lift.defined ? json::value(e.lift.interval.high) : json::value(nullptr);
      o["trend"] = trend_json(cell);
      cells.push_back(std::move(o));
    }
  }
  return {{"level", targets ? "target" : "goal"},
          {"total", tally.total.entries},
          {"confidence", 0.95},
          {"rows", std::move(rows)},
          {"columns", std::move(columns)},
          {"cells", std::move(cells)}};
}

}  // namespace wsis::matrix
