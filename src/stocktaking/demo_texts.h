// The words of the demo generator (demo.h): project kinds, topics tied to action lines and SDG
// targets, beneficiaries, partners, activities, organisation and person names, written in the six
// languages, and the sentences that combine them. Internal to the stocktaking module.
//
// A text is rendered from a language-independent Concept, so the same idea gives an entry's
// original text and its translations. Every choice a text makes is an index in the Concept or a
// draw from the caller's DemoRng, never from a clock or a hash of memory addresses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "reference/reference_data.h"

namespace wsis::stocktaking::demo {

// A fixed engine (std::mt19937_64, whose output the standard specifies) with distributions of
// our own: std::uniform_int_distribution and friends differ between standard libraries, and the
// same seed must give the same data everywhere.
class DemoRng {
 public:
  explicit DemoRng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  // Uniform in [0, n), without modulo bias; n > 0.
  std::uint64_t below(std::uint64_t n);
  // True with probability per_mille / 1000.
  bool chance(unsigned per_mille) { return below(1000) < per_mille; }
  // An index drawn with the given integer weights (not all zero).
  template <typename Weights>
  std::size_t weighted(const Weights& weights) {
    std::uint64_t total = 0;
    for (auto w : weights) total += static_cast<std::uint64_t>(w);
    std::uint64_t r = below(total);
    std::size_t i = 0;
    for (auto w : weights) {
      if (r < static_cast<std::uint64_t>(w)) return i;
      r -= static_cast<std::uint64_t>(w);
      ++i;
    }
    return i - 1;
  }
  // Skewed to small values: P(k) falls off like log((n+1)/(k+1)) (a few large, many small).
  std::uint64_t skewed(std::uint64_t n) { return below(below(n) + 1); }

 private:
  std::mt19937_64 engine_;
};

// SplitMix64: independent seeds for each entry and organisation from (seed, index).
std::uint64_t mix(std::uint64_t a, std::uint64_t b);

// Index of a language in kLanguages (ar en es fr ru zh).
enum Lang : std::size_t { kAr = 0, kEn = 1, kEs = 2, kFr = 3, kRu = 4, kZh = 5 };

struct TopicInfo {
  std::string_view action_line;
  std::string_view slug;
  std::vector<std::string_view> targets;   // SDG targets the topic serves
  std::vector<int> beneficiaries;          // fitting beneficiary groups
};
std::size_t topic_count();
const TopicInfo& topic_info(std::size_t topic);
// The topics of an action line (every line has at least one).
const std::vector<std::size_t>& topics_of_line(std::string_view action_line);

// Kinds of project, three per entry type (kEntryTypes order): kind = 3 * type index + 0..2.
inline constexpr std::size_t kKindsPerType = 3;

std::size_t beneficiary_count();
// The group's English name ("women entrepreneurs"), which also serves as its key.
std::string_view beneficiary_key(int beneficiary);
// An SDG target that a beneficiary group adds to an entry ("5.b" for women), or "".
std::string_view beneficiary_target(int beneficiary);
// Orders of magnitude of how many are reached (people: up to 10^3 x 10..99; schools: fewer).
bool beneficiary_is_people(int beneficiary);

std::size_t partner_count();
std::size_t activity_count();
// A partner the topic's action line usually works with, or -1.
int usual_partner(std::string_view action_line);

struct Place {
  enum Kind { in_country, in_region, in_several, worldwide } kind = worldwide;
  const reference::Country* country = nullptr;  // kind country
  std::string region;                            // kind region
  std::vector<const reference::Country*> countries;  // kind region / several: all of them
};

struct Concept {
  std::size_t topic = 0;
  std::size_t kind = 0;
  int beneficiary = -1;  // -1: none named
  Place place;
  unsigned title_variant = 0, intro_variant = 0;
  std::vector<std::size_t> activities;  // bullet list, empty for none
  std::vector<std::size_t> partners;
  bool link_sentence = true;           // the action line / SDG sentence
  std::string status;                  // planned, ongoing, completed (as of writing)
  int start_year = 0, end_year = 0;    // end_year 0: open-ended
  std::int64_t reached = 0;
  int goal = 0;                        // the SDG named in the text
  std::string action_line;             // the primary line
};

std::string render_title(const Concept& idea, Lang lang);
std::string render_description(const Concept& idea, Lang lang);
// "Women entrepreneurs" as a field value; "" when the idea names none.
std::string render_beneficiaries(const Concept& idea, Lang lang);
// The results sentence for the impact field; "" for a planned project.
std::string render_impact(const Concept& idea, Lang lang);
// Partner names as field values ("Ministry of Health").
std::vector<std::string> render_partners(const Concept& idea, Lang lang);
// "**Update 2024:** a second phase has been approved." for an edited description.
std::string render_update_note(int year, Lang lang);
// What a moderator writes when returning an entry (`which` picks one of several).
std::string render_return_comment(std::size_t which, Lang lang);

// An organisation's name in its language, drawn from `rng`; different draws give different
// names often enough that the caller can deduplicate by name.
std::string organisation_name(std::string_view stakeholder_type, const reference::Country& country, Lang lang,
                              DemoRng& rng);

struct Person {
  std::string name;
  std::string email;  // ASCII, lower case, @example.org
};
Person person_name(Lang lang, DemoRng& rng);

// "Kenya" in the language (from the reference data).
const std::string& country_name(const reference::Country& country, Lang lang);

}  // namespace wsis::stocktaking::demo
