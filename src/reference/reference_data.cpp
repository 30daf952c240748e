#include "reference/reference_data.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "core/language.h"
#include "core/resources.h"

namespace json = boost::json;

namespace wsis::reference {

namespace {

[[noreturn]] void fail(std::string_view file, const std::string& what) {
  throw std::runtime_error("reference data " + std::string(file) + ": " + what);
}

json::array load_array(std::string_view path) {
  auto text = resource(path);
  if (!text) fail(path, "missing from the binary");
  boost::system::error_code ec;
  auto value = json::parse(*text, ec);
  if (ec || !value.is_array()) fail(path, "not a JSON array");
  return std::move(value.as_array());
}

std::string str(const json::object& o, std::string_view key, std::string_view file) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) fail(file, "item without string '" + std::string(key) + "'");
  return std::string(v->as_string());
}

int integer(const json::object& o, std::string_view key, std::string_view file) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) fail(file, "item without integer '" + std::string(key) + "'");
  return static_cast<int>(v->as_int64());
}

Texts texts(const json::object& o, std::string_view key, std::string_view file) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_object()) fail(file, "item without texts '" + std::string(key) + "'");
  Texts out;
  for (std::size_t i = 0; i < kLanguages.size(); ++i) {
    const auto* t = v->as_object().if_contains(kLanguages[i]);
    if (!t || !t->is_string() || t->as_string().empty())
      fail(file, "'" + std::string(key) + "' has no " + std::string(kLanguages[i]) + " text");
    out[i] = std::string(t->as_string());
  }
  return out;
}

template <typename Items, typename Key>
std::unordered_map<std::string, std::size_t> index_by(const Items& items, Key key, std::string_view file) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!index.emplace(key(items[i]), i).second) fail(file, "duplicate code " + key(items[i]));
  return index;
}

}  // namespace

ReferenceData::ReferenceData() {
  constexpr std::string_view kActionLines = "data/reference/action_lines.json";
  for (const auto& v : load_array(kActionLines)) {
    const auto& o = v.as_object();
    ActionLine line;
    line.code = str(o, "code", kActionLines);
    if (const auto* p = o.if_contains("parent"); p && p->is_string()) line.parent = std::string(p->as_string());
    line.order = integer(o, "order", kActionLines);
    line.title = texts(o, "title", kActionLines);
    line.short_title = texts(o, "short", kActionLines);
    if (const auto* f = o.if_contains("facilitators"); f && f->is_array())
      for (const auto& agency : f->as_array())
        if (agency.is_string()) line.facilitators.emplace_back(agency.as_string());
    action_lines_.push_back(std::move(line));
  }
  action_line_index_ = index_by(action_lines_, [](auto& a) { return a.code; }, kActionLines);

  constexpr std::string_view kGoals = "data/reference/sdg/goals.json";
  for (const auto& v : load_array(kGoals)) {
    const auto& o = v.as_object();
    goals_.push_back(Goal{integer(o, "number", kGoals), str(o, "code", kGoals), texts(o, "short", kGoals),
                          texts(o, "title", kGoals)});
  }
  for (std::size_t i = 0; i < goals_.size(); ++i)
    if (goals_[i].number != static_cast<int>(i) + 1) fail(kGoals, "goals must be numbered 1..17 in order");

  constexpr std::string_view kTargets = "data/reference/sdg/targets.json";
  for (const auto& v : load_array(kTargets)) {
    const auto& o = v.as_object();
    Target target{str(o, "code", kTargets), integer(o, "goal", kTargets), texts(o, "title", kTargets)};
    if (!goal(target.goal)) fail(kTargets, "target " + target.code + " names an unknown goal");
    targets_.push_back(std::move(target));
  }
  target_index_ = index_by(targets_, [](auto& t) { return t.code; }, kTargets);

  constexpr std::string_view kIndicators = "data/reference/sdg/indicators.json";
  for (const auto& v : load_array(kIndicators)) {
    const auto& o = v.as_object();
    Indicator indicator{str(o, "code", kIndicators), str(o, "target", kIndicators), integer(o, "goal", kIndicators),
                        texts(o, "title", kIndicators)};
    if (!target(indicator.target)) fail(kIndicators, "indicator " + indicator.code + " names an unknown target");
    indicators_.push_back(std::move(indicator));
  }

  constexpr std::string_view kRegions = "data/reference/regions.json";
  for (const auto& v : load_array(kRegions)) {
    const auto& o = v.as_object();
    regions_.push_back(Region{str(o, "code", kRegions), texts(o, "title", kRegions)});
  }
  region_index_ = index_by(regions_, [](auto& r) { return r.code; }, kRegions);

  constexpr std::string_view kCountries = "data/reference/countries.json";
  for (const auto& v : load_array(kCountries)) {
    const auto& o = v.as_object();
    Country country{str(o, "iso3", kCountries), str(o, "iso2", kCountries), str(o, "region", kCountries),
                    texts(o, "name", kCountries)};
    if (!region(country.region)) fail(kCountries, country.iso3 + " is in unknown region " + country.region);
    countries_.push_back(std::move(country));
  }
  country_index_ = index_by(countries_, [](auto& c) { return c.iso3; }, kCountries);

  constexpr std::string_view kStakeholders = "data/reference/stakeholder_types.json";
  for (const auto& v : load_array(kStakeholders)) {
    const auto& o = v.as_object();
    stakeholder_types_.push_back(CodedTitle{str(o, "code", kStakeholders), texts(o, "title", kStakeholders)});
  }

  constexpr std::string_view kPrizes = "data/reference/prize_categories.json";
  for (const auto& v : load_array(kPrizes)) {
    const auto& o = v.as_object();
    PrizeCategory category{str(o, "code", kPrizes), str(o, "action_line", kPrizes), integer(o, "order", kPrizes),
                           texts(o, "title", kPrizes)};
    if (!action_line(category.action_line)) fail(kPrizes, category.code + " names an unknown action line");
    prize_categories_.push_back(std::move(category));
  }
}

const ReferenceData& ReferenceData::instance() {
  static const ReferenceData data;
  return data;
}

const ActionLine* ReferenceData::action_line(std::string_view code) const {
  auto it = action_line_index_.find(std::string(code));
  return it == action_line_index_.end() ? nullptr : &action_lines_[it->second];
}
const Goal* ReferenceData::goal(int number) const {
  return number >= 1 && number <= static_cast<int>(goals_.size()) ? &goals_[static_cast<std::size_t>(number - 1)] : nullptr;
}
const Target* ReferenceData::target(std::string_view code) const {
  auto it = target_index_.find(std::string(code));
  return it == target_index_.end() ? nullptr : &targets_[it->second];
}
const Country* ReferenceData::country(std::string_view iso3) const {
  auto it = country_index_.find(std::string(iso3));
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}
const Region* ReferenceData::region(std::string_view code) const {
  auto it = region_index_.find(std::string(code));
  return it == region_index_.end() ? nullptr : &regions_[it->second];
}
bool ReferenceData::is_stakeholder_type(std::string_view code) const {
  for (const auto& s : stakeholder_types_)
    if (s.code == code) return true;
  return false;
}

}  // namespace wsis::reference
