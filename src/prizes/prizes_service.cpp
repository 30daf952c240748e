// Cycles, nominations and expert review. Voting is in voting.cpp, results in results.cpp.
#include "prizes/prizes_service.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "core/random.h"
#include "http/message.h"
#include "prizes/internal.h"
#include "prizes/rate_windows.h"
#include "prizes/vote_queue.h"
#include "stocktaking/entries_service.h"

namespace json = boost::json;

namespace wsis::prizes {

using namespace detail;

namespace {

constexpr std::string_view kCycleColumns = "id, version, config, voter_secret, created_at, updated_at";

Result<Cycle> cycle_from_row(db::Statement& s) {
  Cycle cycle;
  cycle.id = s.int64(0);
  cycle.version = s.int64(1);
  WSIS_ASSIGN(auto stored, stored_object(s.text(2), "cycle config"));
  auto config = parse_cycle_config(stored);
  if (!config) return make_error(ErrorCode::internal, "stored cycle config is not valid: " + config.error().detail);
  cycle.config = std::move(*config);
  cycle.voter_secret = s.string(3);
  cycle.created_at = s.int64(4);
  cycle.updated_at = s.int64(5);
  return cycle;
}

Result<std::optional<Cycle>> load_cycle(db::Connection& connection, std::int64_t id) {
  auto s = connection.prepare(std::string("SELECT ") + std::string(kCycleColumns) + " FROM prize_cycles WHERE id = ?");
  s->bind(1, id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<Cycle>{};
  WSIS_ASSIGN(auto cycle, cycle_from_row(*s));
  return std::optional<Cycle>(std::move(cycle));
}

Error no_cycle() { return make_error(ErrorCode::not_found, "no such prize cycle"); }
Error no_nomination() { return make_error(ErrorCode::not_found, "no such nomination"); }

constexpr std::string_view kNominationColumns =
    "n.id, n.cycle_id, n.category, n.entry_id, n.organisation_id, n.owner_id, n.answers, n.state, n.version, "
    "n.created_at, n.updated_at, e.title, e.state = 'published'";
constexpr std::string_view kNominationFrom = " FROM prize_nominations n JOIN entries e ON e.id = n.entry_id ";

Result<Nomination> nomination_from_row(db::Statement& s) {
  Nomination n;
  n.id = s.int64(0);
  n.cycle_id = s.int64(1);
  n.category = s.string(2);
  n.entry_id = s.int64(3);
  n.organisation_id = s.int64(4);
  n.owner_id = s.int64(5);
  WSIS_ASSIGN(auto stored, stored_object(s.text(6), "answers"));
  auto answers = answers_from_json(stored);
  if (!answers) return make_error(ErrorCode::internal, "stored answers are not valid: " + answers.error().detail);
  n.answers = std::move(*answers);
  n.state = s.string(7);
  n.version = s.int64(8);
  n.created_at = s.int64(9);
  n.updated_at = s.int64(10);
  n.entry_title = s.string(11);
  n.entry_published = s.int64(12) != 0;
  return n;
}

template <typename... Args>
Result<std::vector<Nomination>> query_nominations(db::Connection& connection, std::string_view where,
                                                  const Args&... args) {
  auto s = connection.prepare(std::string("SELECT ") + std::string(kNominationColumns) + std::string(kNominationFrom) +
                              std::string(where));
  s->bind_all(args...);
  WSIS_ASSIGN(auto rows, collect_rows(*s, nomination_from_row));
  std::vector<Nomination> out;
  for (auto& n : rows) {
    if (!n) return std::move(n).error();
    out.push_back(std::move(*n));
  }
  return out;
}

Result<std::optional<Nomination>> load_nomination(db::Connection& connection, std::int64_t id) {
  WSIS_ASSIGN(auto list, query_nominations(connection, "WHERE n.id = ?", id));
  if (list.empty()) return std::optional<Nomination>{};
  return std::optional<Nomination>(std::move(list.front()));
}

template <typename... Args>
Result<std::int64_t> count_rows(db::Connection& connection, std::string_view sql, const Args&... args) {
  auto s = connection.prepare(sql);
  s->bind_all(args...);
  WSIS_ASSIGN(bool row, s->step());
  return row ? s->int64(0) : 0;
}

Result<bool> is_expert(db::Connection& connection, std::int64_t cycle_id, const std::string& category,
                       std::int64_t user_id) {
  WSIS_ASSIGN(auto n, count_rows(connection,
                                 "SELECT COUNT(*) FROM prize_experts WHERE cycle_id = ? AND category = ? AND user_id = ?",
                                 cycle_id, category, user_id));
  return n > 0;
}

Result<bool> is_conflicted(db::Connection& connection, std::int64_t user_id, std::int64_t nomination_id) {
  WSIS_ASSIGN(auto n, count_rows(connection, "SELECT COUNT(*) FROM prize_conflicts WHERE user_id = ? AND nomination_id = ?",
                                 user_id, nomination_id));
  return n > 0;
}

// Whether an expert may see and review a nomination: assigned to its category, not of their
// own organisation, no declared conflict.
Result<bool> expert_may_review(db::Connection& connection, const Actor& actor, const Nomination& n) {
  if (!actor.has(Role::prize_expert)) return false;
  // A project still in moderation is reviewed once the Stocktaking has published it.
  if (!n.entry_published) return false;
  if (actor.organisation_id != 0 && actor.organisation_id == n.organisation_id) return false;
  WSIS_ASSIGN(bool assigned, is_expert(connection, n.cycle_id, n.category, actor.user_id));
  if (!assigned) return false;
  WSIS_ASSIGN(bool conflicted, is_conflicted(connection, actor.user_id, n.id));
  return !conflicted;
}

}  // namespace

PrizesService::PrizesService(db::Database& database, const Clock& clock, stocktaking::EntriesService& entries,
                             MailSettings mail)
    : database_(database), clock_(clock), entries_(entries), mail_(std::move(mail)),
      rates_(std::make_unique<RateWindows>()),
      queue_(std::make_unique<VoteQueue>(*this)) {}

PrizesService::~PrizesService() {
  {
    std::lock_guard lock(ahead_mutex_);
    ahead_stopping_ = true;
  }
  ahead_wake_.notify_all();
  if (ahead_.joinable()) ahead_.join();
}

// --- Cycles ------------------------------------------------------------------------------------

Result<Cycle> PrizesService::create_cycle(const std::optional<Actor>& caller, CycleConfig config) {
  WSIS_ASSIGN(auto actor, administrator(caller));
  std::int64_t now = clock_.now_ms();
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Cycle> {
    WSIS_ASSIGN(auto taken, count_rows(c, "SELECT COUNT(*) FROM prize_cycles WHERE year = ?", config.year));
    if (taken > 0) return field_error("year", "duplicate_id", ErrorCode::conflict);
    auto s = c.prepare(
        "INSERT INTO prize_cycles (year, title, config, voter_secret, created_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s->bind_all(static_cast<std::int64_t>(config.year), config.title, http::serialize_json(cycle_config_to_json(config)),
                random_token(32), actor.user_id, now, now);
    WSIS_ASSIGN(bool row, s->step());
    if (!row) return make_error(ErrorCode::internal, "no id returned");
    std::int64_t id = s->int64(0);
    WSIS_TRY(record_write(c, "prize_cycle", id, "create", actor, now));
    WSIS_ASSIGN(auto cycle, load_cycle(c, id));
    return std::move(*cycle);
  });
}

namespace {

// Voters must be able to trust that what they vote under does not move: once voting opens,
// only the title and a results instant still ahead (before and after the change) may change.
// Each frozen part that the change touches is named, so the administrator reads which.
Result<void> only_unfrozen_changes(const CycleConfig& was, const CycleConfig& wanted, std::int64_t now) {
  Error error = make_error(ErrorCode::conflict, "the cycle's rules are frozen once voting opens");
  auto frozen = [&](bool same, std::string field) {
    if (!same) error.fields.push_back({std::move(field), "frozen_once_voting_opens", {}});
  };
  auto same_window = [](const PhaseWindow& a, const PhaseWindow& b) { return a.opens == b.opens && a.closes == b.closes; };
  frozen(wanted.categories == was.categories, "categories");
  frozen(same_window(wanted.nominations, was.nominations), "phases/nominations");
  frozen(same_window(wanted.review, was.review), "phases/review");
  frozen(same_window(wanted.voting, was.voting), "phases/voting");
  frozen(wanted.results_at == was.results_at || (was.results_at > now && wanted.results_at > now), "phases/results");
  frozen(cycle_config_to_json(wanted).at("rules") == cycle_config_to_json(was).at("rules"), "rules");
  if (!error.fields.empty()) return error;
  return Ok{};
}

}  // namespace

Result<Cycle> PrizesService::update_cycle(const std::optional<Actor>& caller, std::int64_t id, CycleConfig config) {
  WSIS_ASSIGN(auto actor, administrator(caller));
  std::int64_t now = clock_.now_ms();
  auto updated = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Cycle> {
    WSIS_ASSIGN(auto current, load_cycle(c, id));
    if (!current) return no_cycle();
    if (config.year != current->config.year) return field_error("year", "invalid_value");
    if (current->voting_started(now)) WSIS_TRY(only_unfrozen_changes(current->config, config, now));
    auto s = c.prepare("UPDATE prize_cycles SET title = ?, config = ?, version = version + 1, updated_at = ? WHERE id = ?");
    s->bind_all(config.title, http::serialize_json(cycle_config_to_json(config)), now, id);
    WSIS_TRY(s->run());
    WSIS_TRY(record_write(c, "prize_cycle", id, "update", actor, now));
    WSIS_ASSIGN(auto cycle, load_cycle(c, id));
    return std::move(*cycle);
  });
  if (updated) {
    std::lock_guard lock(cache_mutex_);
    cycles_.erase(id);
    shortlists_.erase(id);
  }
  return updated;
}

