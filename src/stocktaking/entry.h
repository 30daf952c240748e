// A Stocktaking entry's content: what its owner writes and a moderator publishes. One
// revision of an entry holds one EntryContent; the entry itself (state, owner, organisation,
// versions) is in entry_record.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"

namespace wsis::stocktaking {

inline constexpr std::array<std::string_view, 7> kEntryTypes = {
    "project", "programme", "training", "conference", "website", "guideline", "toolkit"};
inline constexpr std::array<std::string_view, 3> kProjectStatuses = {"planned", "ongoing", "completed"};
// Stands alone in `countries` for an entry that is not tied to any country.
inline constexpr std::string_view kGlobal = "global";

struct Translation {
  std::string lang;
  std::string title;
  std::string description;
};

struct Contact {
  std::string name;
  std::string email;
  std::string phone;
};

struct EntryContent {
  std::string type;                       // one of kEntryTypes
  std::string title;
  std::string description;                // Markdown; rendered safely, never as raw HTML
  std::string language;                   // the language it is written in
  std::vector<Translation> translations;  // into the other languages, each complete
  std::vector<std::string> countries;     // ISO alpha-3, sorted, or {"global"}
  std::vector<std::string> action_lines;  // codes, sorted, the primary one included
  std::string primary_action_line;
  std::vector<int> sdg_goals;             // sorted; includes the goals of the targets
  std::vector<std::string> sdg_targets;   // sorted in SDG order
  std::optional<std::string> start_date;  // YYYY-MM-DD
  std::optional<std::string> end_date;
  std::string project_status;             // one of kProjectStatuses
  std::string website;                    // http(s) URL or empty
  Contact contact;                        // owner and moderators only
  std::string beneficiaries;
  std::string impact;
  std::vector<std::string> partners;
  int reporting_year = 0;

  // Regions of the countries (derived, sorted); empty for a global entry.
  std::vector<std::string> regions() const;
};

// Limits, in characters, shared by validation, the API docs and the import.
struct EntryLimits {
  static constexpr std::size_t title = 200;
  static constexpr std::size_t description = 10000;
  static constexpr std::size_t beneficiaries = 2000;
  static constexpr std::size_t impact = 5000;
  static constexpr std::size_t partner = 200;
  static constexpr std::size_t partners = 50;
  static constexpr std::size_t countries = 60;
  static constexpr std::size_t action_lines = 19;
  static constexpr std::size_t targets = 169;
  static constexpr std::size_t goals = 17;
  static constexpr std::size_t website = 2000;
  static constexpr std::size_t contact_field = 200;
  static constexpr int first_year = 2003;  // the Geneva phase
};

// Reads and checks an entry's content from JSON (the API body, an import row). Every problem is
// reported as a field error: unknown codes, end before start, URL schemes other than http(s),
// over-long text, empty or duplicate translations... `current_year` bounds reporting_year.
Result<EntryContent> parse_entry_content(const boost::json::object& object, int current_year);

// Reads content stored by content_to_json without checking it against today's reference data:
// a stored revision stays readable even if a code it used is later retired.
EntryContent content_from_json(const boost::json::object& object);

// The content as JSON. `with_contact` is false for readers who may not see the contact.
boost::json::object content_to_json(const EntryContent& content, bool with_contact);

// Field-by-field difference between two contents: names of the fields that differ, with both
// values, for the revision history and the moderation screen.
boost::json::array content_difference(const EntryContent& before, const EntryContent& after);

}  // namespace wsis::stocktaking
