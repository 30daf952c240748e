#include "prizes/cycle.h"

#include <boost/json.hpp>
#include <charconv>
#include <ctime>
#include <set>

#include "core/clock.h"
#include "core/json_input.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::prizes {

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::nominations: return "nominations";
    case Phase::review: return "review";
    case Phase::voting: return "voting";
    case Phase::results: return "results";
  }
  return "results";
}

bool Cycle::has_category(std::string_view code) const {
  for (const auto& c : config.categories)
    if (c == code) return true;
  return false;
}

const PhaseWindow* Cycle::window(Phase phase) const {
  switch (phase) {
    case Phase::nominations: return &config.nominations;
    case Phase::review: return &config.review;
    case Phase::voting: return &config.voting;
    case Phase::results: return nullptr;
  }
  return nullptr;
}

bool Cycle::open(Phase phase, std::int64_t now_ms) const {
  if (phase == Phase::results) return now_ms >= config.results_at;
  const auto* w = window(phase);
  return now_ms >= w->opens && now_ms < w->closes;
}

Result<void> Cycle::require_open(Phase phase, std::int64_t now_ms) const {
  if (open(phase, now_ms)) return Ok{};
  std::int64_t opens = phase == Phase::results ? config.results_at : window(phase)->opens;
  std::int64_t closes = phase == Phase::results ? config.results_at : window(phase)->closes;
  bool before = now_ms < opens;
  Error error = make_error(ErrorCode::phase_closed,
                           std::string("the ") + std::string(phase_name(phase)) + " phase " +
                               (before ? "has not opened yet" : "is closed"),
                           {{"phase", std::string(phase_name(phase))},
                            {"state", std::string(before ? "before" : "after")},
                            {"opens", format_timestamp(opens)},
                            {"closes", format_timestamp(closes)}});
  return error;
}

std::optional<std::int64_t> parse_utc_timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (text.size() < 20 || text.size() > 30 || text.back() != 'Z') return std::nullopt;
  auto number = [&](std::size_t at, std::size_t length, int& out) {
    auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return ec == std::errc() && p == text.data() + at + length;
  };
  int year, month, day, hour, minute, second;
  if (!number(0, 4, year) || text[4] != '-' || !number(5, 2, month) || text[7] != '-' || !number(8, 2, day) ||
      text[10] != 'T' || !number(11, 2, hour) || text[13] != ':' || !number(14, 2, minute) || text[16] != ':' ||
      !number(17, 2, second))
    return std::nullopt;
  int millis = 0;
  std::size_t at = 19;
  if (text[at] == '.') {
    std::size_t digits = text.size() - 1 - (at + 1);
    if (digits < 1 || digits > 9) return std::nullopt;
    int fraction = 0;
    if (!number(at + 1, digits, fraction)) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) fraction *= 10;
    for (std::size_t i = 3; i < digits; ++i) fraction /= 10;
    millis = fraction;
    at = text.size() - 1;
  }
  if (at != text.size() - 1) return std::nullopt;
  if (year < 2000 || year > 2200 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
}

std::string_view tie_break_name(TieBreak rule) {
  return rule == TieBreak::seeded_draw ? "seeded_draw" : "earliest_nomination";
}

namespace {

std::vector<RubricCriterion> default_rubric() {
  return {{"impact", 10}, {"innovation", 10}, {"sustainability", 10}, {"replicability", 10}};
}

std::optional<std::int64_t> read_instant(JsonReader& reader, std::string_view key) {
  auto text = reader.text(key, true, {.max = 40});
  if (!text) return std::nullopt;
  auto ms = parse_utc_timestamp(*text);
  if (!ms) reader.errors().add(reader.path(key), "invalid_date");
  return ms;
}

std::optional<PhaseWindow> read_window(JsonReader& phases, std::string_view key) {
  const auto* object = phases.object(key, true);
  if (!object) return std::nullopt;
  JsonReader reader(*object, phases.errors(), phases.path(key));
  auto opens = read_instant(reader, "opens");
  auto closes = read_instant(reader, "closes");
  reader.reject_unknown_fields();
  if (!opens || !closes) return std::nullopt;
  if (*closes <= *opens) {
    reader.errors().add(reader.path("closes"), "end_before_start");
    return std::nullopt;
  }
  return PhaseWindow{*opens, *closes};
}

void read_rules(JsonReader& reader, CycleRules& rules) {
  if (auto v = reader.integer("entries_per_organisation_per_category", false, 1, 50))
    rules.entries_per_organisation_per_category = static_cast<int>(*v);
  if (auto v = reader.boolean("one_category_per_project", false)) rules.one_category_per_project = *v;
  if (auto v = reader.boolean("past_winners_ineligible", false)) rules.past_winners_ineligible = *v;
  if (auto v = reader.boolean("vote_changeable", false)) rules.vote_changeable = *v;
  if (auto v = reader.integer("finalists_per_category", false, 1, 50)) rules.finalists_per_category = static_cast<int>(*v);
  if (auto v = reader.integer("champions_per_category", false, 0, 49)) rules.champions_per_category = static_cast<int>(*v);
  if (auto v = reader.text("tie_break", false, {.max = 40})) {
    if (*v == "earliest_nomination") rules.tie_break = TieBreak::earliest_nomination;
    else if (*v == "seeded_draw") rules.tie_break = TieBreak::seeded_draw;
    else reader.errors().add(reader.path("tie_break"), "invalid_value");
  }
  if (auto v = reader.boolean("publish_expert_names", false)) rules.publish_expert_names = *v;
  if (auto v = reader.integer("votes_per_account_per_minute", false, 1, 1'000'000))
    rules.votes_per_account_per_minute = static_cast<int>(*v);
  if (auto v = reader.integer("votes_per_network_per_minute", false, 1, 100'000'000))
    rules.votes_per_network_per_minute = static_cast<int>(*v);
  rules.rubric = default_rubric();
  if (const auto* rubric = reader.array("rubric", false, 12)) {
    rules.rubric.clear();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rubric->size(); ++i) {
      std::string at = reader.path("rubric") + "/" + std::to_string(i);
      if (!(*rubric)[i].is_object()) {
        reader.errors().add(at, "expected_object");
        continue;
      }
      JsonReader item((*rubric)[i].get_object(), reader.errors(), at);
      auto key = item.text("key", true, {.max = 40});
      auto max = item.integer("max", true, 1, 100);
      item.reject_unknown_fields();
      if (key && !seen.insert(*key).second) reader.errors().add(item.path("key"), "invalid_value");
      if (key && max) rules.rubric.push_back({*key, static_cast<int>(*max)});
    }
    if (rubric->empty()) reader.errors().add(reader.path("rubric"), "empty");
  }
  if (rules.champions_per_category >= rules.finalists_per_category + 1)
    reader.errors().add(reader.path("champions_per_category"), "out_of_range",
                        {{"min", std::int64_t{0}}, {"max", std::int64_t{rules.finalists_per_category - 1}}});
}

}  // namespace

