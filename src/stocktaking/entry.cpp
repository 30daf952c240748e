#include "stocktaking/entry.h"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/json_input.h"
#include "core/language.h"
#include "core/text.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, std::string_view value) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// A calendar date "YYYY-MM-DD" between 1900 and 2100.
bool valid_date(const std::string& text) {
  int y, m, d;
  char tail;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 && !leap ? 28 : kDays[m - 1]);
}


// Reads an array of strings, each checked by `rule`; non-strings become field errors.
std::vector<std::string> string_list(JsonReader& reader, std::string_view key, bool required, std::size_t max_items,
                                     TextRule rule) {
  std::vector<std::string> values;
  const json::array* array = reader.array(key, required, max_items);
  if (!array) return values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string path = reader.path(key) + "/" + std::to_string(i);
    const auto& item = (*array)[i];
    if (!item.is_string()) {
      reader.errors().add(path, "expected_string");
      continue;
    }
    if (auto text = check_text(std::string_view(item.as_string().data(), item.as_string().size()), rule, path,
                               reader.errors()))
      values.push_back(std::move(*text));
  }
  return values;
}

std::size_t target_order(const std::string& code) {
  const auto& data = reference::ReferenceData::instance();
  const auto* target = data.target(code);
  return target ? static_cast<std::size_t>(target - data.targets().data()) : SIZE_MAX;
}

}  // namespace

std::vector<std::string> EntryContent::regions() const {
  std::set<std::string> regions;
  const auto& data = reference::ReferenceData::instance();
  for (const auto& iso3 : countries)
    if (const auto* country = data.country(iso3)) regions.insert(country->region);
  return {regions.begin(), regions.end()};
}

