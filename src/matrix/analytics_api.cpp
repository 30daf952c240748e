// Impact analytics (docs/MATRIX.md): per SDG goal and target, per region, per country, per
// stakeholder type, and the coverage and gaps of any filtered set of published entries. Every
// route takes the filters of /api/v1/entries.
#include <boost/json.hpp>
#include <charconv>

#include "core/json_input.h"
#include "matrix/api.h"
#include "matrix/api_common.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::matrix {

namespace {

// {code: n} for the non-zero counts of one block of a profile.
json::object block_json(const Profile& p, Profile::Block block) {
  const auto& data = reference::ReferenceData::instance();
  const auto& d = Dimensions::instance();
  json::object out;
  auto put = [&](std::size_t size, auto code) {
    for (std::size_t i = 0; i < size; ++i)
      if (auto n = p.at(block, i)) out[code(i)] = n;
  };
  switch (block) {
    case Profile::kActionLine: put(d.action_lines, [&](std::size_t i) { return data.action_lines()[i].code; }); break;
    case Profile::kGoal: put(d.goals, [](std::size_t i) { return std::to_string(i + 1); }); break;
    case Profile::kTarget: put(d.targets, [&](std::size_t i) { return data.targets()[i].code; }); break;
    case Profile::kCountry: put(d.countries, [&](std::size_t i) { return data.countries()[i].iso3; }); break;
    case Profile::kRegion: put(d.regions, [&](std::size_t i) { return data.regions()[i].code; }); break;
    case Profile::kStakeholder:
      put(d.stakeholders, [&](std::size_t i) { return data.stakeholder_types()[i].code; });
      break;
    default: break;
  }
  return out;
}

json::object summary_json(const Profile& p) {
  return {{"entries", p.entries}, {"organisations", p.organisations}, {"countries", p.countries},
          {"trend", trend_json(p)}};
}

std::int64_t covered(const Profile& p, Profile::Block block, std::size_t size) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < size; ++i) n += p.at(block, i) > 0;
  return n;
}

// Coverage of action lines, goals and targets, and the gaps: targets with no entry, and with
// fewer than `few`.
json::object coverage_json(const Profile& p, std::int64_t few, bool lists) {
  const auto& data = reference::ReferenceData::instance();
  const auto& d = Dimensions::instance();
  json::array none, some;
  std::int64_t n_none = 0, n_few = 0;
  for (std::size_t t = 0; t < d.targets; ++t) {
    auto n = p.at(Profile::kTarget, t);
    if (n == 0) {
      ++n_none;
      if (lists) none.push_back(json::value(data.targets()[t].code));
    } else if (n < few) {
      ++n_few;
      if (lists) some.push_back({{"target", data.targets()[t].code}, {"entries", n}});
    }
  }
  json::array goals_without;
  for (std::size_t g = 0; g < d.goals; ++g)
    if (p.at(Profile::kGoal, g) == 0) goals_without.push_back(static_cast<int>(g + 1));
  json::object coverage{
      {"action_lines", {{"covered", covered(p, Profile::kActionLine, d.action_lines)}, {"of", d.action_lines}}},
      {"goals", {{"covered", covered(p, Profile::kGoal, d.goals)}, {"of", d.goals}}},
      {"targets", {{"covered", covered(p, Profile::kTarget, d.targets)}, {"of", d.targets}}}};
  json::object gaps{{"few_below", few}, {"targets_without_entries", n_none}, {"targets_with_few_entries", n_few}};
  if (lists) {
    gaps["goals_without"] = std::move(goals_without);
    gaps["targets_without"] = std::move(none);
    gaps["targets_few"] = std::move(some);
  }
  return {{"coverage", std::move(coverage)}, {"gaps", std::move(gaps)}};
}

Result<std::int64_t> read_few(const http::Request& request) {
  auto raw = request.query_param("few");
  if (!raw) return std::int64_t{3};
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec == std::errc() && p == raw->data() + raw->size() && v >= 1 && v <= 1000) return v;
  FieldErrors errors;
  errors.add("few", "invalid_value");
  return errors.to_error(ErrorCode::invalid_query);
}

// Parses the filters, reads the tally in `scope` and answers what `build` makes of it.
template <typename Build>
http::Response analytics(MatrixModule& module, http::Request& request, Scope scope, Build build) {
  auto filter = evidence_filter(request);
  if (!filter) return problem(request, filter.error());
  auto few = read_few(request);
  if (!few) return problem(request, few.error());
  auto level = read_level(request);
  if (!level) return problem(request, level.error());
  json::object body;
  module.current_evidence().read(*filter, scope, [&](const Tally& tally) { body = build(tally, *few, *level); });
  auto response = http::json_response(200, body);
  response.set_header("cache-control", "public, no-cache");
  return response;
}

}  // namespace

