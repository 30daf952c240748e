// Results: the tally from the vote log, the ranking with its tie-break, the expert group's
// pick among the finalists, champions, the published log and the recount.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>

#include "core/random.h"
#include "prizes/internal.h"
#include "prizes/prizes_service.h"

namespace wsis::prizes {

using namespace detail;

namespace {

// Counts per nomination from the log alone: each voter's last vote per category. One pass in
// the order of the log, keyed by hash on "category\x1fvoter": 1.5 million rows took 97 s
// when each of the 18 categories' rankings scanned the log into an ordered map of its own
// (bench/prizes_results.sh).
Result<std::map<std::int64_t, std::int64_t>> count_log(db::Connection& c, std::int64_t cycle_id,
                                                        std::int64_t* rows = nullptr) {
  auto s = c.prepare("SELECT category, voter, nomination_id FROM prize_vote_log WHERE cycle_id = ? ORDER BY seq");
  s->bind(1, cycle_id);
  std::unordered_map<std::string, std::int64_t> last;
  std::string key;
  std::int64_t n = 0;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    key.assign(s->text(0));
    key += '\x1f';
    key += s->text(1);
    last.insert_or_assign(key, s->int64(2));
    ++n;
  }
  if (rows) *rows = n;
  std::map<std::int64_t, std::int64_t> counts;
  for (const auto& [voter_category, nomination] : last) ++counts[nomination];
  return counts;
}

std::string tie_seed(const Cycle& cycle) { return hash_secret(cycle.voter_secret + ":tie-break"); }

}  // namespace

Result<std::shared_ptr<const PrizesService::Tally>> PrizesService::tally(const Cycle& cycle) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = tallies_.find(cycle.id); it != tallies_.end()) return it->second;
  }
  // The time before the count: a count begun before the log was final is not kept.
  std::int64_t now = clock_.now_ms();
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  auto counted = std::make_shared<Tally>();
  WSIS_ASSIGN(counted->votes, count_log(*connection, cycle.id, &counted->log_rows));
  if (cycle.vote_log_final(now)) {
    std::lock_guard lock(cache_mutex_);
    tallies_.emplace(cycle.id, counted);
  }
  return std::shared_ptr<const Tally>(std::move(counted));
}

Result<int> PrizesService::count_final_logs() {
  constexpr std::int64_t kRecent = 30LL * 24 * 3600 * 1000;
  WSIS_ASSIGN(auto cycles, list_cycles());
  int counted = 0;
  for (const auto& cycle : cycles) {
    std::int64_t now = clock_.now_ms();
    if (!cycle.vote_log_final(now) || now - cycle.config.voting.closes > kRecent || log_counted(cycle.id)) continue;
    WSIS_TRY(tally(cycle));  // kept, the log being final
    ++counted;
  }
  return counted;
}

void PrizesService::count_final_logs_every(std::chrono::milliseconds interval) {
  if (ahead_.joinable()) return;
  ahead_ = std::thread([this, interval] {
    std::unique_lock lock(ahead_mutex_);
    while (!ahead_wake_.wait_for(lock, interval, [&] { return ahead_stopping_; })) {
      lock.unlock();
      if (auto counted = count_final_logs(); !counted) spdlog::warn("counting vote logs ahead: {}", counted.error().detail);
      else if (*counted > 0) spdlog::info("counted {} final vote log(s) ahead of the results", *counted);
      lock.lock();
    }
  });
}

bool PrizesService::log_counted(std::int64_t cycle_id) {
  std::lock_guard lock(cache_mutex_);
  return tallies_.count(cycle_id) > 0;
}

Result<std::vector<RankedNomination>> PrizesService::rank(db::Connection& c, const Cycle& cycle,
                                                          const std::string& category, const std::string& seed,
                                                          const Tally& tally) {
  WSIS_ASSIGN(auto list, shortlist(cycle));
  const auto& counts = tally.votes;
  struct Row {
    RankedNomination ranked;
    std::int64_t created_at;
    std::string draw;
  };
  std::vector<Row> rows;
  for (const auto& [id, cat] : *list) {
    if (cat != category) continue;
    auto s = c.prepare(
        "SELECT n.entry_id, e.title, n.created_at FROM prize_nominations n JOIN entries e ON e.id = n.entry_id"
        " WHERE n.id = ?");
    s->bind(1, id);
    WSIS_ASSIGN(bool row, s->step());
    if (!row) continue;
    Row r;
    r.ranked.nomination_id = id;
    r.ranked.entry_id = s->int64(0);
    r.ranked.title = s->string(1);
    r.created_at = s->int64(2);
    r.ranked.nominated_at_ms = r.created_at;
    auto counted = counts.find(id);
    r.ranked.votes = counted == counts.end() ? 0 : counted->second;
    r.draw = hash_secret(seed + ":" + std::to_string(id));
    rows.push_back(std::move(r));
  }
  bool draw = cycle.config.rules.tie_break == TieBreak::seeded_draw;
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    if (a.ranked.votes != b.ranked.votes) return a.ranked.votes > b.ranked.votes;
    if (draw) return a.draw < b.draw;
    if (a.created_at != b.created_at) return a.created_at < b.created_at;
    return a.ranked.nomination_id < b.ranked.nomination_id;
  });
  std::vector<RankedNomination> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].ranked.rank = static_cast<std::int64_t>(i + 1);
    out.push_back(rows[i].ranked);
  }
  return out;
}