Result<Cycle> PrizesService::get_cycle(std::int64_t id) {
  WSIS_ASSIGN(auto cycle, cached_cycle(id));
  return *cycle;
}

Result<std::shared_ptr<const Cycle>> PrizesService::cached_cycle(std::int64_t id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cycles_.find(id); it != cycles_.end()) return it->second;
  }
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto cycle, load_cycle(*connection, id));
  if (!cycle) return no_cycle();
  auto shared = std::make_shared<const Cycle>(std::move(*cycle));
  std::lock_guard lock(cache_mutex_);
  cycles_[id] = shared;
  return shared;
}

Result<std::vector<Cycle>> PrizesService::list_cycles() {
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(std::string("SELECT ") + std::string(kCycleColumns) + " FROM prize_cycles ORDER BY year DESC");
  WSIS_ASSIGN(auto rows, collect_rows(*s, cycle_from_row));
  std::vector<Cycle> out;
  for (auto& cycle : rows) {
    if (!cycle) return std::move(cycle).error();
    out.push_back(std::move(*cycle));
  }
  return out;
}

// --- Nominations ---------------------------------------------------------------------------------

namespace {

// The rules a nomination must satisfy against the others of its cycle (`self` excluded when
// editing). Per-field errors, conflict status.
Result<void> check_nomination_rules(db::Connection& c, const Cycle& cycle, const NominationForm& form,
                                    std::int64_t organisation_id, std::int64_t self) {
  const auto& rules = cycle.config.rules;
  if (rules.one_category_per_project) {
    WSIS_ASSIGN(auto n, count_rows(c,
                                   "SELECT COUNT(*) FROM prize_nominations WHERE cycle_id = ? AND entry_id = ?"
                                   " AND state = 'submitted' AND id <> ?",
                                   cycle.id, form.entry_id, self));
    if (n > 0) return field_error("entry_id", "already_nominated", ErrorCode::conflict);
  } else {
    WSIS_ASSIGN(auto n, count_rows(c,
                                   "SELECT COUNT(*) FROM prize_nominations WHERE cycle_id = ? AND entry_id = ?"
                                   " AND category = ? AND state = 'submitted' AND id <> ?",
                                   cycle.id, form.entry_id, form.category, self));
    if (n > 0) return field_error("entry_id", "already_nominated", ErrorCode::conflict);
  }
  WSIS_ASSIGN(auto same, count_rows(c,
                                    "SELECT COUNT(*) FROM prize_nominations WHERE cycle_id = ? AND organisation_id = ?"
                                    " AND category = ? AND state = 'submitted' AND id <> ?",
                                    cycle.id, organisation_id, form.category, self));
  if (same >= rules.entries_per_organisation_per_category)
    return field_error("category", "organisation_limit", ErrorCode::conflict);
  if (rules.past_winners_ineligible) {
    WSIS_ASSIGN(auto won, count_rows(c,
                                     "SELECT COUNT(*) FROM prize_winners w JOIN prize_nominations n"
                                     " ON n.id = w.nomination_id WHERE n.entry_id = ? AND w.cycle_id <> ?",
                                     form.entry_id, cycle.id));
    if (won > 0) return field_error("entry_id", "past_winner", ErrorCode::conflict);
  }
  return Ok{};
}

}  // namespace

