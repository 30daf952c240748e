#include "prizes/api.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/json_input.h"
#include "http/problem.h"

namespace json = boost::json;

namespace wsis::prizes {

namespace {

http::Response problem(const http::Request& request, const Error& error) {
  return http::problem_response(error, request.lang, request.target);
}

json::object cycle_json(const Cycle& cycle, std::int64_t now) {
  json::object o = cycle_config_to_json(cycle.config);
  o["id"] = cycle.id;
  o["version"] = cycle.version;
  std::string phase = "upcoming";
  for (auto p : {Phase::nominations, Phase::review, Phase::voting, Phase::results})
    if (cycle.open(p, now)) phase = phase_name(p);
  if (phase == "upcoming" && now >= cycle.config.nominations.opens) phase = "between";
  o["current_phase"] = phase;
  o["created_at"] = format_timestamp(cycle.created_at);
  o["updated_at"] = format_timestamp(cycle.updated_at);
  return o;
}

json::object nomination_json(const Nomination& n) {
  return {{"id", n.id},
          {"cycle_id", n.cycle_id},
          {"category", n.category},
          {"entry_id", n.entry_id},
          {"entry_title", n.entry_title},
          {"entry_published", n.entry_published},
          {"organisation_id", n.organisation_id},
          {"owner_id", n.owner_id},
          {"state", n.state},
          {"version", n.version},
          {"answers", answers_to_json(n.answers)},
          {"created_at", format_timestamp(n.created_at)},
          {"updated_at", format_timestamp(n.updated_at)}};
}

json::object review_json(const Review& r) {
  json::object scores;
  for (const auto& [k, v] : r.scores) scores[k] = v;
  return {{"nomination_id", r.nomination_id},
          {"expert_id", r.expert_id},
          {"scores", std::move(scores)},
          {"total", r.total},
          {"eligible", r.eligible},
          {"reason", r.reason},
          {"at", format_timestamp(r.at_ms)}};
}

json::object log_row_json(const LogRow& row) {
  return {{"seq", row.seq},
          {"category", row.category},
          {"voter", row.voter},
          {"nomination_id", row.nomination_id},
          {"receipt_hash", row.receipt_hash},
          {"at", format_timestamp(row.at_ms)}};
}

json::object results_json(const CycleResults& results) {
  json::array categories;
  for (const auto& c : results.categories) {
    json::array ranking;
    for (const auto& r : c.ranking)
      ranking.push_back({{"rank", r.rank},
                         {"nomination_id", r.nomination_id},
                         {"entry_id", r.entry_id},
                         {"title", r.title},
                         {"votes", r.votes},
                         {"nominated_at", format_timestamp(r.nominated_at_ms)}});
    json::array champions;
    for (auto id : c.champions) champions.push_back(id);
    categories.push_back({{"category", c.category},
                          {"winner", c.winner ? json::value(*c.winner) : json::value(nullptr)},
                          {"winner_picked_by_experts", c.winner_picked_by_experts},
                          {"champions", std::move(champions)},
                          {"ranking", std::move(ranking)}});
  }
  return {{"cycle_id", results.cycle_id},
          {"total_votes", results.total_votes},
          {"log_rows", results.log_rows},
          {"tie_break_seed", results.tie_break_seed.empty() ? json::value(nullptr) : json::value(results.tie_break_seed)},
          {"rules", {{"tie_break", tie_break_name(results.rules.tie_break)},
                     {"finalists_per_category", results.rules.finalists_per_category},
                     {"champions_per_category", results.rules.champions_per_category}}},
          {"categories", std::move(categories)}};
}

http::Response items_response(json::array items) {
  auto response = http::json_response(200, {{"items", std::move(items)}});
  response.set_header("cache-control", "private, no-cache");
  return response;
}

// A JSON body read with one reader; per-field errors, unknown fields refused.
template <typename Fn>
auto read_body(const http::Request& request, Fn&& read) -> Result<decltype(read(std::declval<JsonReader&>()))> {
  WSIS_ASSIGN(auto body, parse_json_object(request.body));
  FieldErrors errors;
  JsonReader reader(body, errors);
  auto value = read(reader);
  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  return value;
}

const http::RouteOptions kSmallBody{.body_limit = 16 * 1024};

// The path's id and the JSON body read by `parse` (a form reader of this module).
template <typename Form>
Result<std::pair<std::int64_t, Form>> id_and_form(const http::Request& request,
                                                  Result<Form> (*parse)(const json::object&)) {
  WSIS_ASSIGN(auto id, request.id_param("id"));
  WSIS_ASSIGN(auto body, parse_json_object(request.body));
  WSIS_ASSIGN(auto form, parse(body));
  return std::pair<std::int64_t, Form>{id, std::move(form)};
}

// A GET route answering {"items": [...]}: the path's id, one service call, each item rendered.
template <typename Call, typename Render>
void add_list_route(http::Router& router, std::string pattern, Call call, Render render) {
  router.add("GET", std::move(pattern), [call, render](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto list = call(request, *id);
    if (!list) return problem(request, list.error());
    json::array items;
    for (const auto& item : *list) items.push_back(render(item));
    return items_response(std::move(items));
  });
}
constexpr std::string_view kCategory = "category";

}  // namespace

void register_routes(http::Router& router, PrizesService& service) {
  const Clock& clock = service.clock();

  router.add("GET", "/api/v1/prizes/cycles", [&service, &clock](http::Request& request) {
    auto cycles = service.list_cycles();
    if (!cycles) return problem(request, cycles.error());
    json::array items;
    for (const auto& c : *cycles) items.push_back(cycle_json(c, clock.now_ms()));
    return items_response(std::move(items));
  });

  router.add("POST", "/api/v1/prizes/cycles", [&service, &clock](http::Request& request) {
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    auto config = parse_cycle_config(*body);
    if (!config) return problem(request, config.error());
    auto cycle = service.create_cycle(request.actor, std::move(*config));
    if (!cycle) return problem(request, cycle.error());
    auto response = http::json_response(201, cycle_json(*cycle, clock.now_ms()));
    response.set_header("location", "/api/v1/prizes/cycles/" + std::to_string(cycle->id));
    return response;
  });

  router.add("GET", "/api/v1/prizes/cycles/{id}", [&service, &clock](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto cycle = service.get_cycle(*id);
    if (!cycle) return problem(request, cycle.error());
    return http::json_response(200, cycle_json(*cycle, clock.now_ms()));
  });

  router.add("PUT", "/api/v1/prizes/cycles/{id}", [&service, &clock](http::Request& request) {
    auto input = id_and_form(request, parse_cycle_config);
    if (!input) return problem(request, input.error());
    auto cycle = service.update_cycle(request.actor, input->first, std::move(input->second));
    if (!cycle) return problem(request, cycle.error());
    return http::json_response(200, cycle_json(*cycle, clock.now_ms()));
  });

  // --- Nominations ---
  router.add("POST", "/api/v1/prizes/cycles/{id}/nominations", [&service](http::Request& request) {
    auto input = id_and_form(request, parse_nomination_form);
    if (!input) return problem(request, input.error());
    auto n = service.nominate(request.actor, input->first, input->second);
    if (!n) return problem(request, n.error());
    auto response = http::json_response(201, nomination_json(*n));
    response.set_header("location", "/api/v1/prizes/nominations/" + std::to_string(n->id));
    return response;
  }, kSmallBody);

  add_list_route(router, "/api/v1/prizes/cycles/{id}/nominations", [&service](http::Request& request, std::int64_t id) {
    bool mine = request.query_param("mine").value_or("") == "true";
    std::optional<std::string> category;
    if (auto c = request.query_param(kCategory)) category = std::string(*c);
    return service.list_nominations(request.actor, id, mine, category);
  }, nomination_json);

  router.add("GET", "/api/v1/prizes/nominations/{id}", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto n = service.get_nomination(request.actor, *id);
    if (!n) return problem(request, n.error());
    auto response = http::json_response(200, nomination_json(*n));
    response.set_header("cache-control", "private, no-cache");
    return response;
  });

