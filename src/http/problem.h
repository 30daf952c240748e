// RFC 9457 problem details: every error the API returns, in the caller's language.
#pragma once

#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace wsis::http {

int status_of(ErrorCode code);
// The stable slug of a code ("validation", "not-found"), used in the problem type URI
// "/problems/<slug>" and, with underscores, in message keys.
std::string_view slug_of(ErrorCode code);

// {"type", "title", "status", "detail", "instance"?, "errors": [{"field", "code", "message"}]}
Response problem_response(const Error& error, std::string_view lang, std::string_view instance = {});

}  // namespace wsis::http
