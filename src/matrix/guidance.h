// Guidance: where the evidence and the reference matrix disagree. A proposed link with little
// evidence ("weak_link") or a strongly evidenced link that is not proposed ("missing_link");
// the thresholds are in docs/MATRIX.md. A moderator accepts (the draft changes: the link is
// removed or added) or rejects each, with a comment, and publishes the next version.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "matrix/evidence.h"
#include "matrix/reference_matrix.h"
#include "matrix/stats.h"

namespace wsis::matrix {

struct Thresholds {
  // A proposed link is weak with fewer entries than this, or when the upper bound of its lift
  // interval is below 1 (clearly fewer entries than independence would give).
  std::int64_t weak_below_entries = 5;
  // A link not proposed is strong with at least this many entries and the lower bound of its
  // lift interval at or above `strong_min_lift`.
  std::int64_t strong_min_entries = 10;
  double strong_min_lift = 1.2;
};

struct CellEvidence {
  std::int64_t entries = 0, organisations = 0, countries = 0;
  Lift lift;
};

// The evidence of a link's cell: the target cell, or the goal cell for a link to a whole goal.
CellEvidence evidence_of(const Tally& tally, const LinkKey& key);

struct GuidanceItem {
  std::string kind;  // weak_link, missing_link
  LinkKey key;
  CellEvidence evidence;
  std::string reason;  // few_entries, low_lift, strong_evidence
};

// Items in action line, goal, target order: the weak links first, then the missing ones.
std::vector<GuidanceItem> guidance(const Tally& tally, const std::vector<Link>& links, const Thresholds& thresholds);

// The moderators' decisions not yet published.
struct Decision {
  std::string kind;
  LinkKey key;
  std::string decision;  // accepted, rejected
  std::string comment;
  std::optional<std::int64_t> actor_id;
  std::int64_t at_ms = 0;
};
Result<std::vector<Decision>> pending_decisions(db::Database& database);

// Records a decision and applies an acceptance to the draft, in one transaction. Moderators
// only; conflict if the item already has a pending decision.
Result<Decision> decide(MatrixService& matrix, const Actor& actor, const GuidanceItem& item, std::string decision,
                        std::string comment);

}  // namespace wsis::matrix
