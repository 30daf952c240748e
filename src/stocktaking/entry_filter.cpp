// Query parameters of /api/v1/entries and /api/v1/entries/facets -> EntryFilter.
#include <algorithm>
#include <charconv>

#include "core/json_input.h"
#include "core/language.h"
#include "reference/reference_data.h"
#include "stocktaking/entries_service.h"

namespace wsis::stocktaking {

namespace {

// "a,b" and repeated parameters both give several values.
std::vector<std::string> split_values(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
  return out;
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return value;
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, std::string_view value) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

constexpr std::size_t kMaxValuesPerFilter = 50;

}  // namespace

Result<EntryFilter> parse_filter(const std::vector<std::pair<std::string, std::string>>& query) {
  const auto& data = reference::ReferenceData::instance();
  EntryFilter filter;
  FieldErrors errors;
  for (const auto& [name, raw] : query) {
    auto values = split_values(raw);
    if (values.size() > kMaxValuesPerFilter) {
      errors.add(name, "too_many_items", {{"max", static_cast<std::int64_t>(kMaxValuesPerFilter)}});
      continue;
    }
    auto unknown = [&](const std::string& v) { errors.add(name, "unknown_code", {{"code", v.substr(0, 64)}}); };
    for (const auto& v : values) {
      if (name == "action_line") {
        if (data.action_line(v)) filter.action_lines.push_back(v); else unknown(v);
      } else if (name == "sdg") {
        auto goal = to_int(v);
        if (goal && data.goal(static_cast<int>(*goal))) filter.goals.push_back(static_cast<int>(*goal)); else unknown(v);
      } else if (name == "target") {
        if (data.target(v)) filter.targets.push_back(v); else unknown(v);
      } else if (name == "country") {
        if (data.country(v)) filter.countries.push_back(v); else unknown(v);
      } else if (name == "region") {
        if (data.region(v)) filter.regions.push_back(v); else unknown(v);
      } else if (name == "stakeholder_type") {
        if (data.is_stakeholder_type(v)) filter.stakeholder_types.push_back(v); else unknown(v);
      } else if (name == "language") {
        if (is_supported_language(v)) filter.languages.push_back(v); else unknown(v);
      } else if (name == "status") {
        if (one_of(kProjectStatuses, v)) filter.project_statuses.push_back(v); else unknown(v);
      } else if (name == "type") {
        if (one_of(kEntryTypes, v)) filter.entry_types.push_back(v); else unknown(v);
      } else if (name == "state") {
        if (one_of(kEntryStates, v)) filter.states.push_back(v); else unknown(v);
      } else if (name == "year") {
        auto year = to_int(v);
        if (year && *year >= EntryLimits::first_year && *year <= 2100) filter.years.push_back(static_cast<int>(*year));
        else errors.add(name, "out_of_range", {{"min", std::int64_t{EntryLimits::first_year}}, {"max", std::int64_t{2100}}});
      } else if (name == "organisation") {
        auto id = to_int(v);
        if (id && *id > 0) filter.organisation_id = *id; else errors.add(name, "invalid_value");
      } else if (name == "success_story" || name == "mine" || name == "pending") {
        if (v != "true" && v != "false") {
          errors.add(name, "expected_boolean");
          continue;
        }
        if (name == "mine") filter.mine = v == "true";
        else if (name == "pending") filter.pending = v == "true";
        else filter.success_story = v == "true";
      }
      // Other parameters (cursor, limit, sort, lang, q, facets) belong to the caller.
    }
  }
  if (!errors.empty()) return errors.to_error(ErrorCode::invalid_query);
  return filter;
}

}  // namespace wsis::stocktaking
