#include "prizes/nomination.h"

#include <boost/json.hpp>

#include "core/json_input.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::prizes {

namespace {

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes count as one.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < length && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += length;
  return cp;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x3040 && cp <= 0x30FF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200B);
}

constexpr TextRule kLongAnswer{.min = 1, .max = 3000, .multiline = true};

void read_answers(JsonReader& reader, NominationAnswers& answers) {
  if (auto summary = reader.text("summary", true, {.min = 1, .max = 2000, .multiline = true})) {
    int words = count_words(*summary);
    if (words < kSummaryMinWords || words > kSummaryMaxWords)
      reader.errors().add(reader.path("summary"), "word_count",
                          {{"min", std::int64_t{kSummaryMinWords}},
                           {"max", std::int64_t{kSummaryMaxWords}},
                           {"count", std::int64_t{words}}});
    answers.summary = *summary;
  }
  const auto& reference = reference::ReferenceData::instance();
  if (const auto* links = reader.array("sdg_links", true, 20)) {
    if (links->empty()) reader.errors().add(reader.path("sdg_links"), "empty");
    for (std::size_t i = 0; i < links->size(); ++i) {
      std::string at = reader.path("sdg_links") + "/" + std::to_string(i);
      if (!(*links)[i].is_object()) {
        reader.errors().add(at, "expected_object");
        continue;
      }
      JsonReader link((*links)[i].get_object(), reader.errors(), at);
      SdgLink out;
      auto line = link.text("action_line", true, {.max = 40});
      if (line && !reference.action_line(*line)) reader.errors().add(link.path("action_line"), "unknown_code");
      auto goal = link.integer("goal", true, 1, 17);
      auto explanation = link.text("explanation", true, {.min = 1, .max = 1000, .multiline = true});
      link.reject_unknown_fields();
      if (line && goal && explanation) answers.sdg_links.push_back({*line, static_cast<int>(*goal), *explanation});
    }
  }
  if (auto v = reader.text("impact", true, kLongAnswer)) answers.impact = *v;
  if (auto v = reader.text("partnerships", true, kLongAnswer)) answers.partnerships = *v;
  if (auto v = reader.text("challenges", true, kLongAnswer)) answers.challenges = *v;
  reader.reject_unknown_fields();
}

}  // namespace

int count_words(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (is_cjk(cp)) {
      ++words;
      in_word = false;
    } else if (is_space(cp)) {
      in_word = false;
    } else if (!in_word) {
      ++words;
      in_word = true;
    }
  }
  return words;
}

Result<NominationForm> parse_nomination_form(const json::object& body) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  NominationForm form;
  auto category = reader.text("category", true, {.max = 40});
  auto entry = reader.integer("entry_id", true, 1, INT64_MAX);
  if (const auto* answers = reader.object("answers", true)) {
    JsonReader answers_reader(*answers, errors, "answers");
    read_answers(answers_reader, form.answers);
  }
  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  form.category = *category;
  form.entry_id = *entry;
  return form;
}

json::object answers_to_json(const NominationAnswers& answers) {
  json::array links;
  for (const auto& l : answers.sdg_links)
    links.push_back({{"action_line", l.action_line}, {"goal", l.goal}, {"explanation", l.explanation}});
  return {{"summary", answers.summary},
          {"sdg_links", std::move(links)},
          {"impact", answers.impact},
          {"partnerships", answers.partnerships},
          {"challenges", answers.challenges}};
}

Result<NominationAnswers> answers_from_json(const json::object& object) {
  FieldErrors errors;
  JsonReader reader(object, errors);
  NominationAnswers answers;
  read_answers(reader, answers);
  if (!errors.empty()) return errors.to_error();
  return answers;
}

Result<ReviewForm> parse_review_form(const json::object& body, const CycleRules& rules) {
  FieldErrors errors;
  JsonReader reader(body, errors);
  ReviewForm form;
  if (const auto* scores = reader.object("scores", true)) {
    JsonReader score_reader(*scores, errors, "scores");
    for (const auto& criterion : rules.rubric)
      if (auto v = score_reader.integer(criterion.key, true, 0, criterion.max)) form.scores[criterion.key] = *v;
    score_reader.reject_unknown_fields();
  }
  auto eligible = reader.boolean("eligible", true);
  auto reason = reader.text("reason", true, {.min = 1, .max = 2000, .multiline = true});
  reader.reject_unknown_fields();
  if (!errors.empty()) return errors.to_error();
  form.eligible = *eligible;
  form.reason = *reason;
  return form;
}

}  // namespace wsis::prizes
