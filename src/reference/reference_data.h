// The reference lists (action lines, SDG goals/targets/indicators, countries and ITU regions,
// stakeholder types, prize categories), loaded once from the data files linked into the binary
// and read-only afterwards, so any thread may use them without locks.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wsis::reference {

// A text in the six languages, in the order of kLanguages.
using Texts = std::array<std::string, 6>;

struct ActionLine {
  std::string code;     // "C1" .. "C11", "C7-e-health"
  std::string parent;   // "C7" for the sub-lines, else empty
  int order = 0;
  Texts title;
  Texts short_title;
  std::vector<std::string> facilitators;
};
struct Goal {
  int number = 0;
  std::string code;     // "1" .. "17"
  Texts short_title;
  Texts title;
};
struct Target {
  std::string code;     // "1.1", "17.a"
  int goal = 0;
  Texts title;
};
struct Indicator {
  std::string code;     // "1.1.1"
  std::string target;
  int goal = 0;
  Texts title;
};
struct Region {
  std::string code;     // "arab-states"
  Texts title;
};
struct Country {
  std::string iso3;
  std::string iso2;
  std::string region;
  Texts name;
};
struct CodedTitle {     // stakeholder types
  std::string code;
  Texts title;
};
struct PrizeCategory {
  std::string code;
  std::string action_line;
  int order = 0;
  Texts title;
};

class ReferenceData {
 public:
  // Parses the embedded files and checks them (six languages everywhere, every country in a
  // known region, every target in a known goal...). Throws std::runtime_error with the first
  // problem: a binary with broken reference data must not start.
  static const ReferenceData& instance();

  const std::vector<ActionLine>& action_lines() const { return action_lines_; }
  const std::vector<Goal>& goals() const { return goals_; }
  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<Indicator>& indicators() const { return indicators_; }
  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<CodedTitle>& stakeholder_types() const { return stakeholder_types_; }
  const std::vector<PrizeCategory>& prize_categories() const { return prize_categories_; }

  const ActionLine* action_line(std::string_view code) const;
  const Goal* goal(int number) const;
  const Target* target(std::string_view code) const;
  const Country* country(std::string_view iso3) const;
  const Region* region(std::string_view code) const;
  bool is_stakeholder_type(std::string_view code) const;

 private:
  ReferenceData();
  std::vector<ActionLine> action_lines_;
  std::vector<Goal> goals_;
  std::vector<Target> targets_;
  std::vector<Indicator> indicators_;
  std::vector<Region> regions_;
  std::vector<Country> countries_;
  std::vector<CodedTitle> stakeholder_types_;
  std::vector<PrizeCategory> prize_categories_;
  std::unordered_map<std::string, std::size_t> action_line_index_, target_index_, country_index_, region_index_;
};

}  // namespace wsis::reference
