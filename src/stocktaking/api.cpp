#include "stocktaking/api.h"

#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include "core/clock.h"
#include "core/json_input.h"
#include "core/language.h"
#include "core/text.h"
#include "http/pagination.h"
#include "http/problem.h"
#include "stocktaking/exchange_api.h"
#include "stocktaking/list_item.h"
#include "stocktaking/markdown.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

json::value optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(format_timestamp(*ms)) : json::value(nullptr);
}

// "active", "due" (not yet confirmed in the open call) or "inactive" (missed two calls): the
// traffic light of the yearly update.
std::string activity(const EntryRecord& r, std::optional<int> open_call) {
  if (r.inactive) return "inactive";
  if (open_call && r.status.state == "published" && r.last_confirmed_year.value_or(0) < *open_call) return "due";
  return "active";
}

std::string_view text_in(const EntryContent& c, std::string_view lang, bool title) {
  for (const auto& t : c.translations)
    if (t.lang == lang) {
      if (title) return t.title;
      if (!t.description.empty()) return t.description;
    }
  return title ? c.title : c.description;
}

// The first `max` characters of a text, cut at a word boundary when one is near.
std::string excerpt(std::string_view text, std::size_t max) {
  if (count_code_points(text) <= max) return std::string(text);
  std::size_t bytes = 0, chars = 0;
  while (bytes < text.size() && chars < max) {
    unsigned char c = static_cast<unsigned char>(text[bytes]);
    bytes += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  auto cut = text.substr(0, std::min(bytes, text.size()));
  auto space = cut.rfind(' ');
  if (space != std::string_view::npos && space > cut.size() * 3 / 4) cut = cut.substr(0, space);
  return std::string(cut) + "…";
}

json::object record_json(const EntryView& view) {
  const auto& r = view.record;
  json::object o;
  o["id"] = r.id;
  o["state"] = r.status.state;
  o["pending_state"] = r.status.pending_state.empty() ? json::value(nullptr) : json::value(r.status.pending_state);
  o["version"] = r.version;
  o["revision"] = view.revision;
  o["published_revision"] = r.published_revision ? json::value(*r.published_revision) : json::value(nullptr);
  o["organisation_id"] = r.organisation_id;
  o["stakeholder_type"] = r.stakeholder_type;
  o["success_story"] = r.status.success_story;
  o["inactive"] = r.inactive;
  o["activity"] = activity(r, view.open_call);
  o["last_confirmed_year"] = r.last_confirmed_year ? json::value(*r.last_confirmed_year) : json::value(nullptr);
  o["created_at"] = format_timestamp(r.created_at);
  o["updated_at"] = format_timestamp(r.updated_at);
  o["published_at"] = optional_time(r.published_at);
  if (view.privileged) {
    o["owner_id"] = r.owner_id;
    o["external_id"] = r.external_id ? json::value(*r.external_id) : json::value(nullptr);
    o["pending_revision"] = r.pending_revision ? json::value(*r.pending_revision) : json::value(nullptr);
  }
  return o;
}

json::object entry_json(const EntryView& view) {
  json::object o = record_json(view);
  for (auto& [key, value] : content_to_json(view.content, view.privileged)) o[key] = value;
  o["description_html"] = render_markdown(view.content.description);
  return o;
}

}  // namespace

json::object list_item_json(const EntryView& view, std::string_view lang) {
  // A list shows what a result line needs: the content without its long texts and contact.
  static constexpr std::string_view kListed[] = {"title", "language", "type", "countries", "regions",
                                                 "action_lines", "primary_action_line", "sdg_goals",
                                                 "sdg_targets", "project_status", "reporting_year"};
  const auto& c = view.content;
  json::object o = record_json(view);
  auto content = content_to_json(c, false);
  for (auto key : kListed) o[key] = std::move(content[key]);
  o["display_title"] = text_in(c, lang, true);
  o["summary"] = excerpt(text_in(c, lang, false), 280);
  return o;
}

