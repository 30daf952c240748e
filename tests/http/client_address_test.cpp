// The client's address behind trusted reverse proxies (X-Forwarded-For): believed only from a
// trusted peer, read from the right past trusted hops, never from what the client wrote.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace wsis::http {
namespace {

boost::asio::ip::address at(const char* text) { return boost::asio::ip::make_address(text); }

TrustedProxies trusting(std::vector<std::string> specs) {
  auto parsed = TrustedProxies::parse(specs);
  EXPECT_TRUE(parsed) << parsed.error().detail;
  return parsed ? *parsed : TrustedProxies{};
}

TEST(ClientAddress, WithNoTrustedProxyAForgedHeaderIsIgnored) {
  TrustedProxies none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.client_address(at("203.0.113.7"), "198.51.100.1"), "203.0.113.7");
  EXPECT_EQ(none.client_address(at("127.0.0.1"), "198.51.100.1"), "127.0.0.1");
}

TEST(ClientAddress, FromAnUntrustedPeerTheHeaderIsIgnored) {
  auto proxies = trusting({"127.0.0.1"});
  EXPECT_EQ(proxies.client_address(at("203.0.113.7"), "198.51.100.1"), "203.0.113.7");
}

TEST(ClientAddress, FromATrustedProxyTheForwardedAddressIsTheClient) {
  auto proxies = trusting({"127.0.0.1", "::1"});
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(at("::1"), " 2001:db8::5 "), "2001:db8::5");
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "[2001:db8::5]"), "2001:db8::5");
  // The proxy itself, with no header (a health check): the peer.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), ""), "127.0.0.1");
}

TEST(ClientAddress, SpoofedLeftMostEntriesAreNeverBelieved) {
  // The client sent "X-Forwarded-For: 10.9.9.9, 127.0.0.1"; the proxy appended the real one.
  auto proxies = trusting({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "10.9.9.9, 127.0.0.1, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "1.2.3.4, 198.51.100.1"), "198.51.100.1");
  // Two trusted hops (an edge proxy in 10/8 in front of the local one): past both.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "1.2.3.4, 198.51.100.1, 10.0.0.2"), "198.51.100.1");
  // Several header fields are one list, in order.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "1.2.3.4,198.51.100.1,10.0.0.2"), "198.51.100.1");
  // Every hop trusted: the left-most.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "10.0.0.3, 10.0.0.2"), "10.0.0.3");
}

TEST(ClientAddress, MalformedHeadersAreIgnoredSafely) {
  auto proxies = trusting({"127.0.0.1", "10.0.0.0/8"});
  // Garbage where the proxy's entry should be: only the peer is known.
  for (const char* header : {"garbage", "198.51.100.1:443", "unknown", "_hidden", "1.2.3.4.5", ",,,", " ",
                             "198.51.100.1\x01", "[::1", "2001:db8::/48", "999.1.1.1"})
    EXPECT_EQ(proxies.client_address(at("127.0.0.1"), header), "127.0.0.1") << header;
  // Garbage to the left of the client's entry changes nothing.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "garbage, 198.51.100.1"), "198.51.100.1");
  // Garbage behind a trusted hop: that hop is the last address known to be true.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "198.51.100.1, garbage, 10.0.0.2"), "10.0.0.2");
  // Empty list elements are no hop.
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), "198.51.100.1, , "), "198.51.100.1");
  std::string huge(20000, '1');
  EXPECT_EQ(proxies.client_address(at("127.0.0.1"), huge), "127.0.0.1");
}

TEST(ClientAddress, IPv4MappedAddressesAreWrittenAsIPv4) {
  auto proxies = trusting({"127.0.0.1"});
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d: still the trusted proxy.
  EXPECT_TRUE(proxies.contains(at("::ffff:127.0.0.1")));
  EXPECT_EQ(proxies.client_address(at("::ffff:127.0.0.1"), "::ffff:198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.client_address(at("::ffff:203.0.113.7"), ""), "203.0.113.7");
  EXPECT_EQ(unmapped(at("::ffff:203.0.113.7")).to_string(), "203.0.113.7");
}

TEST(ClientAddress, RangesAndTheirErrors) {
  auto proxies = trusting({"10.0.0.0/8", "192.168.1.0/25", "fd00::/8", " 127.0.0.1 "});
  EXPECT_TRUE(proxies.contains(at("10.255.0.1")));
  EXPECT_FALSE(proxies.contains(at("11.0.0.1")));
  EXPECT_TRUE(proxies.contains(at("192.168.1.127")));
  EXPECT_FALSE(proxies.contains(at("192.168.1.128")));
  EXPECT_TRUE(proxies.contains(at("fd12:3456::1")));
  EXPECT_FALSE(proxies.contains(at("fe80::1")));
  EXPECT_TRUE(proxies.contains(at("127.0.0.1")));
  EXPECT_FALSE(proxies.contains(at("127.0.0.2")));
  // An IPv4 range never matches IPv6 addresses that merely share leading bits.
  EXPECT_FALSE(trusting({"0.0.0.0/0"}).contains(at("2001:db8::1")));
  EXPECT_TRUE(trusting({"0.0.0.0/0"}).contains(at("198.51.100.1")));
  for (std::string bad :
       {"", "localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "/8", "fd00::/129", "10.0.0.0/8/8", "10.0.0.0/-1"}) {
    auto parsed = TrustedProxies::parse({bad});
    EXPECT_FALSE(parsed) << bad;
    if (!parsed) {
      EXPECT_NE(parsed.error().detail.find("trusted proxy"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace wsis::http
