#include "stocktaking/exchange_format.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "accounts/forms.h"
#include "core/json_input.h"
#include "core/language.h"
#include "core/text.h"
#include "stocktaking/csv.h"
#include "stocktaking/workflow.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxExternalId = 200;

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c); });
  return out;
}

}  // namespace

namespace {
// Everything a format is called: one row each, read by the four functions below.
struct FormatInfo {
  ExchangeFormat format;
  std::string_view name;       // --format and ?format=
  std::string_view extension;  // what export writes and import recognises
  std::string_view media_type;
};
constexpr FormatInfo kFormats[] = {
    {ExchangeFormat::jsonl, "jsonl", "jsonl", "application/x-ndjson"},
    {ExchangeFormat::csv, "csv", "csv", "text/csv; charset=utf-8"},
    {ExchangeFormat::xlsx, "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {ExchangeFormat::iati, "iati", "xml", "application/xml"},
};
const FormatInfo& info_of(ExchangeFormat format) {
  for (const auto& info : kFormats)
    if (info.format == format) return info;
  return kFormats[0];
}
}  // namespace

std::optional<ExchangeFormat> format_named(std::string_view name) {
  for (const auto& info : kFormats)
    if (info.name == name) return info.format;
  return std::nullopt;
}

std::string_view format_name(ExchangeFormat format) { return info_of(format).name; }

std::optional<ExchangeFormat> format_of_path(std::string_view path) {
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
  std::string extension = lower_ascii(path.substr(dot + 1));
  if (extension == "ndjson") return ExchangeFormat::jsonl;  // the other common name of JSON Lines
  for (const auto& info : kFormats)
    if (info.extension == extension) return info.format;
  return std::nullopt;
}

std::string_view media_type(ExchangeFormat format) { return info_of(format).media_type; }

std::string_view file_extension(ExchangeFormat format) { return info_of(format).extension; }

// ---- columns and lists --------------------------------------------------------------------

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"external_id",
                                  "state",
                                  "success_story",
                                  "organisation_name",
                                  "organisation_stakeholder_type",
                                  "organisation_country",
                                  "type",
                                  "language",
                                  "title",
                                  "description"};
    for (auto lang : kLanguages) {
      c.push_back("title_" + std::string(lang));
      c.push_back("description_" + std::string(lang));
    }
    for (auto name : {"countries", "regions", "action_lines", "primary_action_line", "sdg_goals", "sdg_targets",
                      "start_date", "end_date", "project_status", "website", "contact_name", "contact_email",
                      "contact_phone", "beneficiaries", "impact", "partners", "reporting_year"})
      c.emplace_back(name);
    return c;
  }();
  return columns;
}

