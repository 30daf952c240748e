// The client's address behind reverse proxies. The socket peer is the client unless it is one
// of the operator's trusted proxies; then X-Forwarded-For is read from the right (each proxy
// appends the address it received the request from) past trusted proxies, and the first
// untrusted entry is the client. Entries to its left were written by the client and are never
// believed. With no trusted proxy configured the header is ignored altogether.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wsis::http {

class TrustedProxies {
 public:
  // Addresses or CIDR ranges: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". Fails on the
  // first that is not one, naming it.
  static Result<TrustedProxies> parse(const std::vector<std::string>& specs);

  bool empty() const { return ranges_.empty(); }
  bool contains(const boost::asio::ip::address& address) const;

  // The client's address, as text (IPv4-mapped IPv6 written as IPv4), for a request from
  // `peer` (the socket's address) with `forwarded_for` (every X-Forwarded-For field of the
  // request joined with commas; empty if none). A malformed entry met on the way stops the
  // walk: the right-most address known to be true (the last trusted hop) is the answer.
  std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded_for) const;

 private:
  struct Range {
    boost::asio::ip::address_v6 network;  // IPv4 as IPv4-mapped
    unsigned bits = 128;
  };
  std::vector<Range> ranges_;
};

// IPv4-mapped IPv6 (a dual-stack socket's IPv4 peer) as IPv4; anything else as it is.
boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

}  // namespace wsis::http
