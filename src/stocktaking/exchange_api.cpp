#include "stocktaking/exchange_api.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/messages.h"
#include "http/problem.h"
#include "stocktaking/exporter.h"
#include "stocktaking/importer.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

http::Response problem(const http::Request& request, const Error& error) {
  return http::problem_response(error, request.lang, request.target);
}

// 401 without a login, 403 for anyone but moderators and administrators.
std::optional<Error> refused(const http::Request& request) {
  if (!request.actor) return make_error(ErrorCode::unauthorized, "log in to import or export entries");
  if (!request.actor->has(Role::moderator) && !request.actor->has(Role::administrator))
    return make_error(ErrorCode::forbidden, "imports and exports are for moderators");
  return std::nullopt;
}

json::array row_errors_json(const std::vector<RowError>& errors, std::string_view lang) {
  const auto& messages = Messages::instance();
  json::array out;
  for (const auto& e : errors)
    out.push_back({{"line", e.line},
                   {"field", e.field},
                   {"code", e.code},
                   {"message", messages.format(lang, "field." + e.code, e.args)}});
  return out;
}

// A query flag: absent is false; "true" or "false", anything else is an invalid query.
Result<bool> flag(const http::Request& request, std::string_view name) {
  auto value = request.query_param(name);
  if (!value || *value == "false") return false;
  if (*value == "true") return true;
  FieldErrors errors;
  errors.add(std::string(name), "invalid_value");
  return errors.to_error(ErrorCode::invalid_query);
}

std::string_view media_type_of(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type;
}

http::Response import_route(EntriesService& service, http::Request& request) {
  if (auto error = refused(request)) return problem(request, *error);
  std::string type(media_type_of(request.header("content-type")));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::optional<ExchangeFormat> format;
  if (type == "text/csv")
    format = ExchangeFormat::csv;
  else if (type == "application/x-ndjson")
    format = ExchangeFormat::jsonl;
  if (!format)
    return problem(request, make_error(ErrorCode::unsupported_media_type, "send text/csv or application/x-ndjson"));
  auto skip_invalid = flag(request, "skip_invalid");
  if (!skip_invalid) return problem(request, skip_invalid.error());

  ImportOptions options;
  options.skip_invalid = *skip_invalid;
  options.actor_id = request.actor->user_id;
  options.ip = request.remote_ip;
  auto report = import_entries(service.database(), service.clock(), request.body, *format, options);
  if (!report) return problem(request, report.error());
  // The moderator who imported expects to see the entries in the next list, not 250 ms later.
  if (report->created + report->updated > 0) service.after_write();
  if (report->rejected) {
    // The problem's per-field list, with the line of each: nothing was written.
    Error error = make_error(ErrorCode::validation, "the import has invalid rows; nothing was written");
    auto response = problem(request, error);
    json::value body = json::parse(response.body);
    body.as_object()["errors"] = row_errors_json(report->errors, request.lang);
    response.body = http::serialize_json(body);
    return response;
  }
  return http::json_response(200, {{"created", report->created},
                                   {"updated", report->updated},
                                   {"unchanged", report->unchanged},
                                   {"skipped", row_errors_json(report->errors, request.lang)}});
}

http::Response export_route(EntriesService& service, http::Request& request) {
  if (auto error = refused(request)) return problem(request, *error);
  ExportOptions options;
  auto name = request.query_param("format").value_or("jsonl");
  auto format = format_named(name);
  if (!format) {
    FieldErrors errors;
    errors.add("format", "invalid_value");
    return problem(request, errors.to_error(ErrorCode::invalid_query));
  }
  options.format = *format;
  auto all = flag(request, "all");
  if (!all) return problem(request, all.error());
  options.all_states = *all;
  auto bytes = export_to_string(service.database(), service.clock(), options);
  if (!bytes) return problem(request, bytes.error());
  http::Response response;
  response.status = 200;
  response.content_type = std::string(media_type(*format));
  response.body = std::move(*bytes);
  response.set_header("content-disposition",
                      "attachment; filename=\"wsis-entries." + std::string(file_extension(*format)) + "\"");
  // Contact details are in it: never kept by shared caches.
  response.set_header("cache-control", "private, no-store");
  return response;
}

}  // namespace

void register_exchange_routes(http::Router& router, EntriesService& service) {
  router.add("POST", "/api/v1/entries/import",
             [&service](http::Request& request) { return import_route(service, request); },
             {.body_limit = kImportBodyLimit, .body_types = {"text/csv", "application/x-ndjson"}});
  router.add("GET", "/api/v1/entries/export",
             [&service](http::Request& request) { return export_route(service, request); });
}

}  // namespace wsis::stocktaking
