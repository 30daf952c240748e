#include "matrix/guidance.h"

#include <boost/json.hpp>

#include <set>

#include "db/change_feed.h"
#include "reference/reference_data.h"

namespace wsis::matrix {

CellEvidence evidence_of(const Tally& tally, const LinkKey& key) {
  const auto& d = Dimensions::instance();
  CellEvidence out;
  int line = d.action_line(key.action_line);
  if (line < 0 || key.goal < 1 || static_cast<std::size_t>(key.goal) > d.goals) return out;
  const Profile* cell = nullptr;
  std::int64_t sdg_entries = 0;
  if (key.target.empty()) {
    std::size_t g = static_cast<std::size_t>(key.goal - 1);
    cell = &tally.goal_cells[static_cast<std::size_t>(line) * d.goals + g];
    sdg_entries = tally.total.at(Profile::kGoal, g);
  } else {
    int t = d.target(key.target);
    if (t < 0) return out;
    cell = &tally.target_cells[static_cast<std::size_t>(line) * d.targets + static_cast<std::size_t>(t)];
    sdg_entries = tally.total.at(Profile::kTarget, static_cast<std::size_t>(t));
  }
  out.entries = cell->entries;
  out.organisations = cell->organisations;
  out.countries = cell->countries;
  out.lift = lift(cell->entries, tally.total.at(Profile::kActionLine, static_cast<std::size_t>(line)), sdg_entries,
                  tally.total.entries);
  return out;
}

std::vector<GuidanceItem> guidance(const Tally& tally, const std::vector<Link>& links, const Thresholds& th) {
  const auto& data = reference::ReferenceData::instance();
  std::vector<GuidanceItem> weak, missing;
  std::set<std::pair<std::string, int>> goals_linked;     // (line, goal) with any link
  std::set<std::pair<std::string, int>> whole_goals;      // (line, goal) linked as a whole
  std::set<std::pair<std::string, std::string>> targets;  // (line, target)
  for (const auto& link : links) {
    goals_linked.emplace(link.key.action_line, link.key.goal);
    if (link.key.target.empty()) whole_goals.emplace(link.key.action_line, link.key.goal);
    else targets.emplace(link.key.action_line, link.key.target);
    auto e = evidence_of(tally, link.key);
    std::string reason;
    if (e.entries < th.weak_below_entries) reason = "few_entries";
    else if (e.lift.defined && e.lift.interval.high < 1.0) reason = "low_lift";
    if (!reason.empty()) weak.push_back({"weak_link", link.key, e, reason});
  }
  auto strong = [&](const CellEvidence& e) {
    return e.entries >= th.strong_min_entries && e.lift.defined && e.lift.interval.low >= th.strong_min_lift;
  };
  for (const auto& line : data.action_lines()) {
    for (const auto& goal : data.goals()) {
      LinkKey key{line.code, goal.number, ""};
      if (goals_linked.contains(std::pair(line.code, goal.number))) continue;
      auto e = evidence_of(tally, key);
      if (strong(e)) missing.push_back({"missing_link", key, e, "strong_evidence"});
    }
    for (const auto& target : data.targets()) {
      if (whole_goals.contains(std::pair(line.code, target.goal)) || targets.contains(std::pair(line.code, target.code))) continue;
      LinkKey key{line.code, target.goal, target.code};
      auto e = evidence_of(tally, key);
      if (strong(e)) missing.push_back({"missing_link", key, e, "strong_evidence"});
    }
  }
  weak.insert(weak.end(), missing.begin(), missing.end());
  return weak;
}

Result<std::vector<Decision>> pending_decisions(db::Database& database) {
  WSIS_ASSIGN(auto c, database.connect());
  auto s = c->prepare(
      "SELECT kind, action_line, goal, target, decision, comment, actor_id, at_ms FROM matrix_guidance_decisions"
      " WHERE version_id IS NULL ORDER BY id");
  std::vector<Decision> out;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    Decision d;
    d.kind = s->string(0);
    d.key = {s->string(1), static_cast<int>(s->int64(2)), s->string(3)};
    d.decision = s->string(4);
    d.comment = s->string(5);
    d.actor_id = s->optional_int64(6);
    d.at_ms = s->int64(7);
    out.push_back(std::move(d));
  }
  return out;
}

Result<Decision> decide(MatrixService& matrix, const Actor& actor, const GuidanceItem& item, std::string decision,
                        std::string comment) {
  if (!is_moderator(actor)) return make_error(ErrorCode::forbidden, "only moderators review the guidance");
  std::int64_t now = matrix.clock().now_ms();
  return db::with_transaction(matrix.database(), db::TransactionMode::write, [&](db::Connection& c) -> Result<Decision> {
    {
      auto s = c.prepare(
          "SELECT COUNT(*) FROM matrix_guidance_decisions WHERE version_id IS NULL AND kind = ? AND action_line = ?"
          " AND goal = ? AND target = ?");
      s->bind_all(item.kind, item.key.action_line, item.key.goal, item.key.target);
      WSIS_ASSIGN(bool row, s->step());
      if (row && s->int64(0) > 0) return make_error(ErrorCode::conflict, "this item already has a decision");
    }
    if (decision == "accepted") {
      if (item.kind == "weak_link") {
        WSIS_TRY(matrix.remove_link_in(c, actor, item.key, comment));
      } else {
        LinkChange change{item.key, comment, "WSIS Hub evidence review", "", comment};
        WSIS_ASSIGN(auto link, matrix.add_link_in(c, actor, change));
        (void)link;
      }
    }
    auto s = c.prepare(
        "INSERT INTO matrix_guidance_decisions (kind, action_line, goal, target, decision, comment, actor_id, at_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s->bind_all(item.kind, item.key.action_line, item.key.goal, item.key.target, decision, comment, actor.user_id, now);
    WSIS_TRY(s->run());
    db::AuditEvent event;
    event.actor_user_id = actor.user_id;
    event.action = "matrix.guidance_" + decision;
    event.target_type = "matrix";
    event.target_id = item.kind + ":" + item.key.action_line + ":" +
                      (item.key.target.empty() ? std::to_string(item.key.goal) : item.key.target);
    event.detail = boost::json::serialize(boost::json::object{{"comment", comment}});
    event.at_ms = now;
    WSIS_TRY(db::append_audit(c, event));
    WSIS_ASSIGN(auto seq, db::append_change(c, "matrix", "guidance", "decision", event.detail, now));
    (void)seq;
    return Decision{item.kind, item.key, decision, comment, actor.user_id, now};
  });
}

}  // namespace wsis::matrix