Result<CycleConfig> parse_cycle_config(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  CycleConfig config;
  auto year = reader.integer("year", true, 2000, 2200);
  auto title = reader.text("title", true, {.max = 200});
  const auto& reference = reference::ReferenceData::instance();
  if (const auto* categories = reader.array("categories", false, 64)) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < categories->size(); ++i) {
      std::string at = "categories/" + std::to_string(i);
      const auto& value = (*categories)[i];
      if (!value.is_string()) {
        errors.add(at, "expected_string");
        continue;
      }
      std::string code(value.get_string());
      bool known = false;
      for (const auto& c : reference.prize_categories()) known = known || c.code == code;
      if (!known) errors.add(at, "unknown_code");
      else if (!seen.insert(code).second) errors.add(at, "invalid_value");
      else config.categories.push_back(code);
    }
    if (categories->empty()) errors.add("categories", "empty");
  } else {
    for (const auto& c : reference.prize_categories()) config.categories.push_back(c.code);
  }
  std::optional<PhaseWindow> nominations, review, voting;
  std::optional<std::int64_t> results_at;
  if (const auto* phases = reader.object("phases", true)) {
    JsonReader phase_reader(*phases, errors, "phases");
    nominations = read_window(phase_reader, "nominations");
    review = read_window(phase_reader, "review");
    voting = read_window(phase_reader, "voting");
    results_at = read_instant(phase_reader, "results");
    phase_reader.reject_unknown_fields();
    // Each phase opens when (or after) the previous one closed.
    if (nominations && review && review->opens < nominations->closes)
      errors.add("phases/review/opens", "end_before_start");
    if (review && voting && voting->opens < review->closes) errors.add("phases/voting/opens", "end_before_start");
    if (voting && results_at && *results_at < voting->closes) errors.add("phases/results", "end_before_start");
  }
  if (const auto* rules = reader.object("rules", false)) {
    JsonReader rules_reader(*rules, errors, "rules");
    read_rules(rules_reader, config.rules);
    rules_reader.reject_unknown_fields();
  } else {
    config.rules.rubric = default_rubric();
  }
  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  config.year = static_cast<int>(*year);
  config.title = *title;
  config.nominations = *nominations;
  config.review = *review;
  config.voting = *voting;
  config.results_at = *results_at;
  return config;
}

json::object cycle_config_to_json(const CycleConfig& config) {
  auto window = [](const PhaseWindow& w) {
    return json::object{{"opens", format_timestamp(w.opens)}, {"closes", format_timestamp(w.closes)}};
  };
  json::array categories;
  for (const auto& c : config.categories) categories.push_back(json::value(c));
  json::array rubric;
  for (const auto& r : config.rules.rubric) rubric.push_back({{"key", r.key}, {"max", r.max}});
  const auto& r = config.rules;
  return {{"year", config.year},
          {"title", config.title},
          {"categories", std::move(categories)},
          {"phases",
           {{"nominations", window(config.nominations)},
            {"review", window(config.review)},
            {"voting", window(config.voting)},
            {"results", format_timestamp(config.results_at)}}},
          {"rules",
           {{"entries_per_organisation_per_category", r.entries_per_organisation_per_category},
            {"one_category_per_project", r.one_category_per_project},
            {"past_winners_ineligible", r.past_winners_ineligible},
            {"vote_changeable", r.vote_changeable},
            {"finalists_per_category", r.finalists_per_category},
            {"champions_per_category", r.champions_per_category},
            {"tie_break", tie_break_name(r.tie_break)},
            {"publish_expert_names", r.publish_expert_names},
            {"votes_per_account_per_minute", r.votes_per_account_per_minute},
            {"votes_per_network_per_minute", r.votes_per_network_per_minute},
            {"rubric", std::move(rubric)}}}};
}

}  // namespace wsis::prizes
