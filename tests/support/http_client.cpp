#include "support/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace wsis::testing {

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string{} : it->second;
}

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  EXPECT_FALSE(ec) << "not JSON (" << status << "): " << body.substr(0, 300);
  return ec ? boost::json::value(nullptr) : value;
}

struct HttpClient::Connection {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;
};

HttpClient::HttpClient(std::uint16_t port, std::string host)
    : port_(port), host_(std::move(host)), connection_(std::make_unique<Connection>()) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 const Headers& headers) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  if (!language_.empty()) req.set(bhttp::field::accept_language, language_);
  if (!cookies_.empty()) {
    std::string cookie_header;
    for (const auto& [name, value] : cookies_) cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
    req.set(bhttp::field::cookie, cookie_header);
  }
  if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
  bool unsafe = method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
  if (unsafe && !csrf_token_.empty()) req.set("X-CSRF-Token", csrf_token_);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  if (!body.empty() || unsafe) req.prepare_payload();

  HttpResponse out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto& c = *connection_;
    beast::error_code ec;
    if (!c.open) {
      c.stream.close();
      c.buffer.clear();
      c.stream.expires_after(std::chrono::seconds(10));
      c.stream.connect(tcp::endpoint(net::ip::make_address(host_), port_), ec);
      if (ec) {
        ADD_FAILURE() << "connect failed: " << ec.message();
        return out;
      }
      c.open = true;
    }
    c.stream.expires_after(std::chrono::seconds(60));
    bhttp::write(c.stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256u << 20);
    if (method == "HEAD") parser.skip(true);
    if (!ec) bhttp::read(c.stream, c.buffer, parser, ec);
    if (ec) {
      c.open = false;  // the server closed a kept-alive connection: retry once on a new one
      if (attempt == 0) continue;
      ADD_FAILURE() << method << " " << target << " failed: " << ec.message();
      return out;
    }
    auto& res = parser.get();
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (name == "set-cookie") {
        std::string value(field.value());
        auto eq = value.find('=');
        auto semi = value.find(';');
        if (eq != std::string::npos) {
          std::string cookie_name = value.substr(0, eq);
          std::string cookie_value = value.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
          bool expired = value.find("Max-Age=0") != std::string::npos || cookie_value.empty();
          if (expired) cookies_.erase(cookie_name); else cookies_[cookie_name] = cookie_value;
        }
      }
      auto& slot = out.headers[name];
      slot = slot.empty() ? std::string(field.value()) : slot + ", " + std::string(field.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) c.open = false;
    return out;
  }
  return out;
}

HttpResponse HttpClient::post_json(const std::string& target, const boost::json::value& body, const Headers& headers) {
  return send_json("POST", target, body, headers);
}

HttpResponse HttpClient::send_json(const std::string& method, const std::string& target, const boost::json::value& body,
                                   const Headers& headers) {
  Headers all = headers;
  all.emplace_back("Content-Type", "application/json");
  return request(method, target, boost::json::serialize(body), all);
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return "connect failed: " + ec.message();
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  net::write(stream, net::buffer(bytes), ec);
  std::string received;
  char chunk[4096];
  while (true) {
    std::size_t n = stream.read_some(net::buffer(chunk), ec);
    received.append(chunk, n);
    if (ec) break;
  }
  return received;
}

}  // namespace wsis::testing
