// Routes for operators: liveness, readiness, metrics, and the API description.
#pragma once

#include "db/database.h"
#include "http/pipeline.h"
#include "http/router.h"

namespace wsis::app {

// /healthz: the process answers. /readyz: the database answers too. /metrics: Prometheus text
// from the pipeline, which exists only after the router is complete, hence the pointer that
// serve() fills in. /api/v1/openapi.yaml: the spec linked into the binary.
void register_ops_routes(http::Router& router, db::Database& database, const http::Pipeline* const* pipeline);

}  // namespace wsis::app