// A project is nominated through its Stocktaking entry: one of the organisation's, published or
// submitted and awaiting moderation (the "or creates one" path: a new entry is nominated at
// once; experts and voters see the nomination only once the entry is published).
Result<void> PrizesService::check_nominated_entry(const std::optional<Actor>& caller, std::int64_t entry_id,
                                                  std::int64_t organisation_id) {
  auto entry = entries_.get(caller, entry_id);
  if (!entry) {
    if (entry.error().code == ErrorCode::not_found) return field_error("entry_id", "not_found");
    return std::move(entry).error();
  }
  if (entry->record.organisation_id != organisation_id) return field_error("entry_id", "organisation_differs");
  const auto& state = entry->record.status.state;
  if (state != "published" && state != "submitted") return field_error("entry_id", "entry_not_submitted");
  return Ok{};
}

Result<Nomination> PrizesService::nominate(const std::optional<Actor>& caller, std::int64_t cycle_id,
                                           const NominationForm& form) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  std::int64_t now = clock_.now_ms();
  WSIS_TRY(cycle->require_open(Phase::nominations, now));
  if (actor.organisation_id == 0) return forbidden("nominating needs an organisation");
  if (!cycle->has_category(form.category)) return field_error("category", "unknown_code");
  WSIS_TRY(check_nominated_entry(caller, form.entry_id, actor.organisation_id));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Nomination> {
    WSIS_TRY(check_nomination_rules(c, *cycle, form, actor.organisation_id, 0));
    auto s = c.prepare(
        "INSERT INTO prize_nominations (cycle_id, category, entry_id, organisation_id, owner_id, answers, state,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id");
    s->bind_all(cycle_id, form.category, form.entry_id, actor.organisation_id, actor.user_id,
                http::serialize_json(answers_to_json(form.answers)), now, now);
    WSIS_ASSIGN(bool row, s->step());
    if (!row) return make_error(ErrorCode::internal, "no id returned");
    std::int64_t id = s->int64(0);
    WSIS_TRY(record_write(c, "prize_nomination", id, "create", actor, now));
    WSIS_ASSIGN(auto n, load_nomination(c, id));
    return std::move(*n);
  });
}

