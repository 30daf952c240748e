// gzip: Accept-Encoding negotiation vectors, compression that zlib inflates back to the input,
// which types are worth compressing, and the content hash behind ETags.
#include "http/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

namespace wsis::http {
namespace {

// Inflates a gzip member with zlib (the reference implementation), or fails the test.
std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);  // +16: expect a gzip header, not zlib's
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END) << "not one complete gzip stream";
  EXPECT_EQ(stream.avail_in, 0u) << "bytes after the gzip trailer";
  inflateEnd(&stream);
  return out;
}

TEST(AcceptsGzip, PlainListsAndWildcard) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  EXPECT_TRUE(accepts_gzip("deflate,gzip"));
  EXPECT_TRUE(accepts_gzip(" gzip ;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("gzip;level=9"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("gzipx, xgzip"));
}

TEST(AcceptsGzip, CodingNamesAreCaseInsensitive) {
  EXPECT_TRUE(accepts_gzip("GZIP"));
  EXPECT_TRUE(accepts_gzip("Gzip;Q=1"));
  EXPECT_FALSE(accepts_gzip("GZIP;Q=0"));
}

TEST(AcceptsGzip, QZeroRefuses) {
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("deflate, gzip;q=0"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.5"));
  EXPECT_TRUE(accepts_gzip("gzip;q=1"));
}

TEST(AcceptsGzip, AnExplicitGzipEntryDecidesOverTheWildcard) {
  EXPECT_TRUE(accepts_gzip("*;q=0, gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, *;q=0"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));
}

TEST(GzipCompress, RoundTripsThroughZlib) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"code\":\"C" + std::to_string(i % 11) + "\",\"title\":\"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\"},";
  for (int level : {1, 6, 9}) {
    auto compressed = gzip_compress(text, level);
    ASSERT_FALSE(compressed.empty());
    EXPECT_LT(compressed.size(), text.size() / 5) << "level " << level;
    ASSERT_GE(compressed.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x1F);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0x8B);
    EXPECT_EQ(gunzip(compressed), text) << "level " << level;
  }
}

TEST(GzipCompress, EmptyAndIncompressibleInputStillRoundTrip) {
  EXPECT_EQ(gunzip(gzip_compress("", 6)), "");
  std::mt19937 random(42);
  std::string noise(100000, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  auto compressed = gzip_compress(noise, 9);
  ASSERT_FALSE(compressed.empty()) << "deflateBound must leave room for incompressible data";
  EXPECT_EQ(gunzip(compressed), noise);
  std::string binary("\0\xFF\0\x80", 4);
  EXPECT_EQ(gunzip(gzip_compress(binary, 6)), binary);
}

TEST(IsCompressible, TextLikeTypesOnly) {
  for (auto type : {"application/json", "application/problem+json", "text/html; charset=utf-8", "text/css",
                    "application/javascript; charset=utf-8", "image/svg+xml", "application/yaml; charset=utf-8",
                    "application/manifest+json", "application/xml"})
    EXPECT_TRUE(is_compressible(type)) << type;
  for (auto type : {"image/png", "image/jpeg", "image/webp", "font/woff2", "application/pdf",
                    "application/octet-stream", "application/zip", ""})
    EXPECT_FALSE(is_compressible(type)) << type;
}

TEST(ContentHash, SixteenHexDigitsStableAndDistinct) {
  // First 8 bytes of BLAKE2b with a 16-byte digest of "" (hashlib.blake2b(b"", digest_size=16)).
  EXPECT_EQ(content_hash(""), "cae66941d9efbd40");
  auto a = content_hash("{\"items\":[]}");
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a, content_hash("{\"items\":[]}"));
  EXPECT_NE(a, content_hash("{\"items\":[1]}"));
}

}  // namespace
}  // namespace wsis::http