namespace {

http::Response problem(const http::Request& request, const Error& error) {
  return http::problem_response(error, request.lang, request.target);
}


// The version, and for those who see the newest revision and the contact a suffix: the public
// and the owner read different bodies of the same version, and a browser revalidating after a
// logout must not be told (304) that the owner's copy is still current.
std::string etag_of(const EntryView& view) {
  return "\"" + std::to_string(view.record.version) + (view.privileged ? "-full" : "") + "\"";
}

// The version an If-Match header names: only a strong tag of ours; "*" means any.
enum class IfMatch { absent, any, version, unusable };
IfMatch read_if_match(const http::Request& request, std::int64_t& version) {
  auto header = request.header("if-match");
  if (header.empty()) return IfMatch::absent;
  if (header == "*") return IfMatch::any;
  if (header.size() < 3 || header.front() != '"' || header.back() != '"') return IfMatch::unusable;
  auto digits = header.substr(1, header.size() - 2);
  if (digits.ends_with("-full")) digits.remove_suffix(5);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  return ec == std::errc() && p == digits.data() + digits.size() ? IfMatch::version : IfMatch::unusable;
}

http::Response entry_response(int status, const EntryView& view) {
  auto response = http::json_response(status, entry_json(view));
  response.set_header("etag", etag_of(view));
  // What a reader sees depends on who they are.
  response.set_header("cache-control", "private, no-cache");
  return response;
}

Error not_logged_in() { return make_error(ErrorCode::unauthorized, "log in to do this"); }

// Anonymous readers of published entries are most of the traffic, and they all get the same
// bytes for a given version: an entry's body (JSON, Markdown to HTML, gzip, ETag) and its list
// item in each language are built once per version and served from memory after one indexed
// lookup of the current version, so a new version is never missed. Bounded: when full it
// starts over, which costs only rebuilding.
template <class Key, class Value>
class StampedCache {
 public:
  using Stamp = EntriesService::PublicStamp;
  explicit StampedCache(std::size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const Value> find(const Key& key, const Stamp& stamp) const {
    std::shared_lock lock(mutex_);
    auto it = values_.find(key);
    return it != values_.end() && it->second.first == stamp ? it->second.second : nullptr;
  }
  void store(const Key& key, const Stamp& stamp, std::shared_ptr<const Value> value) {
    std::unique_lock lock(mutex_);
    if (values_.size() >= capacity_) values_.clear();
    values_[key] = {stamp, std::move(value)};
  }

 private:
  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::map<Key, std::pair<Stamp, std::shared_ptr<const Value>>> values_;
};
using PublicEntryBodies = StampedCache<std::int64_t, http::PreparedBody>;
// Key: entry id and the reader's language (display_title and summary are in it).
using PublicListItems = StampedCache<std::pair<std::int64_t, std::string>, std::string>;

EntriesService::PublicStamp stamp_of(const EntryView& view) {
  return {view.record.version, view.open_call.value_or(0)};
}

// A public page of the list, each item from the cache when its version is current. Items are
// serialized once and joined, so that a page costs lookups rather than 20 renderings.
Result<std::optional<http::Response>> public_list_response(EntriesService& service, PublicListItems& cache,
                                                           const EntryFilter& filter, SortOrder sort, std::string_view lang,
                                                           const std::optional<json::object>& after, int limit) {
  WSIS_ASSIGN(auto page, service.public_page(filter, sort, lang, after, limit));
  if (!page) return std::optional<http::Response>{};
  std::string body = "{\"items\":[";
  bool first = true;
  for (const auto& [id, stamp] : page->entries) {
    std::pair<std::int64_t, std::string> key{id, std::string(lang)};
    auto item = cache.find(key, stamp);
    if (!item) {
      auto view = service.get(std::nullopt, id);
      if (!view) continue;  // unpublished in between: left out, as the catalog would
      item = std::make_shared<const std::string>(http::serialize_json(list_item_json(*view, lang)));
      cache.store(key, stamp_of(*view), item);
    }
    if (!first) body += ',';
    body += *item;
    first = false;
  }
  body += "],\"next_cursor\":";
  body += page->next_position ? http::serialize_json(json::value(http::encode_object_cursor(*page->next_position)))
                              : std::string("null");
  body += '}';
  http::Response response;
  response.content_type = "application/json";
  response.body = std::move(body);
  return std::optional<http::Response>(std::move(response));
}

http::Response public_entry_response(const std::shared_ptr<const http::PreparedBody>& body, std::int64_t version) {
  http::Response response;
  response.prepared = body;
  response.set_header("etag", "\"" + std::to_string(version) + "\"");
  response.set_header("cache-control", "private, no-cache");
  return response;
}

}  // namespace

void register_routes(http::Router& router, EntriesService& service) {
  auto public_bodies = std::make_shared<PublicEntryBodies>(20000);
  auto public_items = std::make_shared<PublicListItems>(60000);
  register_exchange_routes(router, service);
  router.add("GET", "/api/v1/entries", [&service, public_items](http::Request& request) {
    auto filter = parse_filter(request.query);
    if (!filter) return problem(request, filter.error());
    auto page = http::parse_page(request);
    if (!page) return problem(request, page.error());
    auto after = page->after_object();
    if (!after) return problem(request, after.error());
    SortOrder sort = SortOrder::date;
    if (auto s = request.query_param("sort")) {
      if (*s == "title") sort = SortOrder::title;
      else if (*s != "date") {
        FieldErrors errors;
        errors.add("sort", "invalid_value");
        return problem(request, errors.to_error(ErrorCode::invalid_query));
      }
    }
    std::optional<http::Response> answer;
    if (!request.actor) {
      auto cached = public_list_response(service, *public_items, *filter, sort, request.lang, *after, page->limit);
      if (!cached) return problem(request, cached.error());
      answer = std::move(*cached);
    }
    if (!answer) {
      auto result = service.list(request.actor, *filter, sort, request.lang, *after, page->limit);
      if (!result) return problem(request, result.error());
      json::array items;
      for (const auto& view : result->items) items.push_back(list_item_json(view, request.lang));
      std::optional<std::string> next;
      if (result->next_position) next = http::encode_object_cursor(*result->next_position);
      answer = http::json_response(200, http::page_body(std::move(items), next));
    }
    http::Response response = std::move(*answer);
    response.set_header("cache-control", "private, no-cache");
    // display_title, summary and the title order are in the caller's language.
    response.set_header("content-language", std::string(request.lang));
    response.set_header("vary", "Accept-Encoding, Accept-Language");
    return response;
  });

  router.add("GET", "/api/v1/entries/facets", [&service](http::Request& request) {
    auto filter = parse_filter(request.query);
    if (!filter) return problem(request, filter.error());
    auto result = service.facets(request.actor, *filter);
    if (!result) return problem(request, result.error());
    // Written straight to text: a few hundred {value, count} pairs as JSON objects cost more
    // than the counting. The API tests read it back as JSON; the spec check validates it.
    std::string body = "{\"total\":" + std::to_string(result->total) + ",\"facets\":{";
    bool first_facet = true;
    for (const auto& [name, values] : result->facets) {
      body += (first_facet ? "" : ",") + http::serialize_json(json::string(name)) + ":[";
      first_facet = false;
      bool first_value = true;
      for (const auto& [value, count] : values) {
        body += first_value ? "{\"value\":" : ",{\"value\":";
        body += http::serialize_json(json::string(value));
        body += ",\"count\":" + std::to_string(count) + "}";
        first_value = false;
      }
      body += ']';
    }
    body += "}}";
    http::Response response;
    response.content_type = "application/json";
    response.body = std::move(body);
    return response;
  });

  router.add("POST", "/api/v1/entries", [&service](http::Request& request) {
    if (!request.actor) return problem(request, not_logged_in());
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    std::optional<std::string> external_id;
    if (auto* value = body->if_contains("external_id")) {
      // Only imports (moderators) name their own ids; for others it is an unknown field.
      bool moderator = request.actor->has(Role::moderator) || request.actor->has(Role::administrator);
      if (moderator && value->is_string() && !value->as_string().empty() && value->as_string().size() <= 200) {
        external_id = std::string(value->as_string());
        body->erase("external_id");
      }
    }
    auto content = parse_entry_content(*body, service.current_year());
    if (!content) return problem(request, content.error());
    auto view = service.create(*request.actor, std::move(*content), external_id);
    if (!view) return problem(request, view.error());
    auto response = entry_response(201, *view);
    response.set_header("location", "/api/v1/entries/" + std::to_string(view->record.id));
    return response;
  });

  router.add("GET", "/api/v1/entries/{id}", [&service, public_bodies](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    if (!request.actor) {
      auto stamp = service.public_stamp(*id);
      if (!stamp) return problem(request, stamp.error());
      if (!*stamp) return problem(request, make_error(ErrorCode::not_found, "no published entry"));
      if (auto body = public_bodies->find(*id, **stamp)) return public_entry_response(body, (*stamp)->version);
    }
    auto view = service.get(request.actor, *id);
    if (!view) return problem(request, view.error());
    if (!request.actor && !view->privileged) {
      auto body = http::prepare_body("application/json", http::serialize_json(entry_json(*view)));
      public_bodies->store(*id, stamp_of(*view), body);
      return public_entry_response(body, view->record.version);
    }
    return entry_response(200, *view);
  });

  router.add("PUT", "/api/v1/entries/{id}", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    if (!request.actor) return problem(request, not_logged_in());
    std::int64_t version = 0;
    switch (read_if_match(request, version)) {
      case IfMatch::absent:
        return problem(request, make_error(ErrorCode::precondition_required, "PUT needs If-Match"));
      case IfMatch::unusable:
        return problem(request, make_error(ErrorCode::precondition_failed, "If-Match does not name a version"));
      case IfMatch::any: {
        auto current = service.get(request.actor, *id);
        if (!current) return problem(request, current.error());
        version = current->record.version;
        break;
      }
      case IfMatch::version:
        break;
    }
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    auto content = parse_entry_content(*body, service.current_year());
    if (!content) return problem(request, content.error());
    auto view = service.update(*request.actor, *id, version, std::move(*content));
    if (!view) return problem(request, view.error());
    return entry_response(200, *view);
  });

