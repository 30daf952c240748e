#include "core/resources.h"

#include <algorithm>
#include <cstddef>

namespace wsis::resources_detail {
struct Entry {
  const char* name;
  const char* begin;
  const char* end;
};
extern const Entry kEntries[];
extern const std::size_t kEntryCount;
}  // namespace wsis::resources_detail

namespace wsis {

std::optional<std::string_view> resource(std::string_view path) {
  using namespace resources_detail;
  for (std::size_t i = 0; i < kEntryCount; ++i) {
    if (path == kEntries[i].name)
      return std::string_view(kEntries[i].begin, static_cast<std::size_t>(kEntries[i].end - kEntries[i].begin));
  }
  return std::nullopt;
}

std::vector<std::string_view> resources_under(std::string_view prefix) {
  using namespace resources_detail;
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kEntryCount; ++i) {
    std::string_view name = kEntries[i].name;
    if (name.substr(0, prefix.size()) == prefix) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace wsis
