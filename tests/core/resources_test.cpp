// Files linked into the binary: found by their source path, byte-for-byte the files in the
// source tree, listed sorted by prefix.
#include "core/resources.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wsis {
namespace {

std::string read_source_file(std::string_view relative) {
  std::ifstream in(std::string(WSIS_SOURCE_DIR) + "/" + std::string(relative), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Resources, EmbeddedFilesAreTheSourceFilesByteForByte) {
  for (auto path : {"data/messages/server.json", "src/db/migrations/0001_foundation.sql", "docs/openapi.yaml"}) {
    auto bytes = resource(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    auto on_disk = read_source_file(path);
    // Compared as a boolean: printing two large files on failure helps nobody.
    EXPECT_TRUE(*bytes == on_disk) << path << ": embedded " << bytes->size() << " bytes, on disk " << on_disk.size()
                                   << " (rebuild after changing data files)";
  }
}

TEST(Resources, UnknownPathsAreAbsent) {
  EXPECT_FALSE(resource("data/messages/nope.json").has_value());
  EXPECT_FALSE(resource("").has_value());
  EXPECT_FALSE(resource("/data/messages/server.json").has_value());  // names are relative
  EXPECT_FALSE(resource("data/messages").has_value());               // a folder is not a file
}

TEST(Resources, EveryDataAndMigrationFileIsEmbedded) {
  namespace fs = std::filesystem;
  std::size_t on_disk = 0;
  for (auto folder : {"data/reference", "data/messages", "src/db/migrations"}) {
    for (const auto& entry : fs::recursive_directory_iterator(std::string(WSIS_SOURCE_DIR) + "/" + folder)) {
      auto extension = entry.path().extension();
      if (!entry.is_regular_file() || (extension != ".json" && extension != ".sql")) continue;
      auto relative = fs::relative(entry.path(), WSIS_SOURCE_DIR).generic_string();
      // A generator's input, deliberately left out (see the top-level CMakeLists.txt).
      if (relative == "data/reference/country_name_overrides.json") continue;
      ++on_disk;
      EXPECT_TRUE(resource(relative).has_value()) << relative << " is not embedded (re-run cmake)";
    }
  }
  EXPECT_GT(on_disk, 3u);
}

TEST(Resources, ListsByPrefixSorted) {
  auto migrations = resources_under("src/db/migrations/");
  ASSERT_FALSE(migrations.empty());
  EXPECT_TRUE(std::is_sorted(migrations.begin(), migrations.end()));
  for (auto name : migrations) EXPECT_TRUE(name.starts_with("src/db/migrations/")) << name;
  EXPECT_EQ(migrations.front(), "src/db/migrations/0001_foundation.sql");
  EXPECT_TRUE(resources_under("no/such/prefix/").empty());
  EXPECT_GE(resources_under("").size(), migrations.size() + 2);
}

}  // namespace
}  // namespace wsis
