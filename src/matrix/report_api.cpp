// GET /api/v1/reports/regions/{region} (and /api/v1/reports/{region}): the regional report in
// JSON (for the web page), CSV, XLSX or PDF.
#include <boost/json.hpp>

#include "core/clock.h"
#include "core/json_input.h"
#include "core/language.h"
#include "matrix/api.h"
#include "matrix/api_common.h"
#include "matrix/report.h"
#include "reference/reference_data.h"

namespace wsis::matrix {

namespace {

http::Response report_response(MatrixModule& module, http::Request& request) {
  ReportRequest r;
  r.region = std::string(request.param("region"));
  FieldErrors errors;
  if (auto year = request.query_param("year")) {
    auto period = parse_period(*year);
    if (!period) errors.add("year", "invalid_value");
    else {
      r.year_from = period->first;
      r.year_to = period->second;
    }
  }
  r.lang = std::string(request.query_param("lang").value_or(request.lang));
  auto format = report_format(request.query_param("format").value_or("json"));
  if (!format) errors.add("format", "invalid_value");
  if (!errors.empty()) return problem(request, errors.to_error(ErrorCode::invalid_query));
  if (r.region != "world" && !reference::ReferenceData::instance().region(r.region))
    return problem(request, make_error(ErrorCode::not_found, "no such region"));
  if (auto checked = check_report_request(r); !checked) return problem(request, checked.error());
  auto report = build_report(module.current_evidence(), module.entries(), r, module.matrix().clock().now_ms());
  if (!report) return problem(request, report.error());
  auto body = render(*report, *format);
  if (!body) return problem(request, body.error());
  http::Response response;
  response.status = 200;
  response.content_type = std::string(media_type(*format));
  response.body = std::move(*body);
  response.set_header("content-language", r.lang);
  response.set_header("cache-control", "public, no-cache");
  if (*format != ReportFormat::json) {
    std::string name = "wsis-report-" + r.region + (r.year_from ? "-" + std::to_string(*r.year_from) : "") +
                       (r.year_to && r.year_to != r.year_from ? "-" + std::to_string(*r.year_to) : "") + "-" + r.lang +
                       "." + std::string(extension(*format));
    response.set_header("content-disposition", "attachment; filename=\"" + name + "\"");
  }
  return response;
}

}  // namespace

void register_report_routes(http::Router& router, MatrixModule& module) {
  auto handler = [&module](http::Request& request) { return report_response(module, request); };
  router.add("GET", "/api/v1/reports/regions/{region}", handler);
  router.add("GET", "/api/v1/reports/{region}", handler);
}

}  // namespace wsis::matrix
