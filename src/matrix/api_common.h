// Pieces the matrix module's route files share.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "http/message.h"
#include "matrix/evidence.h"
#include "matrix/reference_matrix.h"
#include "stocktaking/entries_service.h"

namespace wsis::matrix {

http::Response problem(const http::Request& request, const Error& error);
Error not_logged_in();
bool is_iso_date(std::string_view text);

// The entry filters of /api/v1/entries; `state` and `mine` are refused: evidence counts
// published entries only.
Result<stocktaking::EntryFilter> evidence_filter(const http::Request& request);
// level=goal (default) or target.
Result<std::string> read_level(const http::Request& request);

// The heatmap answer: rows (action lines), columns (goals or targets) and cells, each with the
// reference flag, counts, share, lift and its interval, and the trend by reporting year.
boost::json::object evidence_json(const Tally& tally, const std::vector<Link>& links, bool targets);

// {"2024": 3, ...} for the non-zero years of a profile.
boost::json::object trend_json(const Profile& profile);

}  // namespace wsis::matrix
