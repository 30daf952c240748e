#include "http/client_address.h"

#include <charconv>
#include <optional>

namespace wsis::http {

namespace ip = boost::asio::ip;

namespace {

// Every address as IPv6 (IPv4 mapped), so that one range type and one comparison serve both.
ip::address_v6 as_v6(const ip::address& address) {
  if (address.is_v4()) return ip::make_address_v6(ip::v4_mapped, address.to_v4());
  return address.to_v6();
}

bool same_prefix(const ip::address_v6& a, const ip::address_v6& b, unsigned bits) {
  auto x = a.to_bytes(), y = b.to_bytes();
  unsigned whole = bits / 8, rest = bits % 8;
  for (unsigned i = 0; i < whole; ++i)
    if (x[i] != y[i]) return false;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (x[whole] & mask) == (y[whole] & mask);
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One entry of X-Forwarded-For: a bare address (what nginx, HAProxy and Caddy write), IPv6
// possibly in brackets. Ports, "unknown", obfuscated names and anything else: not an address.
std::optional<ip::address> entry_address(std::string_view entry) {
  entry = trimmed(entry);
  if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']') entry = entry.substr(1, entry.size() - 2);
  if (entry.empty() || entry.size() > 64) return std::nullopt;
  boost::system::error_code ec;
  auto address = ip::make_address(entry, ec);
  if (ec) return std::nullopt;
  return unmapped(address);
}

}  // namespace

ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& specs) {
  TrustedProxies out;
  for (const auto& spec : specs) {
    std::string_view text = trimmed(spec);
    auto invalid = [&] {
      return make_error(ErrorCode::bad_request, "not an address or CIDR range for a trusted proxy: '" + spec +
                                                    "' (e.g. 127.0.0.1, 10.0.0.0/8, ::1)");
    };
    std::string_view address_text = text, bits_text;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
      address_text = text.substr(0, slash);
      bits_text = text.substr(slash + 1);
      if (bits_text.empty()) return invalid();
    }
    boost::system::error_code ec;
    auto address = ip::make_address(address_text, ec);
    if (ec || address_text.empty()) return invalid();
    address = unmapped(address);
    unsigned max_bits = address.is_v4() ? 32 : 128;
    unsigned bits = max_bits;
    if (!bits_text.empty()) {
      auto [end, error] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
      if (error != std::errc{} || end != bits_text.data() + bits_text.size() || bits > max_bits) return invalid();
    }
    out.ranges_.push_back({as_v6(address), address.is_v4() ? bits + 96 : bits});
  }
  return out;
}

bool TrustedProxies::contains(const ip::address& address) const {
  auto v6 = as_v6(unmapped(address));
  for (const auto& range : ranges_)
    if (same_prefix(v6, range.network, range.bits)) return true;
  return false;
}

std::string TrustedProxies::client_address(const ip::address& peer, std::string_view forwarded_for) const {
  ip::address client = unmapped(peer);
  if (!contains(client)) return client.to_string();
  // From the right: each trusted hop vouches for the entry to its left.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (trimmed(entry).empty()) continue;  // "a, , b": an empty list element is no hop (RFC 9110 5.6.1)
    auto address = entry_address(entry);
    if (!address) break;  // nothing to its left can be trusted either
    client = *address;
    if (!contains(client)) break;
  }
  return client.to_string();
}

}  // namespace wsis::http