Result<Nomination> PrizesService::update_nomination(const std::optional<Actor>& caller, std::int64_t id,
                                                    const NominationForm& form) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  std::int64_t now = clock_.now_ms();
  WSIS_ASSIGN(auto current, get_nomination(caller, id));
  if (current.owner_id != actor.user_id) return forbidden("only the nomination's owner edits it");
  WSIS_ASSIGN(auto cycle, cached_cycle(current.cycle_id));
  WSIS_TRY(cycle->require_open(Phase::nominations, now));
  if (current.state != "submitted") return make_error(ErrorCode::conflict, "a withdrawn nomination cannot be edited");
  if (!cycle->has_category(form.category)) return field_error("category", "unknown_code");
  if (form.entry_id != current.entry_id)
    WSIS_TRY(check_nominated_entry(caller, form.entry_id, current.organisation_id));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Nomination> {
    WSIS_TRY(check_nomination_rules(c, *cycle, form, current.organisation_id, id));
    auto s = c.prepare(
        "UPDATE prize_nominations SET category = ?, entry_id = ?, answers = ?, version = version + 1, updated_at = ?"
        " WHERE id = ? AND state = 'submitted'");
    s->bind_all(form.category, form.entry_id, http::serialize_json(answers_to_json(form.answers)), now, id);
    WSIS_TRY(s->run());
    if (s->changes() != 1) return make_error(ErrorCode::conflict, "the nomination changed meanwhile");
    WSIS_TRY(record_write(c, "prize_nomination", id, "update", actor, now));
    WSIS_ASSIGN(auto n, load_nomination(c, id));
    return std::move(*n);
  });
}

