// A small blocking HTTP/1.1 client for tests (Boost.Beast), with an optional cookie jar and
// CSRF token so a test can act as a logged-in browser.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wsis::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& lower_name) const;
  // The body parsed as JSON; a test failure (and null) if it is not JSON.
  boost::json::value json() const;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();

  using Headers = std::vector<std::pair<std::string, std::string>>;
  // Sends one request on a kept-alive connection (reconnecting when the server closed it).
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       const Headers& headers = {});
  HttpResponse get(const std::string& target, const Headers& headers = {}) { return request("GET", target, "", headers); }
  // JSON body with Content-Type application/json, plus the CSRF token if one is set.
  HttpResponse post_json(const std::string& target, const boost::json::value& body, const Headers& headers = {});
  HttpResponse send_json(const std::string& method, const std::string& target, const boost::json::value& body,
                         const Headers& headers = {});

  // Browser-like behaviour: Set-Cookie responses are stored and sent back; a CSRF token, once
  // set, goes out as X-CSRF-Token on every unsafe request.
  void set_csrf_token(std::string token) { csrf_token_ = std::move(token); }
  const std::string& csrf_token() const { return csrf_token_; }
  void set_bearer_token(std::string token) { bearer_ = std::move(token); }
  void clear_cookies() { cookies_.clear(); }
  const std::map<std::string, std::string>& cookies() const { return cookies_; }
  void set_language(std::string lang) { language_ = std::move(lang); }

  std::uint16_t port() const { return port_; }

 private:
  struct Connection;
  std::uint16_t port_;
  std::string host_;
  std::unique_ptr<Connection> connection_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_token_;
  std::string bearer_;
  std::string language_;
};

// Writes raw bytes to a fresh connection and returns everything read until the server closes it
// or `timeout_ms` passes: for malformed HTTP that a real client would not send.
std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms = 3000);

}  // namespace wsis::testing
