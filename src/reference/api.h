// GET /api/v1/reference/...: the reference lists in the caller's language. The bodies never
// change while the server runs, so each is serialised and compressed once per language at
// start-up and served from memory.
#pragma once

#include "http/router.h"

namespace wsis::reference {

void register_routes(http::Router& router);

}  // namespace wsis::reference