Result<Nomination> PrizesService::withdraw(const std::optional<Actor>& caller, std::int64_t id) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  std::int64_t now = clock_.now_ms();
  WSIS_ASSIGN(auto current, get_nomination(caller, id));
  if (current.owner_id != actor.user_id) return forbidden("only the nomination's owner withdraws it");
  WSIS_ASSIGN(auto cycle, cached_cycle(current.cycle_id));
  WSIS_TRY(cycle->require_open(Phase::nominations, now));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Nomination> {
    auto s = c.prepare(
        "UPDATE prize_nominations SET state = 'withdrawn', version = version + 1, updated_at = ?"
        " WHERE id = ? AND state = 'submitted'");
    s->bind_all(now, id);
    WSIS_TRY(s->run());
    if (s->changes() != 1) return make_error(ErrorCode::conflict, "the nomination is already withdrawn");
    WSIS_TRY(record_write(c, "prize_nomination", id, "withdraw", actor, now));
    WSIS_ASSIGN(auto n, load_nomination(c, id));
    return std::move(*n);
  });
}

Result<Nomination> PrizesService::get_nomination(const std::optional<Actor>& actor, std::int64_t id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto found, load_nomination(*connection, id));
  if (!found) return no_nomination();
  const Nomination& n = *found;
  if (actor) {
    if (is_admin(*actor) || actor->has(Role::moderator)) return n;
    if (actor->organisation_id != 0 && actor->organisation_id == n.organisation_id) return n;
    WSIS_ASSIGN(bool expert, expert_may_review(*connection, *actor, n));
    if (expert) return n;
  }
  // The public sees the shortlist once voting opened.
  WSIS_ASSIGN(auto cycle, cached_cycle(n.cycle_id));
  if (cycle->voting_started(clock_.now_ms())) {
    WSIS_ASSIGN(auto list, shortlist(*cycle));
    if (list->count(n.id)) return n;
  }
  return no_nomination();
}

Result<std::vector<Nomination>> PrizesService::list_nominations(const std::optional<Actor>& actor,
                                                                std::int64_t cycle_id, bool mine,
                                                                const std::optional<std::string>& category) {
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  if (category && !cycle->has_category(*category)) return field_error("category", "unknown_code", ErrorCode::invalid_query);
  WSIS_ASSIGN(auto connection, database_.connect());
  std::string cat = category.value_or("");
  if (mine) {
    if (!actor) return not_logged_in();
    return query_nominations(*connection,
                             "WHERE n.cycle_id = ? AND n.organisation_id = ? AND (? = '' OR n.category = ?)"
                             " ORDER BY n.id",
                             cycle_id, actor->organisation_id, cat, cat);
  }
  if (actor && is_admin(*actor))
    return query_nominations(*connection, "WHERE n.cycle_id = ? AND (? = '' OR n.category = ?) ORDER BY n.id", cycle_id,
                             cat, cat);
  if (!cycle->voting_started(clock_.now_ms())) return std::vector<Nomination>{};
  WSIS_ASSIGN(auto list, shortlist(*cycle));
  WSIS_ASSIGN(auto all, query_nominations(*connection,
                                          "WHERE n.cycle_id = ? AND n.state = 'submitted' AND (? = '' OR n.category = ?)"
                                          " ORDER BY n.category, n.id",
                                          cycle_id, cat, cat));
  std::vector<Nomination> out;
  for (auto& n : all)
    if (list->count(n.id)) out.push_back(std::move(n));
  return out;
}