Result<EntryContent> parse_entry_content(const json::object& object, int current_year) {
  const auto& data = reference::ReferenceData::instance();
  FieldErrors errors;
  JsonReader reader(object, errors);
  EntryContent content;

  if (auto type = reader.text("type", true, {.max = 32})) {
    if (one_of(kEntryTypes, *type)) content.type = *type;
    else errors.add("type", "invalid_value");
  }
  if (auto title = reader.text("title", true, {.min = 3, .max = EntryLimits::title})) content.title = *title;
  if (auto description = reader.text("description", true, {.max = EntryLimits::description, .multiline = true}))
    content.description = *description;
  if (auto language = reader.text("language", true, {.max = 8})) {
    if (is_supported_language(*language)) content.language = *language;
    else errors.add("language", "invalid_value");
  }

  if (const json::object* translations = reader.object("translations", false)) {
    for (const auto& [lang, value] : *translations) {
      std::string path = "translations/" + std::string(lang);
      if (!is_supported_language(lang) || lang == content.language) {
        errors.add(path, "invalid_value");
        continue;
      }
      if (!value.is_object()) {
        errors.add(path, "expected_object");
        continue;
      }
      JsonReader inner(value.as_object(), errors, path);
      Translation translation;
      translation.lang = std::string(lang);
      auto title = inner.text("title", true, {.min = 3, .max = EntryLimits::title});
      auto description = inner.text("description", false, {.max = EntryLimits::description, .multiline = true});
      inner.reject_unknown_fields();
      if (!title) continue;
      translation.title = *title;
      if (description) translation.description = *description;
      content.translations.push_back(std::move(translation));
    }
    std::sort(content.translations.begin(), content.translations.end(),
              [](const Translation& a, const Translation& b) { return a.lang < b.lang; });
  }

  auto countries = string_list(reader, "countries", true, EntryLimits::countries, {.max = 8});
  std::set<std::string> unique_countries;
  for (std::size_t i = 0; i < countries.size(); ++i) {
    const auto& code = countries[i];
    if (code == kGlobal) {
      if (countries.size() > 1) errors.add("countries/" + std::to_string(i), "invalid_value");
    } else if (!data.country(code)) {
      errors.add("countries/" + std::to_string(i), "unknown_code", {{"code", code}});
      continue;
    }
    unique_countries.insert(code);
  }
  content.countries.assign(unique_countries.begin(), unique_countries.end());
  if (const auto* array = object.if_contains("countries"); array && array->is_array() && array->as_array().empty())
    errors.add("countries", "required");

  auto lines = string_list(reader, "action_lines", true, EntryLimits::action_lines, {.max = 32});
  std::set<std::string> unique_lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!data.action_line(lines[i])) errors.add("action_lines/" + std::to_string(i), "unknown_code", {{"code", lines[i]}});
    else unique_lines.insert(lines[i]);
  }
  content.action_lines.assign(unique_lines.begin(), unique_lines.end());
  if (const auto* array = object.if_contains("action_lines"); array && array->is_array() && array->as_array().empty())
    errors.add("action_lines", "required");
  auto primary = reader.text("primary_action_line", content.action_lines.size() != 1, {.max = 32});
  if (primary) {
    if (!unique_lines.count(*primary)) errors.add("primary_action_line", "invalid_value");
    else content.primary_action_line = *primary;
  } else if (content.action_lines.size() == 1) {
    content.primary_action_line = content.action_lines.front();
  }

  auto targets = string_list(reader, "sdg_targets", false, EntryLimits::targets, {.max = 8});
  std::set<std::string> unique_targets;
  std::set<int> goals;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto* target = data.target(targets[i]);
    if (!target) {
      errors.add("sdg_targets/" + std::to_string(i), "unknown_code", {{"code", targets[i]}});
      continue;
    }
    unique_targets.insert(targets[i]);
    goals.insert(target->goal);
  }
  content.sdg_targets.assign(unique_targets.begin(), unique_targets.end());
  std::sort(content.sdg_targets.begin(), content.sdg_targets.end(),
            [](const std::string& a, const std::string& b) { return target_order(a) < target_order(b); });
  if (const json::array* goal_array = reader.array("sdg_goals", false, EntryLimits::goals)) {
    for (std::size_t i = 0; i < goal_array->size(); ++i) {
      const auto& item = (*goal_array)[i];
      std::string path = "sdg_goals/" + std::to_string(i);
      if (!item.is_int64()) errors.add(path, "expected_integer");
      else if (!data.goal(static_cast<int>(item.as_int64()))) errors.add(path, "out_of_range", {{"min", std::int64_t{1}}, {"max", std::int64_t{17}}});
      else goals.insert(static_cast<int>(item.as_int64()));
    }
  }
  content.sdg_goals.assign(goals.begin(), goals.end());
  // Every entry links to the SDGs: at least one goal, directly or through a target.
  if (content.sdg_goals.empty()) errors.add("sdg_targets", "required");

  auto start = reader.text("start_date", false, {.max = 10});
  auto end = reader.text("end_date", false, {.max = 10});
  if (start && !valid_date(*start)) errors.add("start_date", "invalid_date");
  else content.start_date = start;
  if (end && !valid_date(*end)) errors.add("end_date", "invalid_date");
  else content.end_date = end;
  // ISO dates compare correctly as text.
  if (content.start_date && content.end_date && *content.end_date < *content.start_date)
    errors.add("end_date", "end_before_start");

  if (auto status = reader.text("project_status", true, {.max = 16})) {
    if (one_of(kProjectStatuses, *status)) content.project_status = *status;
    else errors.add("project_status", "invalid_value");
  }
  // The optional texts accept "", which is how content_to_json writes "none": an entry read
  // with GET can be sent back with PUT as it is.
  auto website = reader.text("website", false, {.min = 0, .max = EntryLimits::website});
  if (website && !website->empty()) {
    if (is_web_url(*website)) content.website = *website;
    else errors.add("website", "invalid_url");
  }
  if (const json::object* contact = reader.object("contact", false)) {
    JsonReader inner(*contact, errors, "contact");
    if (auto name = inner.text("name", false, {.min = 0, .max = EntryLimits::contact_field}))
      content.contact.name = *name;
    if (const auto* email = contact->if_contains("email"); email && email->is_string() && email->as_string().empty())
      inner.text("email", false, {.min = 0});
    else if (auto address = inner.email("email", false))
      content.contact.email = *address;
    if (auto phone = inner.text("phone", false, {.min = 0, .max = 40})) content.contact.phone = *phone;
    inner.reject_unknown_fields();
  }
  if (auto text = reader.text("beneficiaries", false, {.min = 0, .max = EntryLimits::beneficiaries, .multiline = true}))
    content.beneficiaries = *text;
  if (auto text = reader.text("impact", false, {.min = 0, .max = EntryLimits::impact, .multiline = true}))
    content.impact = *text;
  content.partners = string_list(reader, "partners", false, EntryLimits::partners, {.max = EntryLimits::partner});
  if (auto year = reader.integer("reporting_year", true, EntryLimits::first_year, current_year + 1))
    content.reporting_year = static_cast<int>(*year);

  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  return content;
}

