// Completeness of the reference data linked into the binary: every item in all six languages,
// every country in exactly one known region, codes unique and cross-references resolved.
#include "reference/reference_data.h"

#include <gtest/gtest.h>

#include <set>

#include "core/language.h"

namespace wsis::reference {
namespace {

const ReferenceData& data() { return ReferenceData::instance(); }

void expect_six_languages(const Texts& texts, const std::string& what) {
  for (std::size_t i = 0; i < kLanguages.size(); ++i)
    EXPECT_FALSE(texts[i].empty()) << what << " has no " << kLanguages[i] << " text";
  // A translation that is the English text again is a missing translation (codes excepted).
  for (auto lang : {"ar", "ru", "zh"})
    EXPECT_NE(texts[language_index(lang)], texts[language_index("en")]) << what << " in " << lang << " is English";
}

TEST(ReferenceData, ActionLinesAreTheElevenLinesAndEightC7SubLines) {
  const auto& lines = data().action_lines();
  ASSERT_EQ(lines.size(), 19u);
  int top_level = 0, c7_sub_lines = 0;
  for (const auto& line : lines) {
    expect_six_languages(line.title, line.code + " title");
    expect_six_languages(line.short_title, line.code + " short title");
    if (line.parent.empty()) ++top_level;
    if (line.parent == "C7") ++c7_sub_lines;
  }
  EXPECT_EQ(top_level, 11);
  EXPECT_EQ(c7_sub_lines, 8);
  ASSERT_NE(data().action_line("C7-e-health"), nullptr);
  EXPECT_EQ(data().action_line("C7-e-health")->parent, "C7");
  EXPECT_EQ(data().action_line("C12"), nullptr);
  // ITU is sole facilitator of C2, C5 and C6 (DOMAIN.md).
  for (auto code : {"C2", "C5", "C6"})
    EXPECT_EQ(data().action_line(code)->facilitators, std::vector<std::string>{"ITU"}) << code;
}

TEST(ReferenceData, SdgsHaveSeventeenGoalsAndTheirTargetsAndIndicators) {
  ASSERT_EQ(data().goals().size(), 17u);
  EXPECT_EQ(data().targets().size(), 169u);
  EXPECT_GE(data().indicators().size(), 231u);
  for (const auto& goal : data().goals()) {
    expect_six_languages(goal.title, "goal " + goal.code);
    expect_six_languages(goal.short_title, "goal " + goal.code + " short");
    int targets = 0;
    for (const auto& t : data().targets()) targets += t.goal == goal.number;
    EXPECT_GT(targets, 0) << "goal " << goal.number << " has no targets";
  }
  for (const auto& target : data().targets()) {
    expect_six_languages(target.title, "target " + target.code);
    EXPECT_TRUE(target.code.starts_with(std::to_string(target.goal) + ".")) << target.code;
  }
  std::set<std::string> targets_with_indicators;
  for (const auto& indicator : data().indicators()) {
    expect_six_languages(indicator.title, "indicator " + indicator.code);
    EXPECT_TRUE(indicator.code.starts_with(indicator.target + ".")) << indicator.code;
    targets_with_indicators.insert(indicator.target);
  }
  EXPECT_EQ(targets_with_indicators.size(), 169u) << "every target has at least one indicator";
  // The ICT-specific indicators named in DOMAIN.md are there.
  for (auto code : {"4.4.1", "5.b.1", "9.c.1", "17.6.1", "17.8.1"}) {
    bool found = false;
    for (const auto& i : data().indicators()) found = found || i.code == code;
    EXPECT_TRUE(found) << code;
  }
  EXPECT_NE(data().target("17.19"), nullptr);
  EXPECT_NE(data().target("1.a"), nullptr);
  EXPECT_EQ(data().target("18.1"), nullptr);
}

TEST(ReferenceData, EveryCountryIsInExactlyOneKnownRegion) {
  const auto& countries = data().countries();
  EXPECT_EQ(countries.size(), 195u);  // UN members, Palestine, the Holy See
  std::set<std::string> iso3, iso2;
  for (const auto& c : countries) {
    EXPECT_EQ(c.iso3.size(), 3u) << c.iso3;
    EXPECT_EQ(c.iso2.size(), 2u) << c.iso3;
    EXPECT_TRUE(iso3.insert(c.iso3).second) << "duplicate " << c.iso3;
    EXPECT_TRUE(iso2.insert(c.iso2).second) << "duplicate " << c.iso2;
    EXPECT_NE(data().region(c.region), nullptr) << c.iso3 << " in unknown region " << c.region;
    for (std::size_t i = 0; i < kLanguages.size(); ++i) EXPECT_FALSE(c.name[i].empty()) << c.iso3;
  }
  EXPECT_EQ(data().country("EGY")->region, "arab-states");
  EXPECT_EQ(data().country("KEN")->region, "africa");
  EXPECT_EQ(data().country("BRA")->region, "americas");
  EXPECT_EQ(data().country("RUS")->region, "cis");
  EXPECT_EQ(data().country("FRA")->region, "europe");
  EXPECT_EQ(data().country("CHN")->region, "asia-pacific");
  EXPECT_EQ(data().country("XXX"), nullptr);
  int arab_states = 0;
  for (const auto& c : countries) arab_states += c.region == "arab-states";
  EXPECT_EQ(arab_states, 22);
}

TEST(ReferenceData, RegionsStakeholderTypesAndPrizeCategories) {
  ASSERT_EQ(data().regions().size(), 6u);
  for (const auto& r : data().regions()) expect_six_languages(r.title, "region " + r.code);
  ASSERT_EQ(data().stakeholder_types().size(), 7u);
  for (const auto& s : data().stakeholder_types()) expect_six_languages(s.title, "stakeholder type " + s.code);
  EXPECT_TRUE(data().is_stakeholder_type("civil-society"));
  EXPECT_FALSE(data().is_stakeholder_type("lobbyist"));
  const auto& categories = data().prize_categories();
  ASSERT_EQ(categories.size(), 18u);
  std::set<std::string> lines;
  for (const auto& c : categories) {
    expect_six_languages(c.title, "prize category " + c.code);
    EXPECT_NE(c.action_line, "C7") << "C7 as a whole is not a category; its sub-lines are";
    EXPECT_TRUE(lines.insert(c.action_line).second) << "two categories for " << c.action_line;
  }
}

}  // namespace
}  // namespace wsis::reference
