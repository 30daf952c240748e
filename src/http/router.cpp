#include "http/router.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "http/problem.h"

namespace wsis::http {

namespace {
std::vector<std::string> split_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '/') throw std::logic_error("route pattern must start with /");
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= pattern.size()) {
    auto slash = pattern.find('/', start);
    if (slash == std::string_view::npos) slash = pattern.size();
    segments.emplace_back(pattern.substr(start, slash - start));
    start = slash + 1;
  }
  // Requests lose a trailing slash in the pipeline ("/" has no segments at all), so a pattern
  // must too, or "/" and "/docs/" would be routes that nothing can reach.
  if (segments.back().empty()) segments.pop_back();
  return segments;
}
bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
// Fewer parameters first, and at the same count, literals earlier in the path first.
std::string specificity(const std::vector<std::string>& segments) {
  std::string key;
  for (const auto& s : segments) key += is_param(s) ? '1' : '0';
  return key;
}
}  // namespace

struct Responder::State {
  std::mutex mutex;
  Deliver deliver;  // emptied by the first answer
  std::string_view lang;
  ~State() {
    if (deliver) deliver(problem_response(make_error(ErrorCode::internal, "the handler never answered"), lang));
  }
};

Responder::Responder(Deliver deliver, std::string_view lang) : state_(std::make_shared<State>()) {
  state_->deliver = std::move(deliver);
  state_->lang = lang;
}

void Responder::operator()(Response response) const {
  Deliver deliver;
  {
    std::lock_guard lock(state_->mutex);
    deliver = std::move(state_->deliver);
    state_->deliver = nullptr;
  }
  if (deliver) deliver(std::move(response));
}

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  add_route({.method = std::move(method), .pattern = std::move(pattern), .segments = {}, .handler = std::move(handler),
             .async_handler = {}, .options = std::move(options)});
}

void Router::add_async(std::string method, std::string pattern, AsyncHandler handler, RouteOptions options) {
  add_route({.method = std::move(method), .pattern = std::move(pattern), .segments = {}, .handler = {},
             .async_handler = std::move(handler), .options = std::move(options)});
}

void Router::add_route(Route route) {
  route.segments = split_pattern(route.pattern);
  for (const auto& existing : routes_)
    if (existing.method == route.method && existing.segments == route.segments)
      throw std::logic_error("route registered twice: " + route.method + " " + route.pattern);
  route.index = routes_.size();
  routes_.push_back(std::move(route));
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    return specificity(a.segments) < specificity(b.segments);
  });
}

Router::Match Router::match(std::string_view method, const std::vector<std::string>& segments,
                            std::vector<std::pair<std::string_view, std::string>>& params) const {
  Match result;
  std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  const std::vector<std::string>* matched_path = nullptr;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i)
      ok = is_param(route.segments[i]) ? !segments[i].empty() : route.segments[i] == segments[i];
    if (!ok) continue;
    // A more specific pattern for this path shadows less specific ones entirely.
    if (matched_path && *matched_path != route.segments) continue;
    matched_path = &route.segments;
    if (route.method == wanted) {
      params.clear();
      for (std::size_t i = 0; i < segments.size(); ++i)
        if (is_param(route.segments[i]))
          params.emplace_back(std::string_view(route.segments[i]).substr(1, route.segments[i].size() - 2), segments[i]);
      result.route = &route;
      return result;
    }
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += route.method;
    if (route.method == "GET") result.allow += ", HEAD";
  }
  return result;
}

}  // namespace wsis::http