  router.add("POST", "/api/v1/entries/{id}/transitions", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    if (!request.actor) return problem(request, not_logged_in());
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    FieldErrors errors;
    JsonReader reader(*body, errors);
    auto action = reader.text("action", true, {.max = 32});
    auto comment = reader.text("comment", false, {.min = 0, .max = 2000, .multiline = true});
    reader.reject_unknown_fields();
    if (!errors.empty()) return problem(request, errors.to_error());
    std::optional<std::int64_t> expected;
    std::int64_t version = 0;
    switch (read_if_match(request, version)) {
      case IfMatch::version: expected = version; break;
      case IfMatch::unusable:
        return problem(request, make_error(ErrorCode::precondition_failed, "If-Match does not name a version"));
      default: break;
    }
    auto view = service.act(*request.actor, *id, expected, *action, comment.value_or(""));
    if (!view) return problem(request, view.error());
    return entry_response(200, *view);
  });

  router.add("GET", "/api/v1/entries/{id}/revisions", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto revisions = service.revisions(request.actor, *id);
    if (!revisions) return problem(request, revisions.error());
    json::array items;
    const EntryContent* previous = nullptr;
    for (const auto& revision : *revisions) {
      json::object item{{"number", revision.number},
                        {"created_by", revision.created_by},
                        {"created_at", format_timestamp(revision.created_at)},
                        {"content", content_to_json(revision.content, true)}};
      // What this revision changed, field by field, against the one before.
      item["changes"] = previous ? content_difference(*previous, revision.content) : json::array{};
      items.push_back(std::move(item));
      previous = &revision.content;
    }
    auto response = http::json_response(200, {{"items", std::move(items)}});
    response.set_header("cache-control", "private, no-cache");
    return response;
  });

  router.add("GET", "/api/v1/entries/{id}/history", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto history = service.history(request.actor, *id);
    if (!history) return problem(request, history.error());
    json::array items;
    for (const auto& t : *history)
      items.push_back({{"action", t.action},
                       {"from_state", t.from_state},
                       {"to_state", t.to_state},
                       {"revision", t.revision},
                       {"actor_id", t.actor_id},
                       {"at", format_timestamp(t.at_ms)},
                       {"comment", t.comment}});
    auto response = http::json_response(200, {{"items", std::move(items)}});
    response.set_header("cache-control", "private, no-cache");
    return response;
  });

  router.add("POST", "/api/v1/update-calls", [&service](http::Request& request) {
    if (!request.actor) return problem(request, not_logged_in());
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    FieldErrors errors;
    JsonReader reader(*body, errors);
    auto year = reader.integer("year", true, EntryLimits::first_year, service.current_year() + 1);
    reader.reject_unknown_fields();
    if (!errors.empty()) return problem(request, errors.to_error());
    auto marked = service.open_update_call(*request.actor, static_cast<int>(*year));
    if (!marked) return problem(request, marked.error());
    return http::json_response(201, {{"year", *year}, {"marked_inactive", *marked}});
  });
}

}  // namespace wsis::stocktaking