// --- Expert review ---------------------------------------------------------------------------------

Result<ExpertListing> PrizesService::assign_experts(const std::optional<Actor>& caller, std::int64_t cycle_id,
                                                    const std::string& category,
                                                    const std::vector<std::int64_t>& user_ids) {
  WSIS_ASSIGN(auto actor, administrator(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  if (!cycle->has_category(category)) return make_error(ErrorCode::not_found, "no such category in this cycle");
  std::int64_t now = clock_.now_ms();
  WSIS_TRY(db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    FieldErrors errors;
    for (std::size_t i = 0; i < user_ids.size(); ++i) {
      auto s = c.prepare("SELECT roles FROM users WHERE id = ?");
      s->bind(1, user_ids[i]);
      WSIS_ASSIGN(bool row, s->step());
      if (!row) errors.add("user_ids/" + std::to_string(i), "not_found");
      else if ((static_cast<std::uint32_t>(s->int64(0)) & static_cast<std::uint32_t>(Role::prize_expert)) == 0)
        errors.add("user_ids/" + std::to_string(i), "not_expert");
    }
    if (!errors.empty()) return errors.to_error();
    auto clear = c.prepare("DELETE FROM prize_experts WHERE cycle_id = ? AND category = ?");
    clear->bind_all(cycle_id, category);
    WSIS_TRY(clear->run());
    for (auto id : user_ids) {
      auto s = c.prepare("INSERT INTO prize_experts (cycle_id, category, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
      s->bind_all(cycle_id, category, id);
      WSIS_TRY(s->run());
    }
    return record_write(c, "prize_cycle", cycle_id, "assign_experts", actor, now, category);
  }));
  return experts(caller, cycle_id, category);
}

Result<ExpertListing> PrizesService::experts(const std::optional<Actor>& actor, std::int64_t cycle_id,
                                             const std::string& category) {
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  if (!cycle->has_category(category)) return make_error(ErrorCode::not_found, "no such category in this cycle");
  bool admin = actor && is_admin(*actor);
  if (!admin && !cycle->config.rules.publish_expert_names) return ExpertListing{};
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT u.id, u.display_name FROM prize_experts x JOIN users u ON u.id = x.user_id"
      " WHERE x.cycle_id = ? AND x.category = ? ORDER BY u.display_name, u.id");
  s->bind_all(cycle_id, category);
  WSIS_ASSIGN(auto rows, collect_rows(*s, [](db::Statement& r) { return std::pair{r.int64(0), r.string(1)}; }));
  ExpertListing out;
  for (auto& [id, name] : rows) {
    if (admin) out.user_ids.push_back(id);
    out.names.push_back(std::move(name));
  }
  return out;
}

Result<void> PrizesService::declare_conflict(const std::optional<Actor>& caller, std::int64_t cycle_id,
                                             std::int64_t nomination_id, const std::string& reason) {
  WSIS_ASSIGN(auto actor, prize_expert(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  std::int64_t now = clock_.now_ms();
  // Until the review closes: a conflict found later changes nothing any more.
  if (now >= cycle->config.review.closes) WSIS_TRY(cycle->require_open(Phase::review, now));
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    WSIS_ASSIGN(auto n, load_nomination(c, nomination_id));
    if (!n || n->cycle_id != cycle_id) return field_error("nomination_id", "not_found");
    auto s = c.prepare(
        "INSERT INTO prize_conflicts (cycle_id, user_id, nomination_id, reason, at_ms) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING");
    s->bind_all(cycle_id, actor.user_id, nomination_id, reason, now);
    WSIS_TRY(s->run());
    // The expert's earlier review of it, if any, no longer counts.
    auto drop = c.prepare("DELETE FROM prize_reviews WHERE nomination_id = ? AND expert_id = ?");
    drop->bind_all(nomination_id, actor.user_id);
    WSIS_TRY(drop->run());
    return record_write(c, "prize_nomination", nomination_id, "conflict", actor, now);
  });
}