void register_analytics_routes(http::Router& router, MatrixModule& module) {
  router.add("GET", "/api/v1/analytics/sdgs", [&module](http::Request& request) {
    return analytics(module, request, {.sdgs = true}, [](const Tally& tally, std::int64_t, const std::string& level) {
      const auto& data = reference::ReferenceData::instance();
      json::array items;
      bool targets = level == "target";
      const auto& profiles = targets ? tally.by_target : tally.by_goal;
      for (std::size_t i = 0; i < profiles.size(); ++i) {
        const auto& p = profiles[i];
        auto o = summary_json(p);
        if (targets) {
          o["target"] = data.targets()[i].code;
          o["goal"] = data.targets()[i].goal;
        } else {
          o["goal"] = static_cast<int>(i + 1);
        }
        o["action_lines"] = block_json(p, Profile::kActionLine);
        o["stakeholder_types"] = block_json(p, Profile::kStakeholder);
        o["regions"] = block_json(p, Profile::kRegion);
        items.push_back(std::move(o));
      }
      return json::object{{"level", level}, {"total", tally.total.entries}, {"items", std::move(items)}};
    });
  });

  router.add("GET", "/api/v1/analytics/regions", [&module](http::Request& request) {
    return analytics(module, request, {.groups = true}, [](const Tally& tally, std::int64_t few, const std::string&) {
      const auto& data = reference::ReferenceData::instance();
      json::array items;
      for (std::size_t r = 0; r < tally.by_region.size(); ++r) {
        const auto& p = tally.by_region[r];
        auto o = summary_json(p);
        o["region"] = data.regions()[r].code;
        o["stakeholder_types"] = block_json(p, Profile::kStakeholder);
        for (auto& [k, v] : coverage_json(p, few, true)) o[k] = v;
        items.push_back(std::move(o));
      }
      return json::object{{"total", tally.total.entries}, {"items", std::move(items)}};
    });
  });

  router.add("GET", "/api/v1/analytics/countries", [&module](http::Request& request) {
    return analytics(module, request, {.groups = true}, [](const Tally& tally, std::int64_t few, const std::string&) {
      const auto& data = reference::ReferenceData::instance();
      json::array items;
      for (std::size_t c = 0; c < tally.by_country.size(); ++c) {
        const auto& p = tally.by_country[c];
        if (p.entries == 0) continue;
        auto o = summary_json(p);
        o["country"] = data.countries()[c].iso3;
        o["region"] = data.countries()[c].region;
        // Gap lists per country are at /analytics/coverage?country=...; here their sizes.
        for (auto& [k, v] : coverage_json(p, few, false)) o[k] = v;
        items.push_back(std::move(o));
      }
      return json::object{{"total", tally.total.entries}, {"items", std::move(items)}};
    });
  });

  router.add("GET", "/api/v1/analytics/stakeholder-types", [&module](http::Request& request) {
    return analytics(module, request, {.groups = true}, [](const Tally& tally, std::int64_t, const std::string&) {
      const auto& data = reference::ReferenceData::instance();
      json::array items;
      for (std::size_t s = 0; s < tally.by_stakeholder.size(); ++s) {
        const auto& p = tally.by_stakeholder[s];
        auto o = summary_json(p);
        o["stakeholder_type"] = data.stakeholder_types()[s].code;
        o["action_lines"] = block_json(p, Profile::kActionLine);
        o["goals"] = block_json(p, Profile::kGoal);
        o["regions"] = block_json(p, Profile::kRegion);
        items.push_back(std::move(o));
      }
      return json::object{{"total", tally.total.entries}, {"items", std::move(items)}};
    });
  });

  router.add("GET", "/api/v1/analytics/coverage", [&module](http::Request& request) {
    return analytics(module, request, {}, [](const Tally& tally, std::int64_t few, const std::string&) {
      const auto& p = tally.total;
      auto o = summary_json(p);
      o["action_lines"] = block_json(p, Profile::kActionLine);
      o["goals"] = block_json(p, Profile::kGoal);
      o["targets"] = block_json(p, Profile::kTarget);
      o["stakeholder_types"] = block_json(p, Profile::kStakeholder);
      o["regions"] = block_json(p, Profile::kRegion);
      o["country_entries"] = block_json(p, Profile::kCountry);
      for (auto& [k, v] : coverage_json(p, few, true)) o[k] = v;
      return o;
    });
  });
}

}  // namespace wsis::matrix
