// The reference WSIS–SDG Matrix: the links UN agencies propose between action lines and SDG
// goals or targets, each with its provenance; a draft that moderators edit (add or remove a
// link, with a comment); published versions, dated and immutable, any two of which compare.
// Every rule about who may do what lives here; api.cpp and the CLI go through it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/clock.h"
#include "db/database.h"

namespace wsis::matrix {

// One link. `target` is empty for a link to the goal as a whole.
struct LinkKey {
  std::string action_line;
  int goal = 0;
  std::string target;
  auto operator<=>(const LinkKey&) const = default;
};

struct Link {
  LinkKey key;
  std::int64_t id = 0;  // draft links only
  std::string rationale;
  std::string source;       // where the link comes from (a file, "moderator", "evidence review")
  std::string source_date;  // the source's date when known (YYYY-MM-DD), else empty
  std::optional<std::int64_t> entered_by;  // nothing: seeded from the agencies' file
  std::int64_t entered_at = 0;
};

struct Version {
  std::int64_t number = 0;
  std::int64_t published_at = 0;
  std::optional<std::int64_t> published_by;
  std::string note;
  std::int64_t link_count = 0;
  std::vector<Link> links;  // filled by version(), not by versions()
};

struct Comparison {
  std::int64_t from = 0, to = 0;
  std::vector<Link> added, removed;  // in `to` and not `from`; in `from` and not `to`
};

struct DraftEdit {
  std::int64_t id = 0;
  std::string op;  // add, remove
  LinkKey key;
  std::string comment;
  std::optional<std::int64_t> actor_id;
  std::int64_t at_ms = 0;
};

// A link to add to (or remove from) the draft.
struct LinkChange {
  LinkKey key;
  std::string rationale;
  std::string source;
  std::string source_date;
  std::string comment;
};

// The action line codes of the seed file's labels ("C7 ICT Applications: IV. e-health" ->
// "C7-e-health"), exposed for the tests.
std::optional<std::string> action_line_of_label(std::string_view label);

// The links of the agencies' matrix (data/reference/wsis-sdg-matrix/matrix.jsonl), read from the
// embedded file: a bare goal number is a link to the goal; a target filed under another goal
// (the file has a few) is linked to its own goal; duplicates are merged.
Result<std::vector<Link>> agencies_links();

class MatrixService {
 public:
  MatrixService(db::Database& database, const Clock& clock);

  // Loads the agencies' matrix into the draft and publishes it as version 1, once: a database
  // where it was done (or where a version exists) is left alone.
  Result<void> ensure_seeded();

  Result<std::vector<Version>> versions();
  // A published version with its links; not_found if there is none of that number.
  Result<Version> version(std::int64_t number);
  Result<std::optional<Version>> latest();
  Result<Comparison> compare(std::int64_t from, std::int64_t to);

  // Moderators (and administrators) only: forbidden for others, with nothing changed.
  Result<std::vector<Link>> draft(const Actor& actor);
  Result<std::vector<DraftEdit>> pending_edits(const Actor& actor);
  Result<Link> add_link(const Actor& actor, const LinkChange& change);
  Result<void> remove_link(const Actor& actor, const LinkKey& key, const std::string& comment);
  // Publishes the draft as the next version (conflict if it equals the latest version).
  Result<Version> publish(const Actor& actor, const std::string& note);

  // Inside another write of this module (guidance decisions): the same edits, no permission check.
  Result<Link> add_link_in(db::Connection& c, const Actor& actor, const LinkChange& change);
  Result<void> remove_link_in(db::Connection& c, const Actor& actor, const LinkKey& key, const std::string& comment);

  const Clock& clock() const { return clock_; }
  db::Database& database() const { return database_; }

 private:
  db::Database& database_;
  const Clock& clock_;
};

bool is_moderator(const Actor& actor);
// Checks a link's codes against the reference data: unknown action line, goal or target, or a
// target outside its goal, are field errors.
Result<void> check_link_key(const LinkKey& key);

}  // namespace wsis::matrix