Result<std::vector<Nomination>> PrizesService::review_queue(const std::optional<Actor>& caller, std::int64_t cycle_id) {
  WSIS_ASSIGN(auto actor, prize_expert(caller));
  WSIS_TRY(cached_cycle(cycle_id));  // 404 for a cycle that does not exist
  WSIS_ASSIGN(auto connection, database_.connect());
  return query_nominations(
      *connection,
      "WHERE n.cycle_id = ? AND n.state = 'submitted' AND e.state = 'published'"
      " AND n.category IN (SELECT category FROM prize_experts WHERE cycle_id = n.cycle_id AND user_id = ?)"
      " AND n.organisation_id <> ?"
      " AND n.id NOT IN (SELECT nomination_id FROM prize_conflicts WHERE user_id = ?)"
      " ORDER BY n.category, n.id",
      cycle_id, actor.user_id, actor.organisation_id, actor.user_id);
}

Result<Review> PrizesService::review(const std::optional<Actor>& caller, std::int64_t nomination_id,
                                     const ReviewForm& form) {
  WSIS_ASSIGN(auto actor, prize_expert(caller));
  std::int64_t now = clock_.now_ms();
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<Review> {
    WSIS_ASSIGN(auto n, load_nomination(c, nomination_id));
    if (!n) return no_nomination();
    WSIS_ASSIGN(bool allowed, expert_may_review(c, actor, *n));
    if (!allowed) return no_nomination();  // their own organisation's or conflicted: not shown
    WSIS_ASSIGN(auto cycle, cached_cycle(n->cycle_id));
    WSIS_TRY(cycle->require_open(Phase::review, now));
    if (n->state != "submitted") return make_error(ErrorCode::conflict, "the nomination was withdrawn");
    Review review{nomination_id, actor.user_id, form.scores, 0, form.eligible, form.reason, now, {}};
    json::object scores;
    for (const auto& [key, value] : form.scores) {
      scores[key] = value;
      review.total += value;
    }
    auto s = c.prepare(
        "INSERT INTO prize_reviews (nomination_id, expert_id, scores, total, eligible, reason, at_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (nomination_id, expert_id) DO UPDATE SET scores = excluded.scores,"
        " total = excluded.total, eligible = excluded.eligible, reason = excluded.reason, at_ms = excluded.at_ms");
    s->bind_all(nomination_id, actor.user_id, http::serialize_json(scores), review.total, form.eligible, form.reason, now);
    WSIS_TRY(s->run());
    WSIS_TRY(record_write(c, "prize_nomination", nomination_id, "review", actor, now));
    return review;
  });
}

namespace {

// A review from "nomination_id, expert_id, scores, total, eligible, reason, at_ms".
Review read_review(db::Statement& row) {
  Review r;
  r.nomination_id = row.int64(0);
  r.expert_id = row.int64(1);
  if (auto scores = stored_object(row.text(2), "scores"))
    for (const auto& [k, v] : *scores)
      if (v.is_int64()) r.scores[std::string(k)] = v.get_int64();
  r.total = row.int64(3);
  r.eligible = row.int64(4) != 0;
  r.reason = row.string(5);
  r.at_ms = row.int64(6);
  return r;
}

}  // namespace

Result<std::vector<Review>> PrizesService::reviews_of(const std::optional<Actor>& caller, std::int64_t nomination_id) {
  WSIS_ASSIGN(auto actor, administrator(caller));
  (void)actor;
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT nomination_id, expert_id, scores, total, eligible, reason, at_ms FROM prize_reviews"
      " WHERE nomination_id = ? ORDER BY expert_id");
  s->bind(1, nomination_id);
  return collect_rows(*s, read_review);
}

