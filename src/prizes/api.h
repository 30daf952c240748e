// /api/v1/prizes/...: cycles, nominations, expert review, votes and results over HTTP
// (docs/PRIZES.md, docs/openapi.yaml).
#pragma once

#include "http/router.h"
#include "prizes/prizes_service.h"

namespace wsis::prizes {

void register_routes(http::Router& router, PrizesService& service);

}  // namespace wsis::prizes
