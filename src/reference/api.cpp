#include "reference/api.h"

#include <boost/json.hpp>

#include "core/language.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::reference {

namespace {

using Builder = json::value (*)(const ReferenceData&, std::size_t lang);

json::value action_lines(const ReferenceData& data, std::size_t lang) {
  json::array items;
  for (const auto& line : data.action_lines()) {
    json::array facilitators;
    for (const auto& f : line.facilitators) facilitators.emplace_back(f);
    items.push_back({{"code", line.code},
                     {"parent", line.parent.empty() ? json::value(nullptr) : json::value(line.parent)},
                     {"order", line.order},
                     {"title", line.title[lang]},
                     {"short", line.short_title[lang]},
                     {"facilitators", std::move(facilitators)}});
  }
  return {{"items", std::move(items)}};
}

json::value sdgs(const ReferenceData& data, std::size_t lang) {
  json::array goals;
  for (const auto& goal : data.goals()) {
    json::array targets;
    for (const auto& target : data.targets()) {
      if (target.goal != goal.number) continue;
      json::array indicators;
      for (const auto& indicator : data.indicators())
        if (indicator.target == target.code)
          indicators.push_back({{"code", indicator.code}, {"title", indicator.title[lang]}});
      targets.push_back({{"code", target.code}, {"title", target.title[lang]}, {"indicators", std::move(indicators)}});
    }
    goals.push_back({{"number", goal.number},
                     {"code", goal.code},
                     {"short", goal.short_title[lang]},
                     {"title", goal.title[lang]},
                     {"targets", std::move(targets)}});
  }
  return {{"items", std::move(goals)}};
}

json::value countries(const ReferenceData& data, std::size_t lang) {
  json::array items;
  for (const auto& c : data.countries())
    items.push_back({{"iso3", c.iso3}, {"iso2", c.iso2}, {"region", c.region}, {"name", c.name[lang]}});
  return {{"items", std::move(items)}};
}

json::value regions(const ReferenceData& data, std::size_t lang) {
  json::array items;
  for (const auto& r : data.regions()) {
    std::size_t count = 0;
    for (const auto& c : data.countries()) count += c.region == r.code;
    items.push_back({{"code", r.code}, {"title", r.title[lang]}, {"countries", count}});
  }
  return {{"items", std::move(items)}};
}

json::value stakeholder_types(const ReferenceData& data, std::size_t lang) {
  json::array items;
  for (const auto& s : data.stakeholder_types()) items.push_back({{"code", s.code}, {"title", s.title[lang]}});
  return {{"items", std::move(items)}};
}

json::value prize_categories(const ReferenceData& data, std::size_t lang) {
  json::array items;
  for (const auto& p : data.prize_categories())
    items.push_back({{"code", p.code}, {"action_line", p.action_line}, {"order", p.order}, {"title", p.title[lang]}});
  return {{"items", std::move(items)}};
}

void add(http::Router& router, const std::string& path, Builder build) {
  const auto& data = ReferenceData::instance();
  std::array<std::shared_ptr<const http::PreparedBody>, kLanguages.size()> bodies;
  for (std::size_t lang = 0; lang < kLanguages.size(); ++lang)
    bodies[lang] = http::prepare_body("application/json", http::serialize_json(build(data, lang)));
  router.add("GET", path, [bodies](http::Request& request) {
    http::Response response;
    response.prepared = bodies[language_index(request.lang)];
    response.set_header("content-language", std::string(request.lang));
    response.set_header("vary", "Accept-Encoding, Accept-Language");
    // Changes only with a new release; a day is a fair trade for repeat visitors.
    response.set_header("cache-control", "public, max-age=86400");
    return response;
  });
}

}  // namespace

void register_routes(http::Router& router) {
  add(router, "/api/v1/reference/action-lines", action_lines);
  add(router, "/api/v1/reference/sdgs", sdgs);
  add(router, "/api/v1/reference/countries", countries);
  add(router, "/api/v1/reference/regions", regions);
  add(router, "/api/v1/reference/stakeholder-types", stakeholder_types);
  add(router, "/api/v1/reference/prize-categories", prize_categories);
}

}  // namespace wsis::reference