namespace {

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ';';
    for (char c : items[i]) {
      if (c == ';' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

// Splits at unescaped ";"; items empty after trimming are dropped ("MRT; SEN;" is two codes).
std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> items;
  std::string current;
  auto flush = [&] {
    auto trimmed = trim_spaces(current);
    if (!trimmed.empty()) items.emplace_back(trimmed);
    current.clear();
  };
  for (std::size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (c == '\\' && i + 1 < cell.size()) {
      current += cell[++i];
    } else if (c == ';') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return items;
}

// A whole number written in decimal digits, or nullopt.
std::optional<std::int64_t> whole_number(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

json::value number_or_text(std::string_view text) {
  if (auto n = whole_number(text)) return json::value(*n);
  return json::value(json::string(text));
}

}  // namespace

// ---- export forms -----------------------------------------------------------------------

json::object to_json_record(const ExchangeRow& row) {
  json::object o;
  o["external_id"] = row.external_id;
  o["state"] = row.state;
  o["success_story"] = row.success_story;
  o["organisation"] = {{"name", row.organisation.name},
                       {"stakeholder_type", row.organisation.stakeholder_type},
                       {"country", row.organisation.country}};
  for (auto& [key, value] : content_to_json(row.content, true)) o[key] = value;
  return o;
}

std::vector<std::string> to_csv_fields(const ExchangeRow& row) {
  const auto& c = row.content;
  std::vector<std::string> f = {row.external_id,
                                row.state,
                                row.success_story ? "true" : "false",
                                row.organisation.name,
                                row.organisation.stakeholder_type,
                                row.organisation.country,
                                c.type,
                                c.language,
                                c.title,
                                c.description};
  for (auto lang : kLanguages) {
    const Translation* found = nullptr;
    for (const auto& t : c.translations)
      if (t.lang == lang) found = &t;
    f.push_back(found ? found->title : "");
    f.push_back(found ? found->description : "");
  }
  std::vector<std::string> goals;
  for (int goal : c.sdg_goals) goals.push_back(std::to_string(goal));
  f.push_back(join_list(c.countries));
  f.push_back(join_list(c.regions()));
  f.push_back(join_list(c.action_lines));
  f.push_back(c.primary_action_line);
  f.push_back(join_list(goals));
  f.push_back(join_list(c.sdg_targets));
  f.push_back(c.start_date.value_or(""));
  f.push_back(c.end_date.value_or(""));
  f.push_back(c.project_status);
  f.push_back(c.website);
  f.push_back(c.contact.name);
  f.push_back(c.contact.email);
  f.push_back(c.contact.phone);
  f.push_back(c.beneficiaries);
  f.push_back(c.impact);
  f.push_back(join_list(c.partners));
  f.push_back(std::to_string(c.reporting_year));
  return f;
}

// ---- reading one record -------------------------------------------------------------------

Result<ExchangeRow> read_record(json::object record, int current_year) {
  FieldErrors errors;
  ExchangeRow row;
  auto take = [&](std::string_view key) -> std::optional<json::value> {
    auto it = record.find(key);
    if (it == record.end()) return std::nullopt;
    json::value value = std::move(it->value());
    record.erase(it);
    if (value.is_null()) return std::nullopt;
    return value;
  };

  if (auto id = take("external_id")) {
    if (!id->is_string())
      errors.add("external_id", "expected_string");
    else if (auto text = check_text(id->as_string(), {.max = kMaxExternalId}, "external_id", errors))
      row.external_id = *text;
  } else {
    errors.add("external_id", "required");
  }

  if (auto state = take("state")) {
    if (!state->is_string())
      errors.add("state", "expected_string");
    else if (!state->as_string().empty()) {
      std::string_view value = state->as_string();
      if (std::find(kEntryStates.begin(), kEntryStates.end(), value) == kEntryStates.end())
        errors.add("state", "invalid_value");
      else
        row.state = std::string(value);
    }
  }
  if (auto story = take("success_story")) {
    if (!story->is_bool())
      errors.add("success_story", "expected_boolean");
    else
      row.success_story = story->as_bool();
  }
  if (auto owner = take("owner_id")) {
    if (!owner->is_int64() && !owner->is_uint64())
      errors.add("owner_id", "expected_integer");
    else if (owner->is_uint64() || owner->as_int64() <= 0)
      errors.add("owner_id", "invalid_value");
    else
      row.owner_id = owner->as_int64();
  }

  if (auto organisation = take("organisation")) {
    if (!organisation->is_object()) {
      errors.add("organisation", "expected_object");
    } else {
      // Only what an entry needs of its organisation; its website and the rest are kept up
      // in the organisation's own page.
      json::object form;
      for (auto& [key, value] : organisation->as_object()) {
        if (key == "name" || key == "stakeholder_type" || key == "country")
          form[key] = value;
        else
          errors.add("organisation/" + std::string(key), "unknown_field");
      }
      auto read = accounts::read_organisation(form);
      if (read) {
        row.organisation = OrganisationInput{read->name, read->stakeholder_type, read->country};
      } else {
        for (const auto& f : read.error().fields) errors.add("organisation/" + f.field, f.code, f.args);
      }
    }
  } else {
    errors.add("organisation", "required");
  }

  // Derived from the countries; exports carry it for readers, imports recompute it.
  record.erase("regions");
  for (auto key : {"start_date", "end_date", "website", "beneficiaries", "impact", "primary_action_line"}) {
    auto it = record.find(key);
    if (it != record.end() && it->value().is_string() && it->value().as_string().empty()) record.erase(it);
  }
  if (auto it = record.find("contact"); it != record.end() && it->value().is_object()) {
    auto& contact = it->value().as_object();
    for (auto key : {"name", "email", "phone"}) {
      auto field = contact.find(key);
      if (field != contact.end() && field->value().is_string() && field->value().as_string().empty())
        contact.erase(field);
    }
    if (contact.empty()) record.erase(it);
  }

  auto content = parse_entry_content(record, current_year);
  if (content)
    row.content = std::move(*content);
  else
    for (const auto& f : content.error().fields) errors.add(f.field, f.code, f.args);

  if (!errors.empty()) return errors.to_error();
  return row;
}

// ---- reading files ------------------------------------------------------------------------

namespace {

void add_errors(ParsedRows& parsed, std::size_t line, const Error& error,
                const std::function<std::string(const std::string&)>& rename) {
  for (const auto& f : error.fields)
    parsed.errors.push_back(RowError{line, rename ? rename(f.field) : f.field, f.code, f.args});
}

class Collector {
 public:
  explicit Collector(ParsedRows& parsed) : parsed_(parsed) {}

  // Adds a valid row unless its external id came earlier in the file.
  void add(ExchangeRow row) {
    auto [it, fresh] = first_line_.emplace(row.external_id, row.line);
    if (!fresh) {
      parsed_.errors.push_back(
          RowError{row.line, "external_id", "duplicate_id", {{"line", static_cast<std::int64_t>(it->second)}}});
      return;
    }
    parsed_.rows.push_back(std::move(row));
  }

 private:
  ParsedRows& parsed_;
  std::unordered_map<std::string, std::size_t> first_line_;
};

void parse_jsonl(std::string_view data, int current_year, ParsedRows& parsed,
                 const std::function<void(std::size_t, std::size_t)>& progress, std::size_t offset) {
  Collector collector(parsed);
  json::parse_options options;
  options.max_depth = 32;
  std::size_t position = 0, line_number = 0;
  std::vector<unsigned char> buffer(256 * 1024);
  while (position < data.size()) {
    std::size_t end = data.find('\n', position);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(position, end - position);
    position = end + 1;
    ++line_number;
    if (progress && line_number % 1000 == 0) progress(offset + std::min(position, data.size()), offset + data.size());
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim_spaces(line).empty()) continue;
    ++parsed.records;
    if (!is_valid_utf8(line)) {
      parsed.errors.push_back(RowError{line_number, "", "invalid_utf8", {}});
      continue;
    }
    // The line's JSON lives in a buffer reused for every line, not on the heap: 100,000 rows
    // of parsed content stay in memory until they are written, and a heap riddled with the
    // freed nodes of 100,000 documents made every later allocation slower (measured: a quarter
    // of the CPU time of importing 100,000 entries).
    json::monotonic_resource scratch(buffer.data(), buffer.size());
    boost::system::error_code ec;
    json::value value = json::parse(line, ec, &scratch, options);
    if (ec) {
      parsed.errors.push_back(RowError{line_number, "", "malformed_json", {}});
      continue;
    }
    if (!value.is_object()) {
      parsed.errors.push_back(RowError{line_number, "", "expected_object", {}});
      continue;
    }
    auto row = read_record(std::move(value.as_object()), current_year);
    if (!row) {
      add_errors(parsed, line_number, row.error(), {});
      continue;
    }
    row->line = line_number;
    collector.add(std::move(*row));
  }
}

// The CSV column an error on a JSON path belongs to: "translations/fr/title" is title_fr,
// "contact/email" contact_email, "countries/3" countries.
std::string csv_column_of(const std::string& path) {
  if (path.starts_with("translations/")) {
    auto rest = path.substr(13);
    auto slash = rest.find('/');
    std::string lang = rest.substr(0, slash);
    std::string part = slash == std::string::npos ? "title" : rest.substr(slash + 1);
    return (part == "description" ? "description_" : "title_") + lang;
  }
  if (path.starts_with("organisation/")) return "organisation_" + path.substr(13);
  if (path.starts_with("contact/")) return "contact_" + path.substr(8);
  auto slash = path.find('/');
  return slash == std::string::npos ? path : path.substr(0, slash);
}

}  // namespace

std::string field_for(ExchangeFormat format, const std::string& json_path) {
  return format == ExchangeFormat::csv ? csv_column_of(json_path) : json_path;
}

namespace {

void parse_csv(std::string_view data, int current_year, ParsedRows& parsed,
               const std::function<void(std::size_t, std::size_t)>& progress, std::size_t offset) {
  Collector collector(parsed);
  std::vector<unsigned char> buffer(256 * 1024);
  const auto& known = csv_columns();
  std::vector<std::string> header;
  std::unordered_map<std::string, std::size_t> column;  // name -> index in the file
  bool have_header = false;

  auto cell = [&](const csv::Record& record, std::string_view name) -> std::optional<std::string_view> {
    auto it = column.find(std::string(name));
    if (it == column.end()) return std::nullopt;
    std::string_view value = record.fields[it->second];
    if (value.empty()) return std::nullopt;
    return value;
  };

  auto on_record = [&](csv::Record&& record) {
    if (parsed.fatal) return;
    if (!have_header) {
      have_header = true;
      header = std::move(record.fields);
      for (std::size_t i = 0; i < header.size(); ++i) {
        const auto& name = header[i];
        bool allowed = name == "owner_id" || std::find(known.begin(), known.end(), name) != known.end();
        if (!is_valid_utf8(name) || !allowed) {
          parsed.errors.push_back(RowError{record.line, is_valid_utf8(name) ? name : "", "unknown_field", {}});
          parsed.fatal = true;
        } else if (!column.emplace(name, i).second) {
          parsed.errors.push_back(RowError{record.line, name, "duplicate_column", {}});
          parsed.fatal = true;
        }
      }
      return;
    }
    ++parsed.records;
    if (progress && parsed.records % 1000 == 0) progress(offset + record.bytes_read, offset + data.size());
    if (record.fields.size() != header.size()) {
      parsed.errors.push_back(RowError{record.line,
                                       "",
                                       "column_count",
                                       {{"expected", static_cast<std::int64_t>(header.size())},
                                        {"found", static_cast<std::int64_t>(record.fields.size())}}});
      return;
    }
    bool bad_text = false;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      if (!is_valid_utf8(record.fields[i])) {
        parsed.errors.push_back(RowError{record.line, header[i], "invalid_utf8", {}});
        bad_text = true;
      }
    }
    if (bad_text) return;

    // As for JSON Lines: the record's JSON in a reused buffer, not on the heap.
    json::monotonic_resource scratch(buffer.data(), buffer.size());
    json::object o(&scratch);
    auto text = [&](std::string_view column_name, std::string_view key) {
      if (auto v = cell(record, column_name)) o[key] = *v;
    };
    text("external_id", "external_id");
    text("state", "state");
    if (auto v = cell(record, "success_story")) {
      std::string lower = lower_ascii(*v);
      if (lower == "true")
        o["success_story"] = true;
      else if (lower == "false")
        o["success_story"] = false;
      else
        o["success_story"] = *v;
    }
    if (auto v = cell(record, "owner_id")) o["owner_id"] = number_or_text(*v);
    json::object organisation(&scratch);
    for (auto key : {"name", "stakeholder_type", "country"})
      if (auto v = cell(record, "organisation_" + std::string(key))) organisation[key] = *v;
    o["organisation"] = std::move(organisation);
    for (auto key : {"type", "language", "title", "description", "primary_action_line", "start_date", "end_date",
                     "project_status", "website", "beneficiaries", "impact"})
      text(key, key);
    json::object translations(&scratch);
    for (auto lang : kLanguages) {
      json::object translation(&scratch);
      if (auto v = cell(record, "title_" + std::string(lang))) translation["title"] = *v;
      if (auto v = cell(record, "description_" + std::string(lang))) translation["description"] = *v;
      if (!translation.empty()) translations[lang] = std::move(translation);
    }
    if (!translations.empty()) o["translations"] = std::move(translations);
    for (auto key : {"countries", "action_lines", "sdg_targets", "partners"}) {
      json::array items(&scratch);
      if (auto v = cell(record, key))
        for (auto& item : split_list(*v)) items.emplace_back(json::string(item));
      o[key] = std::move(items);
    }
    if (auto v = cell(record, "sdg_goals")) {
      json::array goals(&scratch);
      for (auto& item : split_list(*v)) goals.push_back(number_or_text(item));
      o["sdg_goals"] = std::move(goals);
    }
    json::object contact(&scratch);
    for (auto key : {"name", "email", "phone"})
      if (auto v = cell(record, "contact_" + std::string(key))) contact[key] = *v;
    if (!contact.empty()) o["contact"] = std::move(contact);
    if (auto v = cell(record, "reporting_year")) o["reporting_year"] = number_or_text(*v);

    auto row = read_record(std::move(o), current_year);
    if (!row) {
      add_errors(parsed, record.line, row.error(), csv_column_of);
      return;
    }
    row->line = record.line;
    collector.add(std::move(*row));
  };
  auto on_malformed = [&](std::size_t line) {
    if (!have_header) {
      // Without a header no record can be read.
      have_header = true;
      parsed.fatal = true;
    } else {
      ++parsed.records;
    }
    parsed.errors.push_back(RowError{line, "", "malformed_csv", {}});
  };
  csv::read(data, on_record, on_malformed);
  std::stable_sort(parsed.errors.begin(), parsed.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.line < b.line; });
}

}  // namespace

ParsedRows parse_rows(std::string_view data, ExchangeFormat format, int current_year,
                      const std::function<void(std::size_t, std::size_t)>& progress) {
  ParsedRows parsed;
  std::size_t offset = 0;
  if (data.starts_with(kBom)) {
    data.remove_prefix(kBom.size());
    offset = kBom.size();
  }
  if (format == ExchangeFormat::csv)
    parse_csv(data, current_year, parsed, progress, offset);
  else
    parse_jsonl(data, current_year, parsed, progress, offset);
  if (progress) progress(offset + data.size(), offset + data.size());
  return parsed;
}

}  // namespace wsis::stocktaking