namespace {
std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string{};
}
std::vector<std::string> strings_of(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& item : v->as_array())
      if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}
std::optional<std::string> optional_text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::optional<std::string>(std::string(v->as_string())) : std::nullopt;
}
}  // namespace

EntryContent content_from_json(const json::object& o) {
  EntryContent c;
  c.type = text_of(o, "type");
  c.title = text_of(o, "title");
  c.description = text_of(o, "description");
  c.language = text_of(o, "language");
  if (const auto* t = o.if_contains("translations"); t && t->is_object()) {
    for (const auto& [lang, value] : t->as_object()) {
      if (!value.is_object()) continue;
      c.translations.push_back(Translation{std::string(lang), text_of(value.as_object(), "title"),
                                           text_of(value.as_object(), "description")});
    }
  }
  c.countries = strings_of(o, "countries");
  c.action_lines = strings_of(o, "action_lines");
  c.primary_action_line = text_of(o, "primary_action_line");
  if (const auto* g = o.if_contains("sdg_goals"); g && g->is_array())
    for (const auto& item : g->as_array())
      if (item.is_int64()) c.sdg_goals.push_back(static_cast<int>(item.as_int64()));
  c.sdg_targets = strings_of(o, "sdg_targets");
  c.start_date = optional_text_of(o, "start_date");
  c.end_date = optional_text_of(o, "end_date");
  c.project_status = text_of(o, "project_status");
  c.website = text_of(o, "website");
  if (const auto* contact = o.if_contains("contact"); contact && contact->is_object()) {
    c.contact.name = text_of(contact->as_object(), "name");
    c.contact.email = text_of(contact->as_object(), "email");
    c.contact.phone = text_of(contact->as_object(), "phone");
  }
  c.beneficiaries = text_of(o, "beneficiaries");
  c.impact = text_of(o, "impact");
  c.partners = strings_of(o, "partners");
  if (const auto* y = o.if_contains("reporting_year"); y && y->is_int64()) c.reporting_year = static_cast<int>(y->as_int64());
  return c;
}

json::object content_to_json(const EntryContent& c, bool with_contact) {
  json::object o;
  o["type"] = c.type;
  o["title"] = c.title;
  o["description"] = c.description;
  o["language"] = c.language;
  json::object translations;
  for (const auto& t : c.translations) {
    json::object translation{{"title", t.title}};
    if (!t.description.empty()) translation["description"] = t.description;
    translations[t.lang] = std::move(translation);
  }
  o["translations"] = std::move(translations);
  o["countries"] = json::value_from(c.countries);
  o["regions"] = json::value_from(c.regions());
  o["action_lines"] = json::value_from(c.action_lines);
  o["primary_action_line"] = c.primary_action_line;
  o["sdg_goals"] = json::value_from(c.sdg_goals);
  o["sdg_targets"] = json::value_from(c.sdg_targets);
  o["start_date"] = c.start_date ? json::value(*c.start_date) : json::value(nullptr);
  o["end_date"] = c.end_date ? json::value(*c.end_date) : json::value(nullptr);
  o["project_status"] = c.project_status;
  o["website"] = c.website;
  if (with_contact) o["contact"] = {{"name", c.contact.name}, {"email", c.contact.email}, {"phone", c.contact.phone}};
  o["beneficiaries"] = c.beneficiaries;
  o["impact"] = c.impact;
  o["partners"] = json::value_from(c.partners);
  o["reporting_year"] = c.reporting_year;
  return o;
}

json::array content_difference(const EntryContent& before, const EntryContent& after) {
  auto a = content_to_json(before, true);
  auto b = content_to_json(after, true);
  json::array changes;
  for (const auto& [key, value] : b) {
    const json::value* old = a.if_contains(key);
    if (old && *old == value) continue;
    changes.push_back({{"field", key}, {"before", old ? *old : json::value(nullptr)}, {"after", value}});
  }
  return changes;
}

}  // namespace wsis::stocktaking
