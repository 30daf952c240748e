// A nomination: a published Stocktaking entry put forward in one category of a cycle, with
// the answers the prize asks for; and the expert's review form.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "prizes/cycle.h"

namespace wsis::prizes {

struct SdgLink {
  std::string action_line;  // "C7-e-health"
  int goal = 0;             // 1..17
  std::string explanation;
};

struct NominationAnswers {
  std::string summary;  // 150-200 words: what voters read
  std::vector<SdgLink> sdg_links;
  std::string impact, partnerships, challenges;
};

struct NominationForm {
  std::string category;
  std::int64_t entry_id = 0;
  NominationAnswers answers;
};

struct Nomination {
  std::int64_t id = 0;
  std::int64_t cycle_id = 0;
  std::string category;
  std::int64_t entry_id = 0;
  std::int64_t organisation_id = 0;
  std::int64_t owner_id = 0;
  NominationAnswers answers;
  std::string state;  // "submitted", "withdrawn"
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
  std::string entry_title;
  bool entry_published = true;  // false while the entry awaits moderation: hidden from experts
};

inline constexpr int kSummaryMinWords = 150;
inline constexpr int kSummaryMaxWords = 200;

// Words of a text: runs separated by white space, each CJK character counting as one (Chinese
// is written without spaces).
int count_words(std::string_view text);

// Reads {"category", "entry_id", "answers": {...}}; per-field errors.
Result<NominationForm> parse_nomination_form(const boost::json::object& body);
boost::json::object answers_to_json(const NominationAnswers& answers);
Result<NominationAnswers> answers_from_json(const boost::json::object& object);

struct ReviewForm {
  std::map<std::string, std::int64_t> scores;
  bool eligible = false;
  std::string reason;
};
// {"scores": {criterion: 0..max}, "eligible", "reason"}: every criterion of the rubric, no other.
Result<ReviewForm> parse_review_form(const boost::json::object& body, const CycleRules& rules);

}  // namespace wsis::prizes
