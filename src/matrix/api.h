// HTTP routes of the matrix module: /api/v1/matrix/... (reference versions, draft, evidence,
// guidance), /api/v1/analytics/... and /api/v1/reports/... (docs/openapi.yaml).
#pragma once

#include "http/router.h"
#include "matrix/module.h"

namespace wsis::matrix {

void register_routes(http::Router& router, MatrixModule& module);
void register_analytics_routes(http::Router& router, MatrixModule& module);  // analytics_api.cpp
void register_report_routes(http::Router& router, MatrixModule& module);     // report_api.cpp

}  // namespace wsis::matrix