namespace {

Result<bool> may_pick(db::Connection& c, const Actor& actor, std::int64_t cycle_id, const std::string& category) {
  if (actor.has(Role::administrator)) return true;
  if (!actor.has(Role::prize_expert)) return false;
  auto s = c.prepare("SELECT 1 FROM prize_experts WHERE cycle_id = ? AND category = ? AND user_id = ?");
  s->bind_all(cycle_id, category, actor.user_id);
  return s->step();
}

// The conflict-of-interest rules of the review hold for the pick too: no one picks a
// nomination of their own organisation, nor one they declared a conflict on. Checked for
// administrators as well: the rule is about interests, not roles. A field error (403) so that
// the caller reads why in their language.
Result<void> may_pick_nomination(db::Connection& c, const Actor& actor, std::int64_t nomination_id) {
  auto s = c.prepare(
      "SELECT n.organisation_id, EXISTS (SELECT 1 FROM prize_conflicts k WHERE k.nomination_id = n.id AND k.user_id = ?)"
      " FROM prize_nominations n WHERE n.id = ?");
  s->bind_all(actor.user_id, nomination_id);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return field_error("nomination_id", "not_finalist");
  if (actor.organisation_id != 0 && s->int64(0) == actor.organisation_id)
    return field_error("nomination_id", "own_organisation", ErrorCode::forbidden);
  if (s->int64(1) != 0) return field_error("nomination_id", "declared_conflict", ErrorCode::forbidden);
  return Ok{};
}

}  // namespace

Result<std::vector<RankedNomination>> PrizesService::finalists(const std::optional<Actor>& caller,
                                                               std::int64_t cycle_id, const std::string& category) {
  WSIS_ASSIGN(auto actor, logged_in(caller));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  if (!cycle->has_category(category)) return make_error(ErrorCode::not_found, "no such category in this cycle");
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(bool allowed, may_pick(*connection, actor, cycle_id, category));
  if (!allowed) return forbidden("the category's experts and administrators only");
  std::int64_t now = clock_.now_ms();
  if (now < cycle->config.voting.closes) {
    // "The public voting phase is still open, until ...": finalists come after it.
    Error error = make_error(ErrorCode::phase_closed, "finalists are known once voting closes",
                             {{"phase", std::string("voting")}, {"state", std::string("open")},
                              {"opens", format_timestamp(cycle->config.voting.opens)},
                              {"closes", format_timestamp(cycle->config.voting.closes)}});
    return error;
  }
  WSIS_ASSIGN(auto counted, tally(*cycle));
  WSIS_ASSIGN(auto ranking, rank(*connection, *cycle, category, tie_seed(*cycle), *counted));
  if (ranking.size() > static_cast<std::size_t>(cycle->config.rules.finalists_per_category))
    ranking.resize(cycle->config.rules.finalists_per_category);
  // Tallies stay hidden until the results: finalists in nomination order, without counts, and
  // which of them the expert group has picked so far.
  auto picked = connection->prepare("SELECT nomination_id FROM prize_winners WHERE cycle_id = ? AND category = ?");
  picked->bind_all(cycle_id, category);
  WSIS_ASSIGN(bool has_pick, picked->step());
  std::int64_t pick = has_pick ? picked->int64(0) : 0;
  for (auto& r : ranking) {
    r.votes = r.rank = 0;
    r.picked = r.nomination_id == pick;
  }
  std::sort(ranking.begin(), ranking.end(), [](auto& a, auto& b) { return a.nomination_id < b.nomination_id; });
  return ranking;
}

Result<void> PrizesService::pick_winner(const std::optional<Actor>& caller, std::int64_t cycle_id,
                                        const std::string& category, std::int64_t nomination_id) {
  WSIS_ASSIGN(auto list, finalists(caller, cycle_id, category));
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  std::int64_t now = clock_.now_ms();
  if (cycle->results_published(now)) WSIS_TRY(cycle->require_open(Phase::voting, now));  // after: closed
  bool finalist = std::any_of(list.begin(), list.end(), [&](auto& r) { return r.nomination_id == nomination_id; });
  if (!finalist) return field_error("nomination_id", "not_finalist");
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    WSIS_TRY(may_pick_nomination(c, *caller, nomination_id));
    auto s = c.prepare(
        "INSERT INTO prize_winners (cycle_id, category, nomination_id, picked_by, at_ms) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (cycle_id, category) DO UPDATE SET nomination_id = excluded.nomination_id,"
        " picked_by = excluded.picked_by, at_ms = excluded.at_ms");
    s->bind_all(cycle_id, category, nomination_id, caller->user_id, now);
    WSIS_TRY(s->run());
    return record_write(c, "prize_cycle", cycle_id, "pick_winner", *caller, now, category);
  });
}

