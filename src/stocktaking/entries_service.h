// The Stocktaking service: entries, their revisions, the moderation workflow, the yearly call
// for updates, and lists with filters and facet counts. Every rule about who may see or change
// what lives here; the HTTP handlers (api.cpp) and the CLI (import, export, demo) go through it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/actor.h"
#include "core/clock.h"
#include "db/database.h"
#include "stocktaking/entry.h"
#include "stocktaking/workflow.h"

namespace wsis::stocktaking {

struct EntryRecord {
  std::int64_t id = 0;
  std::optional<std::string> external_id;
  std::int64_t organisation_id = 0;
  std::int64_t owner_id = 0;
  EntryStatus status;
  std::int64_t version = 0;
  std::int64_t current_revision = 0;
  std::optional<std::int64_t> published_revision;
  std::optional<std::int64_t> pending_revision;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> published_at;
  std::optional<int> last_confirmed_year;
  bool inactive = false;
  std::string stakeholder_type;
};

// An entry as one caller may see it.
struct EntryView {
  EntryRecord record;
  EntryContent content;
  std::int64_t revision = 0;     // the revision `content` comes from
  bool privileged = false;       // owner, organisation focal point or moderator
  std::optional<int> open_call;  // the year of the newest call for updates, if any
};

struct Revision {
  std::int64_t number = 0;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  EntryContent content;
};

struct TransitionRecord {
  std::int64_t id = 0;
  std::string action, from_state, to_state;
  std::int64_t revision = 0;
  std::int64_t actor_id = 0;
  std::int64_t at_ms = 0;
  std::string comment;
};

// Filters of /api/v1/entries and /facets. Values within one filter are alternatives (OR);
// different filters must all hold (AND).
struct EntryFilter {
  std::vector<std::string> action_lines, targets, countries, regions, stakeholder_types, languages, project_statuses,
      entry_types, states;
  std::vector<int> goals, years;
  std::optional<std::int64_t> organisation_id;
  std::optional<bool> success_story;
  // With (true) or without (false) a revision waiting for moderation: the queue of pending
  // edits. For moderators and with `mine`; others get the public list, as with states.
  std::optional<bool> pending;
  bool mine = false;  // only the caller's own entries, in any state
};

// Reads the filters from query parameters; unknown codes are field errors.
Result<EntryFilter> parse_filter(const std::vector<std::pair<std::string, std::string>>& query);

enum class SortOrder { date, title };

// Where a page ended: an opaque position the HTTP layer turns into a cursor.
struct EntryPage {
  std::vector<EntryView> items;
  std::optional<boost::json::object> next_position;
};

// facet name -> [(value, count)], values sorted by count then value; `total` entries match.
struct FacetCounts {
  std::int64_t total = 0;
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> facets;
};

class EntryCatalog;

class EntriesService {
 public:
  // With a catalog, public lists and facet counts come from it (catalog.h) and every write
  // here brings it up to date before returning; without one, from SQL.
  EntriesService(db::Database& database, const Clock& clock, EntryCatalog* catalog = nullptr);

  // A new draft owned by the caller, for the caller's organisation.
  Result<EntryView> create(const Actor& actor, EntryContent content, std::optional<std::string> external_id = {});
  Result<EntryView> get(const std::optional<Actor>& actor, std::int64_t id);
  // What the public view of a published entry depends on: its version, and the year of the
  // open call for updates (its `activity` changes when a call opens). Nothing if it is not
  // published. Two indexed lookups, for answering the public from a body prepared earlier.
  struct PublicStamp {
    std::int64_t version = 0;
    int open_call = 0;
    bool operator==(const PublicStamp&) const = default;
  };
  Result<std::optional<PublicStamp>> public_stamp(std::int64_t id);
  // A public page (no caller) as the catalog answers it: each entry's id and stamp, so that a
  // caller holding items rendered at that stamp can reuse them. nullopt when there is no
  // catalog (list() answers then).
  struct PublicPage {
    std::vector<std::pair<std::int64_t, PublicStamp>> entries;
    std::optional<boost::json::object> next_position;
  };
  Result<std::optional<PublicPage>> public_page(const EntryFilter& filter, SortOrder sort, std::string_view lang,
                                                const std::optional<boost::json::object>& after, int limit);
  // Saves new content. `expected_version` must be the entry's version (else precondition_failed).
  Result<EntryView> update(const Actor& actor, std::int64_t id, std::int64_t expected_version, EntryContent content);
  // A workflow action (workflow.h); `expected_version` is checked when given.
  Result<EntryView> act(const Actor& actor, std::int64_t id, std::optional<std::int64_t> expected_version,
                        std::string_view action, std::string comment);

  Result<std::vector<Revision>> revisions(const std::optional<Actor>& actor, std::int64_t id);
  Result<std::vector<TransitionRecord>> history(const std::optional<Actor>& actor, std::int64_t id);

  // A page of entries after `after` (a next_position of an earlier page); a position that does
  // not fit the sort order is invalid_query on "cursor".
  Result<EntryPage> list(const std::optional<Actor>& actor, const EntryFilter& filter, SortOrder sort,
                         std::string_view lang, const std::optional<boost::json::object>& after, int limit);
  Result<FacetCounts> facets(const std::optional<Actor>& actor, const EntryFilter& filter);

  // Opens the call for updates of `year` (moderators): entries that answered neither this call's
  // predecessor nor the one before become inactive. Returns how many became inactive.
  Result<std::int64_t> open_update_call(const Actor& actor, int year);

  const Clock& clock() const { return clock_; }
  db::Database& database() const { return database_; }  // for the import and export (exchange_api.cpp)
  int current_year() const;

  // Brings the catalog up to date after a write, so the writer sees it in the next list. The
  // service's own writes call it; writers that go to the store directly (imports) call it too.
  void after_write();

 private:
  // Whether a list or facet query is the public view that the catalog answers.
  bool catalog_answers(const std::optional<Actor>& actor, const EntryFilter& filter) const;

  db::Database& database_;
  const Clock& clock_;
  EntryCatalog* catalog_;
};

}  // namespace wsis::stocktaking
