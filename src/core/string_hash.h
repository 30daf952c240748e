// A hash for unordered containers keyed by std::string that are looked up by std::string_view
// (with std::equal_to<>): no string is built per lookup.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace wsis {

struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

}  // namespace wsis
