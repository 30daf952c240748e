// Demo data for the Stocktaking database: `wsis demo --entries N --seed S`.
//
// DemoPlan is a pure, deterministic function of (seed, number of entries): the same seed gives
// the same organisations and entries, byte for byte, on any platform (std::mt19937_64 with
// distributions of our own, no clock, no unordered containers in the output). Entries are
// multilingual (en 45%, fr 15%, es 15%, ar 10%, ru 8%, zh 7%), built from the action-line and
// SDG vocabulary of demo_texts.h, with Zipf-like skew over countries, realistic stakeholder and
// action-line mixes (C7 sub-lines common, C10 rare), reporting years 2005-2026, organisations
// with several entries each, and every workflow state (mostly published).
//
// load_demo writes a plan into an empty database in large transactions, through entry_store.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/database.h"
#include "stocktaking/entries_service.h"

namespace wsis::stocktaking::demo {

struct DemoOrganisation {
  std::string name;              // in its language
  std::string language;
  std::string stakeholder_type;
  std::string country;           // ISO alpha-3
  std::int64_t created_at = 0;   // before its first entry
};

struct DemoTransition {
  std::string action, from_state, to_state;
  std::int64_t revision = 0;
  std::int64_t at_ms = 0;
  std::string comment;
};

struct DemoEntry {
  std::size_t organisation = 0;  // index in DemoPlan::organisations()
  // The entry as it stands after its history; id, organisation_id and owner_id are 0 (the
  // writer assigns the first two; demo entries have no owner).
  EntryRecord record;
  std::vector<EntryContent> revisions;       // revision 1, then 2 for a pending edit
  std::vector<std::int64_t> revision_times;  // when each was saved
  std::vector<DemoTransition> transitions;   // "create" first
  // What the entry is about, as the generator chose it (demo_texts.h: topic_info, the
  // beneficiary groups): the truth the search quality test judges relevance by.
  std::size_t topic = 0;
  int beneficiary = -1;  // -1: none named
  // The revision the public sees (published, else the newest): what lists filter on.
  const EntryContent& visible() const {
    return revisions[static_cast<std::size_t>(record.published_revision.value_or(record.current_revision) - 1)];
  }
};

class DemoPlan {
 public:
  // Draws who writes what: languages, organisations, years, creation times. Cheap (a few
  // hundred nanoseconds an entry); the entries themselves are made on demand by entry().
  DemoPlan(std::uint64_t seed, std::size_t entries);

  std::uint64_t seed() const { return seed_; }
  std::size_t size() const { return order_.size(); }
  // In the order of their first entry.
  const std::vector<DemoOrganisation>& organisations() const { return organisations_; }
  // The k-th entry by creation time (ids ascend with time when written in this order).
  // Pure: the same k always gives the same entry; safe to call from several threads.
  DemoEntry entry(std::size_t k) const;

 private:
  std::uint64_t seed_;
  std::vector<std::uint64_t> pool_sizes_;    // organisation slots per (language, stakeholder type)
  std::vector<std::uint32_t> order_;         // k -> draw index
  std::vector<std::uint32_t> organisation_;  // draw index -> organisation
  std::vector<DemoOrganisation> organisations_;
  std::vector<std::uint64_t> contact_seed_;  // per organisation: its usual contact person
};

struct DemoSummary {
  std::size_t entries = 0;
  std::size_t organisations = 0;
  std::array<std::size_t, 6> by_state{};  // kEntryStates order
  std::int64_t first_id = 0, last_id = 0;
};

struct LoadOptions {
  std::size_t batch = 5000;  // entries per transaction
  // Called after each committed batch with the number of entries written so far.
  std::function<void(std::size_t)> progress;
};

// Writes every organisation and entry of `plan`, with revisions, workflow history, projection,
// change feed and audit rows, in transactions of `options.batch` entries. Refuses (conflict,
// nothing written) a database that already has entries; the check and the first batch are one
// transaction. A failure in a later batch leaves the earlier batches in place.
Result<DemoSummary> load_demo(db::Database& database, const DemoPlan& plan, const LoadOptions& options = {});

// Number of entries in the database (any state).
Result<std::int64_t> count_entries(db::Database& database);

}  // namespace wsis::stocktaking::demo
