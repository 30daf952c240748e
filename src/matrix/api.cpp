#include "matrix/api.h"

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <mutex>

#include "core/clock.h"
#include "core/json_input.h"
#include "http/problem.h"
#include "matrix/api_common.h"
#include "matrix/guidance.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::matrix {

namespace {

json::object link_json(const Link& link) {
  json::object o{{"action_line", link.key.action_line},
                 {"goal", link.key.goal},
                 {"target", link.key.target.empty() ? json::value(nullptr) : json::value(link.key.target)},
                 {"rationale", link.rationale},
                 {"source", link.source},
                 {"source_date", link.source_date.empty() ? json::value(nullptr) : json::value(link.source_date)},
                 {"entered_by", link.entered_by ? json::value(*link.entered_by) : json::value(nullptr)},
                 {"entered_at", format_timestamp(link.entered_at)}};
  if (link.id) o["id"] = link.id;
  return o;
}

json::array links_json(const std::vector<Link>& links) {
  json::array out;
  for (const auto& l : links) out.push_back(link_json(l));
  return out;
}

json::object version_json(const Version& v, bool with_links) {
  json::object o{{"number", v.number},
                 {"published_at", format_timestamp(v.published_at)},
                 {"published_by", v.published_by ? json::value(*v.published_by) : json::value(nullptr)},
                 {"note", v.note},
                 {"link_count", v.link_count}};
  if (with_links) o["links"] = links_json(v.links);
  return o;
}

json::object key_json(const LinkKey& key) {
  return {{"action_line", key.action_line},
          {"goal", key.goal},
          {"target", key.target.empty() ? json::value(nullptr) : json::value(key.target)}};
}

// {action_line, goal?, target?}: the goal follows from the target when only the target is given.
std::optional<LinkKey> read_key(JsonReader& reader) {
  auto line = reader.text("action_line", true, {.max = 32});
  auto goal = reader.integer("goal", false, 1, 17);
  auto target = reader.text("target", false, {.max = 8});
  if (!line) return std::nullopt;
  LinkKey key{*line, goal ? static_cast<int>(*goal) : 0, target.value_or("")};
  if (!key.target.empty() && !goal) {
    if (const auto* t = reference::ReferenceData::instance().target(key.target)) key.goal = t->goal;
  }
  if (key.goal == 0) {
    reader.errors().add(key.target.empty() ? "goal" : "target", key.target.empty() ? "required" : "unknown_code");
    return std::nullopt;
  }
  return key;
}

Result<std::int64_t> number_param(const http::Request& request, std::string_view name) {
  auto raw = request.query_param(name);
  std::int64_t value = 0;
  if (raw) {
    auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
    if (ec == std::errc() && p == raw->data() + raw->size() && value > 0) return value;
  }
  FieldErrors errors;
  errors.add(std::string(name), raw ? "invalid_value" : "required");
  return errors.to_error(ErrorCode::invalid_query);
}

json::object evidence_cell_json(const CellEvidence& e) {
  return {{"entries", e.entries},
          {"organisations", e.organisations},
          {"countries", e.countries},
          {"share", e.lift.defined ? json::value(e.lift.share) : json::value(nullptr)},
          {"lift", e.lift.defined ? json::value(e.lift.lift) : json::value(nullptr)},
          {"lift_low", e.lift.defined ? json::value(e.lift.interval.low) : json::value(nullptr)},
          {"lift_high", e.lift.defined ? json::value(e.lift.interval.high) : json::value(nullptr)}};
}

std::string entries_href(const LinkKey& key) {
  std::string href = "/api/v1/entries?action_line=" + key.action_line;
  href += key.target.empty() ? "&sdg=" + std::to_string(key.goal) : "&target=" + key.target;
  return href;
}

Result<Thresholds> read_thresholds(const http::Request& request) {
  Thresholds th;
  FieldErrors errors;
  auto integer = [&](std::string_view name, std::int64_t& out) {
    auto raw = request.query_param(name);
    if (!raw) return;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
    if (ec != std::errc() || p != raw->data() + raw->size() || v < 0 || v > 1'000'000)
      errors.add(std::string(name), "invalid_value");
    else out = v;
  };
  integer("weak_below_entries", th.weak_below_entries);
  integer("strong_min_entries", th.strong_min_entries);
  if (auto raw = request.query_param("strong_min_lift")) {
    double v = 0;
    auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
    if (ec != std::errc() || p != raw->data() + raw->size() || !(v >= 0 && v <= 1000))
      errors.add("strong_min_lift", "invalid_value");
    else th.strong_min_lift = v;
  }
  if (!errors.empty()) return errors.to_error(ErrorCode::invalid_query);
  return th;
}

Result<std::vector<GuidanceItem>> current_guidance(MatrixModule& module, const Thresholds& th) {
  WSIS_ASSIGN(auto reference, module.reference());
  std::vector<GuidanceItem> items;
  module.current_evidence().read({}, {.cells = true}, [&](const Tally& tally) {
    items = guidance(tally, reference->links, th);
  });
  return items;
}

// A logged-in caller's write with a JSON body: 401 without a login, the parse error of a bad
// body; otherwise `read` checks the fields (reporting into `errors`) and answers.
template <typename Read>
http::Response json_write(http::Request& request, Read read) {
  if (!request.actor) return problem(request, not_logged_in());
  auto body = parse_json_object(request.body);
  if (!body) return problem(request, body.error());
  FieldErrors errors;
  JsonReader reader(*body, errors);
  return read(reader, errors);
}

// The last body of the unfiltered grid per level.
class EvidenceBodies {
 public:
  struct Key {
    std::string level;
    std::int64_t sequence = 0, reference = 0;
    bool operator==(const Key&) const = default;
  };
  std::shared_ptr<const http::PreparedBody> find(const Key& key) const {
    std::lock_guard lock(mutex_);
    for (const auto& [k, body] : bodies_)
      if (k == key) return body;
    return nullptr;
  }
  void store(const Key& key, std::shared_ptr<const http::PreparedBody> body) {
    std::lock_guard lock(mutex_);
    std::erase_if(bodies_, [&](const auto& entry) { return entry.first.level == key.level; });
    bodies_.emplace_back(key, std::move(body));
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<Key, std::shared_ptr<const http::PreparedBody>>> bodies_;
};

}  // namespace

void register_routes(http::Router& router, MatrixModule& module) {
  router.add("GET", "/api/v1/matrix/versions", [&module](http::Request& request) {
    auto versions = module.matrix().versions();
    if (!versions) return problem(request, versions.error());
    json::array items;
    for (auto it = versions->rbegin(); it != versions->rend(); ++it) items.push_back(version_json(*it, false));
    return http::json_response(200, {{"items", std::move(items)}});
  });

  router.add("GET", "/api/v1/matrix/versions/{id}", [&module](http::Request& request) {
    auto number = request.id_param("id");
    if (!number) return problem(request, number.error());
    auto version = module.matrix().version(*number);
    if (!version) return problem(request, version.error());
    auto response = http::json_response(200, version_json(*version, true));
    // A published version never changes.
    response.set_header("cache-control", "public, max-age=86400, immutable");
    return response;
  });

  router.add("GET", "/api/v1/matrix/compare", [&module](http::Request& request) {
    // Without `to`, the latest version; without `from`, the one before `to`.
    std::int64_t to_number = 0, from_number = 0;
    if (request.query_param("to")) {
      auto to = number_param(request, "to");
      if (!to) return problem(request, to.error());
      to_number = *to;
    } else {
      auto latest = module.reference();
      if (!latest) return problem(request, latest.error());
      to_number = (*latest)->number;
      if (to_number == 0) return problem(request, make_error(ErrorCode::not_found, "no published version"));
    }
    if (request.query_param("from")) {
      auto from = number_param(request, "from");
      if (!from) return problem(request, from.error());
      from_number = *from;
    } else {
      from_number = std::max<std::int64_t>(1, to_number - 1);
    }
    auto comparison = module.matrix().compare(from_number, to_number);
    if (!comparison) return problem(request, comparison.error());
    return http::json_response(200, {{"from", comparison->from},
                                     {"to", comparison->to},
                                     {"added", links_json(comparison->added)},
                                     {"removed", links_json(comparison->removed)}});
  });

  router.add("POST", "/api/v1/matrix/versions", [&module](http::Request& request) {
    return json_write(request, [&](JsonReader& reader, FieldErrors& errors) {
      auto note = reader.text("note", true, {.max = 2000, .multiline = true});
      reader.reject_unknown_fields();
      if (!errors.empty()) return problem(request, errors.to_error());
      auto version = module.matrix().publish(*request.actor, *note);
      if (!version) return problem(request, version.error());
      auto response = http::json_response(201, version_json(*version, true));
      response.set_header("location", "/api/v1/matrix/versions/" + std::to_string(version->number));
      return response;
    });
  });

  router.add("GET", "/api/v1/matrix/draft", [&module](http::Request& request) {
    if (!request.actor) return problem(request, not_logged_in());
    auto links = module.matrix().draft(*request.actor);
    if (!links) return problem(request, links.error());
    auto edits = module.matrix().pending_edits(*request.actor);
    if (!edits) return problem(request, edits.error());
    json::array edit_items;
    for (const auto& e : *edits) {
      auto o = key_json(e.key);
      o["id"] = e.id;
      o["op"] = e.op;
      o["comment"] = e.comment;
      o["actor_id"] = e.actor_id ? json::value(*e.actor_id) : json::value(nullptr);
      o["at"] = format_timestamp(e.at_ms);
      edit_items.push_back(std::move(o));
    }
    auto response = http::json_response(200, {{"links", links_json(*links)}, {"edits", std::move(edit_items)}});
    response.set_header("cache-control", "private, no-cache");
    return response;
  });

  router.add("POST", "/api/v1/matrix/draft/links", [&module](http::Request& request) {
    return json_write(request, [&](JsonReader& reader, FieldErrors& errors) {
      auto key = read_key(reader);
      auto rationale = reader.text("rationale", false, {.min = 0, .max = 4000, .multiline = true});
      auto source = reader.text("source", false, {.max = 300});
      auto source_date = reader.text("source_date", false, {.max = 10});
      auto comment = reader.text("comment", true, {.max = 2000, .multiline = true});
      reader.reject_unknown_fields();
      if (source_date && !is_iso_date(*source_date)) errors.add("source_date", "invalid_date");
      if (!errors.empty()) return problem(request, errors.to_error());
      LinkChange change{*key, rationale.value_or(""), source.value_or(""), source_date.value_or(""), *comment};
      auto link = module.matrix().add_link(*request.actor, change);
      if (!link) return problem(request, link.error());
      return http::json_response(201, link_json(*link));
    });
  });

  router.add("POST", "/api/v1/matrix/draft/removals", [&module](http::Request& request) {
    return json_write(request, [&](JsonReader& reader, FieldErrors& errors) {
      auto key = read_key(reader);
      auto comment = reader.text("comment", true, {.max = 2000, .multiline = true});
      reader.reject_unknown_fields();
      if (!errors.empty()) return problem(request, errors.to_error());
      auto removed = module.matrix().remove_link(*request.actor, *key, *comment);
      if (!removed) return problem(request, removed.error());
      return http::no_content();
    });
  });

  auto bodies = std::make_shared<EvidenceBodies>();
  router.add("GET", "/api/v1/matrix/evidence", [&module, bodies](http::Request& request) {
    auto filter = evidence_filter(request);
    if (!filter) return problem(request, filter.error());
    auto level = read_level(request);
    if (!level) return problem(request, level.error());
    auto reference = module.reference();
    if (!reference) return problem(request, reference.error());
    auto& evidence = module.current_evidence();
    // The whole grid is asked for most and changes only with the feed: its body is kept,
    // keyed by the last change applied and the reference version.
    bool whole = FactFilter(*filter).empty();
    EvidenceBodies::Key key{*level, evidence.last_sequence(), (*reference)->number};
    std::shared_ptr<const http::PreparedBody> prepared = whole ? bodies->find(key) : nullptr;
    if (!prepared) {
      json::object body;
      evidence.read(*filter, {.cells = true}, [&](const Tally& tally) {
        body = evidence_json(tally, (*reference)->links, *level == "target");
      });
      body["reference_version"] = (*reference)->number;
      prepared = http::prepare_body("application/json", http::serialize_json(body));
      if (whole) bodies->store(key, prepared);
    }
    http::Response response;
    response.prepared = prepared;
    response.set_header("cache-control", "public, no-cache");
    return response;
  });

  router.add("GET", "/api/v1/matrix/guidance", [&module](http::Request& request) {
    auto th = read_thresholds(request);
    if (!th) return problem(request, th.error());
    auto items = current_guidance(module, *th);
    if (!items) return problem(request, items.error());
    auto decisions = pending_decisions(module.matrix().database());
    if (!decisions) return problem(request, decisions.error());
    json::array list;
    for (const auto& item : *items) {
      auto o = key_json(item.key);
      o["kind"] = item.kind;
      o["reason"] = item.reason;
      o["evidence"] = evidence_cell_json(item.evidence);
      o["entries"] = json::object{{"count", item.evidence.entries}, {"href", entries_href(item.key)}};
      json::value decision = nullptr;
      for (const auto& d : *decisions)
        if (d.kind == item.kind && d.key == item.key)
          decision = json::object{{"decision", d.decision}, {"comment", d.comment},
                                  {"actor_id", d.actor_id ? json::value(*d.actor_id) : json::value(nullptr)},
                                  {"at", format_timestamp(d.at_ms)}};
      o["decision"] = std::move(decision);
      list.push_back(std::move(o));
    }
    auto reference = module.reference();
    if (!reference) return problem(request, reference.error());
    return http::json_response(
        200, {{"reference_version", (*reference)->number},
              {"thresholds", {{"weak_below_entries", th->weak_below_entries},
                              {"strong_min_entries", th->strong_min_entries},
                              {"strong_min_lift", th->strong_min_lift}}},
              {"items", std::move(list)}});
  });

  router.add("POST", "/api/v1/matrix/guidance/decisions", [&module](http::Request& request) {
    return json_write(request, [&](JsonReader& reader, FieldErrors& errors) {
      if (!is_moderator(*request.actor))
        return problem(request, make_error(ErrorCode::forbidden, "only moderators review the guidance"));
      auto kind = reader.text("kind", true, {.max = 20});
      auto key = read_key(reader);
      auto decision = reader.text("decision", true, {.max = 20});
      auto comment = reader.text("comment", true, {.max = 2000, .multiline = true});
      reader.reject_unknown_fields();
      if (kind && *kind != "weak_link" && *kind != "missing_link") errors.add("kind", "invalid_value");
      if (decision && *decision != "accepted" && *decision != "rejected") errors.add("decision", "invalid_value");
      if (!errors.empty()) return problem(request, errors.to_error());
      // Only an item the guidance shows now (with the thresholds of the query) can be decided.
      auto th = read_thresholds(request);
      if (!th) return problem(request, th.error());
      auto items = current_guidance(module, *th);
      if (!items) return problem(request, items.error());
      const GuidanceItem* item = nullptr;
      for (const auto& i : *items)
        if (i.kind == *kind && i.key == *key) item = &i;
      if (!item) return problem(request, make_error(ErrorCode::not_found, "no such guidance item"));
      auto decided = decide(module.matrix(), *request.actor, *item, *decision, *comment);
      if (!decided) return problem(request, decided.error());
      auto o = key_json(decided->key);
      o["kind"] = decided->kind;
      o["decision"] = decided->decision;
      o["comment"] = decided->comment;
      o["at"] = format_timestamp(decided->at_ms);
      return http::json_response(201, o);
    });
  });

  register_analytics_routes(router, module);
  register_report_routes(router, module);
}

}  // namespace wsis::matrix
