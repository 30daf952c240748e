#include "http/compression.h"

#include <sodium.h>
#include <zlib.h>

#include <cctype>

#include "core/language.h"
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

namespace {
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
// True for q=0, q=0.0, q=0.00, q=0.000: "not acceptable".
bool refuses(std::string_view params) { return parse_quality(params) == 0; }
}  // namespace

bool accepts_gzip(std::string_view header) {
  // RFC 9110 12.5.3: codings are case-insensitive, and an explicit "gzip" entry decides over
  // "*" wherever each appears ("*;q=0, gzip" accepts, "*, gzip;q=0" refuses).
  int gzip = -1, any = -1;  // -1 not listed, 0 refused, 1 accepted
  for (int items = 0; !header.empty() && items < 64; ++items) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    int verdict = semi != std::string_view::npos && refuses(item.substr(semi + 1)) ? 0 : 1;
    if (iequals(coding, "gzip")) gzip = verdict;
    else if (coding == "*") any = verdict;
  }
  return gzip >= 0 ? gzip == 1 : any == 1;
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
