#include "http/message.h"

#include <cctype>

#include <boost/json/serialize.hpp>
#include <charconv>

#include "http/compression.h"

namespace wsis::http {

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& h : headers)
    if (h.name == lower_name) return h.value;
  return {};
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : params)
    if (key == name) return value;
  return {};
}

Result<std::int64_t> Request::id_param(std::string_view name) const {
  auto text = param(name);
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return make_error(ErrorCode::not_found, "not an id: " + std::string(name));
  return id;
}

std::optional<std::string_view> Request::cookie(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.name != "cookie") continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      auto pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
  }
  return std::nullopt;
}

std::string Request::path() const {
  std::string out;
  for (const auto& s : segments) out += "/" + s;
  return out.empty() ? "/" : out;
}

void Response::set_header(std::string lower_name, std::string value) {
  for (auto& h : headers)
    if (h.name == lower_name) {
      h.value = std::move(value);
      return;
    }
  headers.push_back(Header{std::move(lower_name), std::move(value)});
}

std::string_view Response::header(std::string_view lower_name) const {
  for (const auto& h : headers)
    if (h.name == lower_name) return h.value;
  return {};
}

std::string serialize_json(const boost::json::value& value) {
  std::string raw = boost::json::serialize(value);
  std::string out;
  out.reserve(raw.size() + 16);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' && (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else out += c;
  }
  return out;
}

Response json_response(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = serialize_json(value);
  return response;
}

void add_vary(Response& response, std::string_view token) {
  std::string vary(response.header("vary"));
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string haystack = lower(vary), needle = lower(token);
  // Named already: as a whole item of the comma-separated list.
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
    bool starts = at == 0 || haystack[at - 1] == ',' || haystack[at - 1] == ' ';
    std::size_t end = at + needle.size();
    bool ends = end == haystack.size() || haystack[end] == ',' || haystack[end] == ' ';
    if (starts && ends) return;
  }
  response.set_header("vary", vary.empty() ? std::string(token) : vary + ", " + std::string(token));
}

Response no_content() {
  Response response;
  response.status = 204;
  return response;
}

std::shared_ptr<const PreparedBody> prepare_body(std::string content_type, std::string body) {
  auto prepared = std::make_shared<PreparedBody>();
  prepared->etag = "\"" + content_hash(body) + "\"";
  if (is_compressible(content_type) && body.size() >= kMinCompressSize) {
    std::string compressed = gzip_compress(body, 9);
    if (compressed.size() < body.size()) prepared->gzip = std::move(compressed);
  }
  prepared->content_type = std::move(content_type);
  prepared->identity = std::move(body);
  return prepared;
}

}  // namespace wsis::http
