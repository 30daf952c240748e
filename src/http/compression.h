// gzip (zlib) for responses, and content hashes for ETags.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsis::http {

// Below this a gzip body is rarely smaller enough to pay for the work.
inline constexpr std::size_t kMinCompressSize = 860;

std::string gzip_compress(std::string_view data, int level);
bool is_compressible(std::string_view content_type);
// True if an Accept-Encoding header value accepts gzip (and does not give it q=0).
bool accepts_gzip(std::string_view accept_encoding);
// 16 hex digits of a BLAKE2b hash: stable across processes and servers.
std::string content_hash(std::string_view data);

}  // namespace wsis::http
