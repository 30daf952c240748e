#include "search/api.h"

#include <roaring/roaring.hh>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "core/json_input.h"
#include "core/text.h"
#include "http/pagination.h"
#include "http/problem.h"
#include "search/highlight.h"
#include "search/query.h"
#include "stocktaking/list_item.h"

namespace json = boost::json;

namespace wsis::search {

namespace {

constexpr std::size_t kSnippetChars = 240;
constexpr int kDefaultSuggestions = 8, kMaxSuggestions = 20;
constexpr std::string_view kFacetNames[] = {"action_line",      "sdg",      "target", "country", "region",
                                            "stakeholder_type", "language", "status", "type",    "year",
                                            "success_story"};

http::Response problem(const http::Request& request, const Error& error) {
  return http::problem_response(error, request.lang, request.target);
}

Error field_error(std::string field, std::string code, MessageArgs args = {}) {
  FieldErrors errors;
  errors.add(std::move(field), std::move(code), std::move(args));
  return errors.to_error(ErrorCode::invalid_query);
}

// ?q=: valid UTF-8 of at most QueryLimits::max_chars characters; control characters become
// spaces (a pasted line break separates words).
Result<std::string> read_q(const http::Request& request) {
  auto q = request.query_param("q").value_or("");
  if (!is_valid_utf8(q)) return field_error("q", "invalid_utf8");
  if (count_code_points(q) > QueryLimits::max_chars)
    return field_error("q", "too_long", {{"max", static_cast<std::int64_t>(QueryLimits::max_chars)}});
  return strip_controls(q);
}

enum class Sort { relevance, date, title };

Result<Sort> read_sort(const http::Request& request, bool has_words) {
  auto s = request.query_param("sort");
  if (!s) return has_words ? Sort::relevance : Sort::date;
  if (*s == "relevance") return has_words ? Sort::relevance : Sort::date;  // nothing to rank: browse by date
  if (*s == "date") return Sort::date;
  if (*s == "title") return Sort::title;
  return field_error("sort", "invalid_value");
}

// ?facets=action_line,sdg: the facets to count (all when absent).
Result<std::vector<std::string>> read_facets(const http::Request& request) {
  std::vector<std::string> names;
  auto value = request.query_param("facets");
  if (!value) {
    for (auto name : kFacetNames) names.emplace_back(name);
    return names;
  }
  std::string_view rest = *value;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (name.empty()) continue;
    if (std::find(std::begin(kFacetNames), std::end(kFacetNames), name) == std::end(kFacetNames))
      return field_error("facets", "unknown_code", {{"code", std::string(name.substr(0, 64))}});
    names.emplace_back(name);
  }
  return names;
}

// The title and the description a reader in `lang` is shown: the translation into it when
// there is one, else the original; with the language they are in.
struct Shown {
  std::string_view title, title_lang, description, description_lang;
};
Shown shown_in(const stocktaking::EntryContent& c, std::string_view lang) {
  Shown shown{c.title, c.language, c.description, c.language};
  for (const auto& t : c.translations)
    if (t.lang == lang) {
      shown.title = t.title;
      shown.title_lang = t.lang;
      if (!t.description.empty()) {
        shown.description = t.description;
        shown.description_lang = t.lang;
      }
    }
  return shown;
}

// A list item of /api/v1/entries with the score and the marked title and snippet.
json::object result_item(const Analyzer& analyzer, const stocktaking::EntryView& view, std::string_view lang,
                         double score, const MatchedForms& forms) {
  json::object item = stocktaking::list_item_json(view, lang);
  auto shown = shown_in(view.content, lang);
  item["score"] = score;
  auto marked_snippet = snippet(analyzer, shown.description, shown.description_lang, forms, kSnippetChars);
  // The contract names a top-level snippet; the highlight object says more about it.
  item["snippet"] = marked_snippet;
  item["highlight"] = {
      {"title", highlight(analyzer, shown.title, shown.title_lang, forms)},
      {"title_language", shown.title_lang},
      {"snippet", std::move(marked_snippet)},
      {"snippet_language", shown.description_lang},
  };
  return item;
}

json::object facets_json(const stocktaking::FacetCounts& counts, const std::vector<std::string>& names) {
  json::object facets;
  for (const auto& name : names) {
    json::array list;
    if (auto it = counts.facets.find(name); it != counts.facets.end())
      for (const auto& [value, count] : it->second) list.push_back({{"value", value}, {"count", count}});
    facets[name] = std::move(list);
  }
  return facets;
}

// The last hit of an earlier page in relevance order, from its cursor {"s": score, "i": id}.
Result<std::optional<Hit>> relevance_cursor(const std::optional<json::object>& after) {
  if (!after) return std::optional<Hit>{};
  const auto* s = after->if_contains("s");
  const auto* i = after->if_contains("i");
  if (!s || !s->is_number() || !i || !i->is_int64()) return http::invalid_cursor_error();
  return std::optional<Hit>{Hit{i->as_int64(), s->to_number<double>()}};
}

http::Response with_headers(http::Response response, const http::Request& request) {
  // Results depend on the published entries, which change at any time, and on the language.
  response.set_header("cache-control", "no-cache");
  response.set_header("content-language", std::string(request.lang));
  response.set_header("vary", "Accept-Encoding, Accept-Language");
  return response;
}

http::Response search(const http::Request& request, SearchIndex& index, stocktaking::EntryCatalog& catalog,
                      stocktaking::EntriesService& entries) {
  auto q = read_q(request);
  if (!q) return problem(request, q.error());
  auto filter = stocktaking::parse_filter(request.query);
  if (!filter) return problem(request, filter.error());
  // Search is public: only published entries, whoever asks; the list's own-entries and
  // workflow-state filters do not apply here.
  filter->mine = false;
  filter->states.clear();
  auto page = http::parse_page(request);
  if (!page) return problem(request, page.error());
  auto after = page->after_object();
  if (!after) return problem(request, after.error());
  auto facet_names = read_facets(request);
  if (!facet_names) return problem(request, facet_names.error());

  auto query = parse_query(index.analyzer(), *q);
  auto sort = read_sort(request, !query.empty());
  if (!sort) return problem(request, sort.error());

  catalog.refresh_if_stale();
  index.refresh_if_stale();

  std::vector<Hit> hits;
  std::optional<json::object> next;
  Matches matches;
  stocktaking::FacetCounts counts;
  if (query.empty()) {
    // Nothing to look for: browse, as /api/v1/entries does.
    counts = catalog.facets(*filter);
    auto ids =
        catalog.page(*filter, *sort == Sort::title ? stocktaking::SortOrder::title : stocktaking::SortOrder::date,
                     request.lang, *after, page->limit, next);
    if (!ids) return problem(request, ids.error());
    for (auto id : *ids) hits.push_back({id, 0.0});
  } else {
    if (*sort == Sort::relevance) {
      auto last = relevance_cursor(*after);
      if (!last) return problem(request, last.error());
      // One more than the page: whether a next page follows.
      Ranking ranking{static_cast<std::size_t>(page->limit) + 1, nullptr, *last};
      auto allowed = catalog.restricting(*filter);
      if (allowed) ranking.allowed = &*allowed;
      matches = index.search(query, ranking);
      hits = std::move(matches.hits);
      if (hits.size() > static_cast<std::size_t>(page->limit)) {
        hits.resize(static_cast<std::size_t>(page->limit));
        next = json::object{{"s", hits.back().score}, {"i", hits.back().id}};
      }
      counts = catalog.facets(*filter, &matches.entries);
    } else {
      matches = index.search(query);
      counts = catalog.facets(*filter, &matches.entries);
      auto ids =
          catalog.page(*filter, *sort == Sort::title ? stocktaking::SortOrder::title : stocktaking::SortOrder::date,
                       request.lang, *after, page->limit, next, &matches.entries);
      if (!ids) return problem(request, ids.error());
      std::unordered_map<std::int64_t, double> score;
      for (const auto& hit : matches.hits) score.emplace(hit.id, hit.score);
      for (auto id : *ids) hits.push_back({id, score[id]});
    }
  }

  json::array items;
  for (const auto& hit : hits) {
    auto view = entries.get(std::nullopt, hit.id);
    if (!view) continue;  // unpublished since the index last looked: left out, never shown
    items.push_back(result_item(index.analyzer(), *view, request.lang, hit.score, matches.forms));
  }
  json::object body{{"total", counts.total},
                    {"items", std::move(items)},
                    {"facets", facets_json(counts, *facet_names)},
                    {"next_cursor", next ? json::value(http::encode_object_cursor(*next)) : json::value(nullptr)}};
  return with_headers(http::json_response(200, body), request);
}

http::Response suggest(const http::Request& request, SearchIndex& index, stocktaking::EntriesService& entries) {
  auto q = read_q(request);
  if (!q) return problem(request, q.error());
  int limit = kDefaultSuggestions;
  if (auto value = request.query_param("limit")) {
    auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), limit);
    if (ec != std::errc() || p != value->data() + value->size())
      return problem(request, field_error("limit", "expected_integer"));
    if (limit < 1 || limit > kMaxSuggestions)
      return problem(request, field_error("limit", "out_of_range",
                                          {{"min", std::int64_t{1}}, {"max", std::int64_t{kMaxSuggestions}}}));
  }
  auto query = parse_query(index.analyzer(), *q);
  json::array suggestions;
  if (!query.empty()) {
    // The word being typed is a prefix even after a space: the person is still choosing.
    query.last_is_prefix = !query.words.back().in_phrase;
    query.complete_known_word = true;
    index.refresh_if_stale();
    // Reference names first (at most half), then the best matching entries' titles.
    auto names = index.vocabulary().complete(query, request.lang, static_cast<std::size_t>(limit));
    std::size_t concept_room = static_cast<std::size_t>(limit + 1) / 2;
    std::size_t entry_room = static_cast<std::size_t>(limit) - std::min(names.size(), concept_room);
    // Only the best few are needed (a short prefix matches thousands); some spare in case an
    // entry was unpublished since the index looked.
    auto matches = index.search(query, Ranking{entry_room + 8, nullptr, std::nullopt});
    json::array titles;
    for (const auto& hit : matches.hits) {
      if (titles.size() == entry_room) break;
      auto view = entries.get(std::nullopt, hit.id);
      if (!view) continue;
      titles.push_back({{"text", shown_in(view->content, request.lang).title}, {"kind", "entry"}, {"id", hit.id}});
    }
    for (const auto* name : names) {
      if (suggestions.size() + titles.size() == static_cast<std::size_t>(limit)) break;
      const auto& c = index.vocabulary().concepts()[name->concept_index];
      suggestions.push_back({{"text", name->text}, {"kind", kind_name(c.kind)}, {"code", c.code}});
    }
    for (auto& title : titles) suggestions.push_back(std::move(title));
  }
  return with_headers(http::json_response(200, {{"suggestions", std::move(suggestions)}}), request);
}

Error no_catalog() { return make_error(ErrorCode::busy, "the entry catalog is not available"); }

}  // namespace

void register_routes(http::Router& router, SearchIndex& index, stocktaking::EntryCatalog* catalog,
                     stocktaking::EntriesService& entries) {
  router.add("GET", "/api/v1/search", [&index, catalog, &entries](http::Request& request) {
    if (!catalog) return problem(request, no_catalog());
    return search(request, index, *catalog, entries);
  });
  router.add("GET", "/api/v1/search/suggest", [&index, catalog, &entries](http::Request& request) {
    if (!catalog) return problem(request, no_catalog());
    return suggest(request, index, entries);
  });
}

}  // namespace wsis::search
