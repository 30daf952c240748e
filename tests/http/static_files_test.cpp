// The built front end served from memory: content types, a year of caching for hashed assets,
// revalidation for the rest, the single-page-app fallback to index.html, and 404 for assets.
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/compression.h"
#include "support/temp_dir.h"

namespace wsis::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("index.html", "<!doctype html><title>WSIS</title>" + std::string(2000, ' '));
    write("assets/app-3f2a1b.js", "console.log('app');" + std::string(2000, ';'));
    write("assets/app-3f2a1b.css", "body{}");
    write("assets/logo.svg", "<svg/>");
    write("assets/photo.webp", std::string("RIFF\0\0\0\0WEBP", 12));
    write("favicon.ico", std::string("\0\0\1\0", 4));
    write("robots.txt", "User-agent: *\n");
    write("manifest.webmanifest", "{}");
    write("locales/ar.json", "{\"hello\":\"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\"}");
    write("big.bin", std::string(5000, 'x'));
    files_ = StaticFiles::load(dir_.path(), 4096);
  }

  void write(const std::string& relative, const std::string& content) {
    auto path = std::filesystem::path(dir_.path()) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  wsis::testing::TempDir dir_;
  std::shared_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, LoadsEveryFileUnderTheLimit) {
  EXPECT_EQ(files_->size(), 9u) << "big.bin is over the 4096-byte limit and skipped";
  EXPECT_FALSE(files_->serve("/big.bin").has_value());
}

TEST_F(StaticFilesTest, ContentTypesFollowTheExtension) {
  auto type_of = [&](const std::string& path) {
    auto response = files_->serve(path);
    return response && response->prepared ? response->prepared->content_type : std::string("none");
  };
  EXPECT_EQ(type_of("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(type_of("/assets/app-3f2a1b.js"), "application/javascript; charset=utf-8");
  EXPECT_EQ(type_of("/assets/app-3f2a1b.css"), "text/css; charset=utf-8");
  EXPECT_EQ(type_of("/assets/logo.svg"), "image/svg+xml");
  EXPECT_EQ(type_of("/assets/photo.webp"), "image/webp");
  EXPECT_EQ(type_of("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(type_of("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(type_of("/manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(type_of("/locales/ar.json"), "application/json");
  EXPECT_EQ(content_type_for("/x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/x.mjs"), "application/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/tools/verify_results.py"), "text/x-python; charset=utf-8");
  EXPECT_EQ(content_type_for("/x.unknown"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/noextension"), "application/octet-stream");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableEverythingElseRevalidates) {
  auto asset = files_->serve("/assets/app-3f2a1b.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->header("cache-control"), "public, max-age=31536000, immutable");
  for (auto path : {"/index.html", "/", "/robots.txt", "/locales/ar.json"}) {
    auto response = files_->serve(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->header("cache-control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, BodiesAreExactWithStrongEtagsAndGzipWhenItPays) {
  auto js = files_->serve("/assets/app-3f2a1b.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->prepared->identity, "console.log('app');" + std::string(2000, ';'));
  EXPECT_EQ(js->prepared->etag, "\"" + content_hash(js->prepared->identity) + "\"");
  EXPECT_FALSE(js->prepared->gzip.empty());
  EXPECT_LT(js->prepared->gzip.size(), js->prepared->identity.size());
  auto css = files_->serve("/assets/app-3f2a1b.css");
  ASSERT_TRUE(css);
  EXPECT_TRUE(css->prepared->gzip.empty()) << "6 bytes are not worth compressing";
  auto ico = files_->serve("/favicon.ico");
  ASSERT_TRUE(ico);
  EXPECT_EQ(ico->prepared->identity, std::string("\0\0\1\0", 4)) << "binary files are read as bytes";
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexHtml) {
  auto index = files_->serve("/index.html");
  ASSERT_TRUE(index);
  for (auto path : {"/", "/ar/entries/12", "/fr/prizes", "/entries"}) {
    auto response = files_->serve(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->prepared, index->prepared) << path;
  }
}

TEST_F(StaticFilesTest, MissingFilesWithAnExtensionAre404) {
  for (auto path : {"/assets/app-000000.js", "/missing.css", "/locales/xx.json", "/ar/entries/12.json"})
    EXPECT_FALSE(files_->serve(path).has_value()) << path;
}

TEST_F(StaticFilesTest, PathsNeverReachTheFileSystem) {
  // Lookups are in the in-memory map only: traversal finds nothing it should not.
  EXPECT_FALSE(files_->serve("/../../etc/passwd.txt").has_value());
  EXPECT_FALSE(files_->serve("/assets/../index.html").has_value());
}

TEST(StaticFilesLoad, MissingRootServesNothing) {
  auto files = StaticFiles::load("/nonexistent/wsis/web/dist");
  EXPECT_EQ(files->size(), 0u);
  EXPECT_FALSE(files->serve("/").has_value());
  EXPECT_FALSE(files->serve("/ar/entries").has_value());
}

}  // namespace
}  // namespace wsis::http
