#include "http/compression.h"

#include <sodium.h>
#include <zlib.h>

#include <cctype>

#include "core/random.h"

namespace wsis::http {

std::string gzip_compress(std::string_view data, int level) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string{};
}

bool is_compressible(std::string_view type) {
  return type.starts_with("application/json") || type.starts_with("application/problem+json") ||
         type.starts_with("text/") || type.starts_with("application/javascript") ||
         type.starts_with("image/svg+xml") || type.starts_with("application/yaml") ||
         type.starts_with("application/manifest+json") || type.starts_with("application/xml");
}

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    auto semi = item.find(';');
    auto coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    auto params = item.substr(semi + 1);
    auto q = params.find("q=");
    if (q == std::string_view::npos) return true;
    // q=0, q=0.0, q=0.00 refuse; anything else accepts.
    auto value = params.substr(q + 2);
    bool zero = !value.empty() && value[0] == '0';
    for (std::size_t i = 1; zero && i < value.size() && value[i] != ' ' && value[i] != ';'; ++i)
      if (value[i] != '.' && value[i] != '0') zero = false;
    return !zero;
  }
  return false;
}

std::string content_hash(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES_MIN];  // 16, libsodium's smallest
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, digest, 8);
  return std::string(hex, 16);
}

}  // namespace wsis::http