Result<CycleResults> PrizesService::results(std::int64_t cycle_id) {
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  std::int64_t now = clock_.now_ms();
  WSIS_TRY(cycle->require_open(Phase::results, now));
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = results_.find(cycle_id); it != results_.end()) return *it->second;
  }
  // The pass over the log outside the write transaction below, which only ranks and records
  // the winners where the experts picked none: no writer waits for the count.
  WSIS_ASSIGN(auto counted, tally(*cycle));
  auto computed = db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<CycleResults> {
    CycleResults out;
    out.cycle_id = cycle_id;
    std::string seed = tie_seed(*cycle);
    if (cycle->config.rules.tie_break == TieBreak::seeded_draw) out.tie_break_seed = seed;
    out.log_rows = counted->log_rows;
    out.rules = cycle->config.rules;
    for (const auto& [id, n] : counted->votes) out.total_votes += n;
    for (const auto& category : cycle->config.categories) {
      CategoryResult result;
      result.category = category;
      WSIS_ASSIGN(result.ranking, rank(c, *cycle, category, seed, *counted));
      auto picked = c.prepare("SELECT nomination_id, picked_by FROM prize_winners WHERE cycle_id = ? AND category = ?");
      picked->bind_all(cycle_id, category);
      WSIS_ASSIGN(bool has_pick, picked->step());
      if (has_pick) {
        result.winner = picked->int64(0);
        result.winner_picked_by_experts = picked->int64(1) != 0;
      } else if (!result.ranking.empty()) {
        // No pick in time: the most voted wins, and is recorded as the winner (picked_by 0) so
        // that later cycles know it as a past winner.
        result.winner = result.ranking.front().nomination_id;
        auto record = c.prepare(
            "INSERT INTO prize_winners (cycle_id, category, nomination_id, picked_by, at_ms) VALUES (?, ?, ?, 0, ?)"
            " ON CONFLICT DO NOTHING");
        record->bind_all(cycle_id, category, *result.winner, now);
        WSIS_TRY(record->run());
      }
      std::size_t finalists = std::min<std::size_t>(result.ranking.size(), cycle->config.rules.finalists_per_category);
      for (std::size_t i = 0; i < finalists; ++i) {
        if (result.ranking[i].nomination_id == result.winner) continue;
        if (result.champions.size() >= static_cast<std::size_t>(cycle->config.rules.champions_per_category)) break;
        result.champions.push_back(result.ranking[i].nomination_id);
      }
      out.categories.push_back(std::move(result));
    }
    return out;
  });
  if (computed && cycle->vote_log_final(now)) {
    std::lock_guard lock(cache_mutex_);
    results_[cycle_id] = std::make_shared<const CycleResults>(*computed);
  }
  return computed;
}

Result<std::vector<LogRow>> PrizesService::vote_log(std::int64_t cycle_id, std::int64_t after_seq, int limit) {
  WSIS_ASSIGN(auto cycle, cached_cycle(cycle_id));
  WSIS_TRY(cycle->require_open(Phase::results, clock_.now_ms()));
  WSIS_ASSIGN(auto connection, database_.connect());
  auto s = connection->prepare(
      "SELECT seq, category, voter, nomination_id, receipt_hash, at_ms FROM prize_vote_log"
      " WHERE cycle_id = ? AND seq > ? ORDER BY seq LIMIT ?");
  s->bind_all(cycle_id, after_seq, static_cast<std::int64_t>(limit));
  return collect_rows(*s, [](db::Statement& r) {
    return LogRow{r.int64(0), r.string(1), r.string(2), r.int64(3), r.string(4), r.int64(5)};
  });
}

Result<std::pair<std::map<std::int64_t, std::int64_t>, std::map<std::int64_t, std::int64_t>>> PrizesService::recount(
    std::int64_t cycle_id) {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto from_log, count_log(*connection, cycle_id));
  auto s = connection->prepare("SELECT nomination_id, COUNT(*) FROM prize_votes WHERE cycle_id = ? GROUP BY nomination_id");
  s->bind(1, cycle_id);
  WSIS_ASSIGN(auto rows, collect_rows(*s, [](db::Statement& r) { return std::pair{r.int64(0), r.int64(1)}; }));
  return std::make_pair(std::move(from_log), std::map<std::int64_t, std::int64_t>(rows.begin(), rows.end()));
}

}  // namespace wsis::prizes