Result<std::vector<Review>> PrizesService::cycle_reviews(const std::optional<Actor>& caller, std::int64_t cycle_id,
                                                         const std::optional<std::string>& category) {
  WSIS_TRY(administrator(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  if (category && !cycle->has_category(*category)) return field_error("category", "unknown_code", ErrorCode::invalid_query);
  std::string cat = category.value_or("");
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT r.nomination_id, r.expert_id, r.scores, r.total, r.eligible, r.reason, r.at_ms, u.display_name"
      " FROM prize_reviews r JOIN prize_nominations n ON n.id = r.nomination_id LEFT JOIN users u ON u.id = r.expert_id"
      // (An expert's review is deleted when they declare a conflict: none is left to leave out.)
      " WHERE n.cycle_id = ? AND (? = '' OR n.category = ?) ORDER BY n.category, r.nomination_id, r.expert_id");
  s->bind_all(cycle->id, cat, cat);
  return collect_rows(*s, [](db::Statement& row) {
    Review r = read_review(row);
    r.expert_name = row.optional_string(7).value_or("");
    return r;
  });
}

Result<std::vector<Review>> PrizesService::my_reviews(const std::optional<Actor>& caller, std::int64_t cycle_id) {
  WSIS_ASSIGN(auto actor, prize_expert(caller));
  WSIS_TRY(cached_cycle(cycle_id));  // 404 for a cycle that does not exist
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT r.nomination_id, r.expert_id, r.scores, r.total, r.eligible, r.reason, r.at_ms FROM prize_reviews r"
      " JOIN prize_nominations n ON n.id = r.nomination_id WHERE n.cycle_id = ? AND r.expert_id = ?"
      " ORDER BY n.category, r.nomination_id");
  s->bind_all(cycle_id, actor.user_id);
  return collect_rows(*s, read_review);
}

Result<std::vector<std::string>> PrizesService::my_categories(const std::optional<Actor>& caller, std::int64_t cycle_id) {
  WSIS_ASSIGN(auto actor, prize_expert(caller));
  WSIS_TRY(cached_cycle(cycle_id));  // 404 for a cycle that does not exist
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare("SELECT category FROM prize_experts WHERE cycle_id = ? AND user_id = ? ORDER BY category");
  s->bind_all(cycle_id, actor.user_id);
  return collect_rows(*s, [](db::Statement& row) { return row.string(0); });
}

// The shortlist: submitted nominations that a majority of their reviews (at least one) found
// eligible. Reviews close before voting opens, so once voting opened it never changes and is
// kept in memory.
Result<std::shared_ptr<const std::map<std::int64_t, std::string>>> PrizesService::shortlist(const Cycle& cycle) {
  bool frozen = cycle.voting_started(clock_.now_ms());
  if (frozen) {
    std::lock_guard lock(cache_mutex_);
    if (auto it = shortlists_.find(cycle.id); it != shortlists_.end()) return it->second;
  }
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT n.id, n.category FROM prize_nominations n JOIN prize_reviews r ON r.nomination_id = n.id"
      " WHERE n.cycle_id = ? AND n.state = 'submitted'"
      " AND r.expert_id NOT IN (SELECT user_id FROM prize_conflicts WHERE nomination_id = n.id)"
      " GROUP BY n.id, n.category HAVING SUM(r.eligible) * 2 > COUNT(*)");
  s->bind(1, cycle.id);
  WSIS_ASSIGN(auto rows, collect_rows(*s, [](db::Statement& r) { return std::pair{r.int64(0), r.string(1)}; }));
  auto list = std::make_shared<std::map<std::int64_t, std::string>>(rows.begin(), rows.end());
  std::shared_ptr<const std::map<std::int64_t, std::string>> result = list;
  if (frozen) {
    std::lock_guard lock(cache_mutex_);
    shortlists_[cycle.id] = result;
  }
  return result;
}

}  // namespace wsis::prizes