  router.add("PUT", "/api/v1/prizes/nominations/{id}", [&service](http::Request& request) {
    auto input = id_and_form(request, parse_nomination_form);
    if (!input) return problem(request, input.error());
    auto n = service.update_nomination(request.actor, input->first, input->second);
    if (!n) return problem(request, n.error());
    return http::json_response(200, nomination_json(*n));
  }, kSmallBody);

  router.add("DELETE", "/api/v1/prizes/nominations/{id}", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto n = service.withdraw(request.actor, *id);
    if (!n) return problem(request, n.error());
    return http::json_response(200, nomination_json(*n));
  });

  // --- Expert review ---
  router.add("PUT", "/api/v1/prizes/cycles/{id}/categories/{category}/experts", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto ids = read_body(request, [](JsonReader& reader) {
      std::vector<std::int64_t> out;
      if (const auto* list = reader.array("user_ids", true, 100))
        for (std::size_t i = 0; i < list->size(); ++i) {
          if ((*list)[i].is_int64() && (*list)[i].get_int64() > 0) out.push_back((*list)[i].get_int64());
          else reader.errors().add("user_ids/" + std::to_string(i), "expected_integer");
        }
      return out;
    });
    if (!ids) return problem(request, ids.error());
    auto listing = service.assign_experts(request.actor, *id, std::string(request.param(kCategory)), *ids);
    if (!listing) return problem(request, listing.error());
    json::array ids_json, names;
    for (auto u : listing->user_ids) ids_json.push_back(u);
    for (const auto& n : listing->names) names.push_back(json::value(n));
    return http::json_response(200, {{"user_ids", std::move(ids_json)}, {"names", std::move(names)}});
  }, kSmallBody);

  router.add("GET", "/api/v1/prizes/cycles/{id}/categories/{category}/experts", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto listing = service.experts(request.actor, *id, std::string(request.param(kCategory)));
    if (!listing) return problem(request, listing.error());
    json::array names;
    for (const auto& n : listing->names) names.push_back(json::value(n));
    json::object body{{"names", std::move(names)}};
    if (!listing->user_ids.empty()) {
      json::array ids;
      for (auto u : listing->user_ids) ids.push_back(u);
      body["user_ids"] = std::move(ids);
    }
    return http::json_response(200, body);
  });

  router.add("POST", "/api/v1/prizes/cycles/{id}/conflicts", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    struct Form {
      std::int64_t nomination_id = 0;
      std::string reason;
    };
    auto form = read_body(request, [](JsonReader& reader) {
      Form f;
      f.nomination_id = reader.integer("nomination_id", true, 1, INT64_MAX).value_or(0);
      f.reason = reader.text("reason", true, {.min = 1, .max = 1000, .multiline = true}).value_or("");
      return f;
    });
    if (!form) return problem(request, form.error());
    auto declared = service.declare_conflict(request.actor, *id, form->nomination_id, form->reason);
    if (!declared) return problem(request, declared.error());
    return http::no_content();
  }, kSmallBody);

  add_list_route(router, "/api/v1/prizes/cycles/{id}/review-queue", [&service](http::Request& request, std::int64_t id) {
    return service.review_queue(request.actor, id);
  }, nomination_json);

  router.add("PUT", "/api/v1/prizes/nominations/{id}/review", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto body = parse_json_object(request.body);
    if (!body) return problem(request, body.error());
    // The rubric is the cycle's: the nomination tells which cycle (404 when not visible).
    auto nomination = service.get_nomination(request.actor, *id);
    if (!nomination) return problem(request, nomination.error());
    auto cycle = service.get_cycle(nomination->cycle_id);
    if (!cycle) return problem(request, cycle.error());
    auto form = parse_review_form(*body, cycle->config.rules);
    if (!form) return problem(request, form.error());
    auto review = service.review(request.actor, *id, *form);
    if (!review) return problem(request, review.error());
    return http::json_response(200, review_json(*review));
  }, kSmallBody);

  add_list_route(router, "/api/v1/prizes/nominations/{id}/reviews", [&service](http::Request& request, std::int64_t id) {
    return service.reviews_of(request.actor, id);
  }, review_json);

  add_list_route(router, "/api/v1/prizes/cycles/{id}/categories/mine", [&service](http::Request& request, std::int64_t id) {
    return service.my_categories(request.actor, id);
  }, [](const std::string& category) { return json::value(category); });

  add_list_route(router, "/api/v1/prizes/cycles/{id}/reviews", [&service](http::Request& request, std::int64_t id) {
    std::optional<std::string> category;
    if (auto c = request.query_param(kCategory); c && !c->empty()) category = std::string(*c);
    return service.cycle_reviews(request.actor, id, category);
  }, [](const Review& r) {
    json::object out = review_json(r);
    out["expert_name"] = r.expert_name;
    return out;
  });

  add_list_route(router, "/api/v1/prizes/cycles/{id}/reviews/mine", [&service](http::Request& request, std::int64_t id) {
    return service.my_reviews(request.actor, id);
  }, review_json);

  // --- Voting ---
  // Answered by the vote queue's committer once the vote is durable: no thread waits for it.
  router.add_async("POST", "/api/v1/prizes/cycles/{id}/votes", [&service](http::Request& request, http::Responder respond) {
    auto id = request.id_param("id");
    if (!id) return respond(problem(request, id.error()));
    // A browser session is resolved by the committer, in the vote's transaction (the route's
    // session_resolved_by_handler); an API token's actor is known already.
    std::string session_hash = !request.actor && request.auth == http::AuthKind::session ? request.credential_id : "";
    if (!request.actor && session_hash.empty())
      return respond(problem(request, make_error(ErrorCode::unauthorized, "log in to vote")));
    struct Form {
      std::string category;
      std::int64_t nomination_id = 0;
    };
    auto form = read_body(request, [](JsonReader& reader) {
      Form f;
      f.category = reader.text("category", true, {.max = 40}).value_or("");
      f.nomination_id = reader.integer("nomination_id", true, 1, INT64_MAX).value_or(0);
      return f;
    });
    if (!form) return respond(problem(request, form.error()));
    service.vote_async({request.actor, request.remote_ip, *id, form->category, form->nomination_id, std::move(session_hash)},
                       [respond, lang = request.lang, target = request.target, form = *form](Result<VoteReceipt> receipt) {
      if (!receipt) return respond(http::problem_response(receipt.error(), lang, target));
      respond(http::json_response(201, {{"receipt", receipt->receipt},
                                        {"seq", receipt->seq},
                                        {"changed", receipt->changed},
                                        {"category", form.category},
                                        {"nomination_id", form.nomination_id}}));
    });
  }, {.body_limit = 1024, .session_resolved_by_handler = true});

  router.add("POST", "/api/v1/prizes/email-verification", [&service](http::Request& request) {
    auto sent = service.send_verification(request.actor);
    if (!sent) return problem(request, sent.error());
    return http::json_response(202, {{"sent", true}});
  }, {.body_limit = 1024, .body_types = {"application/json", "text/plain"}});

  router.add("POST", "/api/v1/prizes/email-verification/confirm", [&service](http::Request& request) {
    auto token = read_body(request, [](JsonReader& reader) { return reader.text("token", true, {.max = 100}).value_or(""); });
    if (!token) return problem(request, token.error());
    auto confirmed = service.confirm_email(*token);
    if (!confirmed) return problem(request, confirmed.error());
    return http::no_content();
  }, {.body_limit = 1024});

  router.add("GET", "/api/v1/prizes/cycles/{id}/votes/mine", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto votes = service.my_votes(request.actor, *id);
    if (!votes) return problem(request, votes.error());
    json::object by_category;
    for (const auto& [category, nomination] : *votes) by_category[category] = nomination;
    auto response = http::json_response(200, {{"votes", std::move(by_category)}});
    response.set_header("cache-control", "private, no-store");
    return response;
  });

  router.add("GET", "/api/v1/prizes/cycles/{id}/receipts/{receipt}", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto receipt = request.param("receipt");
    if (receipt.size() > 100) return problem(request, make_error(ErrorCode::not_found, "no such receipt"));
    auto check = service.check_receipt(*id, std::string(receipt));
    if (!check) return problem(request, check.error());
    json::object body = log_row_json(check->row);
    body["counted"] = check->counted;
    return http::json_response(200, body);
  });

  add_list_route(router, "/api/v1/prizes/cycles/{id}/fraud-signals", [&service](http::Request& request, std::int64_t id) {
    return service.fraud_signals(request.actor, id);
  }, [](const FraudSignal& s) {
    return json::object{{"id", s.id}, {"kind", s.kind}, {"subject", s.subject}, {"detail", s.detail},
                        {"measure", s.measure ? json::value(*s.measure) : json::value(nullptr)},
                        {"at", format_timestamp(s.at_ms)}};
  });

  // --- Results ---
  add_list_route(router, "/api/v1/prizes/cycles/{id}/categories/{category}/finalists",
                 [&service](http::Request& request, std::int64_t id) {
    return service.finalists(request.actor, id, std::string(request.param(kCategory)));
  }, [](const RankedNomination& r) {
    return json::object{
        {"nomination_id", r.nomination_id}, {"entry_id", r.entry_id}, {"title", r.title}, {"picked", r.picked}};
  });

  router.add("PUT", "/api/v1/prizes/cycles/{id}/categories/{category}/winner", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto nomination = read_body(request, [](JsonReader& reader) {
      return reader.integer("nomination_id", true, 1, INT64_MAX).value_or(0);
    });
    if (!nomination) return problem(request, nomination.error());
    auto picked = service.pick_winner(request.actor, *id, std::string(request.param(kCategory)), *nomination);
    if (!picked) return problem(request, picked.error());
    return http::no_content();
  }, kSmallBody);

  router.add("GET", "/api/v1/prizes/cycles/{id}/results", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    auto results = service.results(*id);
    if (!results) return problem(request, results.error());
    return http::json_response(200, results_json(*results));
  });

  router.add("GET", "/api/v1/prizes/cycles/{id}/vote-log", [&service](http::Request& request) {
    auto id = request.id_param("id");
    if (!id) return problem(request, id.error());
    std::int64_t after = 0, limit = 1000;
    auto number = [&](std::string_view name, std::int64_t& out, std::int64_t max) {
      auto text = request.query_param(name);
      if (!text) return true;
      auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
      return ec == std::errc() && p == text->data() + text->size() && out >= 0 && out <= max;
    };
    FieldErrors errors;
    if (!number("after", after, INT64_MAX)) errors.add("after", "invalid_value");
    if (!number("limit", limit, 10000) || limit == 0) errors.add("limit", "invalid_value");
    if (!errors.empty()) return problem(request, errors.to_error(ErrorCode::invalid_query));
    auto rows = service.vote_log(*id, after, static_cast<int>(limit));
    if (!rows) return problem(request, rows.error());
    json::array items;
    for (const auto& row : *rows) items.push_back(log_row_json(row));
    json::value next = rows->size() == static_cast<std::size_t>(limit) ? json::value(rows->back().seq) : json::value(nullptr);
    return http::json_response(200, {{"items", std::move(items)}, {"next_after", next}});
  });

  router.add("GET", "/api/v1/prizes/archive", [&service, &clock](http::Request& request) {
    auto cycles = service.list_cycles();
    if (!cycles) return problem(request, cycles.error());
    json::array items;
    for (const auto& cycle : *cycles) {
      if (!cycle.results_published(clock.now_ms())) continue;
      auto results = service.results(cycle.id);
      if (!results) return problem(request, results.error());
      json::array categories;
      for (const auto& c : results->categories) {
        auto title_of = [&](std::int64_t nomination) -> json::value {
          for (const auto& r : c.ranking)
            if (r.nomination_id == nomination) return json::object{{"nomination_id", nomination}, {"entry_id", r.entry_id},
                                                                   {"title", r.title}, {"votes", r.votes}};
          return nullptr;
        };
        json::array champions;
        for (auto id : c.champions) champions.push_back(title_of(id));
        categories.push_back({{"category", c.category},
                              {"winner", c.winner ? title_of(*c.winner) : json::value(nullptr)},
                              {"champions", std::move(champions)}});
      }
      items.push_back({{"cycle_id", cycle.id}, {"year", cycle.config.year}, {"title", cycle.config.title},
                       {"categories", std::move(categories)}});
    }
    return items_response(std::move(items));
  });
}

}  // namespace wsis::prizes
