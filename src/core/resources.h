// Files linked into the binary at build time (cmake/embed.cmake): reference data, server
// messages, SQL migrations and the OpenAPI spec, named by their path in the source tree.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace wsis {

// The bytes of an embedded file ("data/reference/regions.json"), or nothing.
std::optional<std::string_view> resource(std::string_view path);

// Paths of the embedded files that start with `prefix`, sorted.
std::vector<std::string_view> resources_under(std::string_view prefix);

}  // namespace wsis
