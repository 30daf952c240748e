// An entry as one line of a list: what a result line needs (the content without its long
// texts and contact, a display title and summary in the reader's language). The same items
// answer /api/v1/entries and /api/v1/search.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "stocktaking/entries_service.h"

namespace wsis::stocktaking {

boost::json::object list_item_json(const EntryView& view, std::string_view lang);

}  // namespace wsis::stocktaking
