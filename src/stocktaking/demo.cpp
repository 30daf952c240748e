#include "stocktaking/demo.h"

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>
#include <set>

#include "accounts/organisation_directory.h"
#include "core/language.h"
#include "reference/reference_data.h"
#include "stocktaking/demo_texts.h"
#include "stocktaking/entry_store.h"

namespace wsis::stocktaking::demo {

namespace {

using reference::Country;
using reference::ReferenceData;

// ---- calendar (proleptic Gregorian, days since 1970-01-01) --------------------------------

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  int year, month, day;
};
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

std::string iso_date(std::int64_t days) {
  Civil c = civil_from_days(days);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buffer;
}

constexpr std::int64_t kDayMs = 86'400'000;
// Nothing in the demo happens after this instant, so the data does not depend on when it is
// made. Entries of 2026 are created until the end of September.
const std::int64_t kEpochMs = days_from_civil(2026, 11, 20) * kDayMs;
constexpr int kFirstYear = 2005, kLastYear = 2026;

// ---- distributions -----------------------------------------------------------------------

// kLanguages order: ar en es fr ru zh (per mille).
constexpr std::array<unsigned, 6> kLanguageWeights = {100, 450, 150, 150, 80, 70};

constexpr std::array<std::string_view, 7> kStakeholders = {"government", "civil-society", "private-sector", "academia",
                                                           "international-organization", "technical-community", "other"};
constexpr std::array<unsigned, 7> kStakeholderWeights = {300, 250, 170, 120, 80, 50, 30};

// Reporting years 2005..2026: bursts around the Tunis phase, WSIS+10 (2015) and WSIS+20 (2025).
constexpr std::array<unsigned, 22> kYearWeights = {30, 20, 20, 20, 30, 40, 40, 40, 50, 60, 80,
                                                   60, 60, 70, 70, 60, 70, 70, 80, 80, 90, 50};

struct LineWeight {
  std::string_view code;
  unsigned weight;
};
// C7's sub-lines together about 42%, C10 under 1%.
constexpr std::array<LineWeight, 19> kPrimaryLines = {{
    {"C1", 55}, {"C2", 80}, {"C3", 70}, {"C4", 95}, {"C5", 70}, {"C6", 45}, {"C7", 15},
    {"C7-e-government", 75}, {"C7-e-business", 50}, {"C7-e-learning", 80}, {"C7-e-health", 70},
    {"C7-e-employment", 30}, {"C7-e-environment", 30}, {"C7-e-agriculture", 40}, {"C7-e-science", 20},
    {"C8", 30}, {"C9", 30}, {"C10", 8}, {"C11", 45},
}};
constexpr std::array<LineWeight, 7> kSecondaryLines = {{
    {"C4", 30}, {"C1", 15}, {"C3", 15}, {"C11", 15}, {"C6", 10}, {"C2", 10}, {"C7-e-business", 5},
}};

// kEntryTypes order: project programme training conference website guideline toolkit.
constexpr std::array<unsigned, 7> kTypeWeights = {45, 15, 12, 7, 8, 7, 6};

// Countries in the order of how much each language's writers report from them (Zipf-like
// weights 1/(rank+1)); English continues with every other country as a long tail.
const std::array<std::vector<std::string_view>, 6> kCountryRanks = {{
    {"EGY", "SAU", "ARE", "JOR", "TUN", "MAR", "QAT", "OMN", "KWT", "BHR", "DZA", "LBN", "IRQ", "SDN", "PSE", "SYR",
     "LBY", "YEM", "MRT", "DJI", "SOM", "COM"},
    {"IND", "USA", "GBR", "NGA", "KEN", "PAK", "BGD", "PHL", "ZAF", "GHA", "UGA", "RWA", "TZA", "AUS", "CAN", "MYS",
     "IDN", "LKA", "NPL", "ZMB", "ZWE", "MWI", "JAM", "ETH", "SGP", "THA", "JPN", "KOR", "IRL", "NZL", "BWA", "NAM",
     "LBR", "SLE", "GMB", "TTO", "FJI", "PNG", "DEU", "NLD", "SWE", "FIN", "DNK", "NOR", "EST", "POL", "ITA", "PRT",
     "GRC", "TUR", "ISR", "VNM", "KHM", "MMR", "BTN", "MDV", "AFG", "IRN", "MNG", "BRA"},
    {"MEX", "COL", "ARG", "ESP", "CHL", "PER", "ECU", "BOL", "CRI", "URY", "PRY", "DOM", "GTM", "HND", "SLV", "NIC",
     "PAN", "VEN", "CUB", "GNQ"},
    {"FRA", "SEN", "CIV", "CMR", "MAR", "TUN", "BEN", "BFA", "COD", "MDG", "MLI", "NER", "TGO", "GIN", "CHE", "BEL",
     "CAN", "HTI", "GAB", "COG", "TCD", "CAF", "BDI", "MUS", "DJI", "LBN", "LUX", "MRT", "DZA", "COM", "SYC", "VUT",
     "MCO", "RWA"},
    {"RUS", "KAZ", "BLR", "UZB", "KGZ", "ARM", "AZE", "TJK", "TKM", "MDA"},
    {"CHN", "SGP", "MYS"},
}};
// Where international organisations of each language have their seat.
const std::array<std::vector<std::string_view>, 6> kSeats = {{
    {"EGY", "TUN", "SAU", "JOR", "LBN", "ARE", "QAT", "MAR"},
    {"CHE", "USA", "KEN", "THA", "ETH", "AUT", "ITA", "FRA", "GBR", "NLD", "ZAF", "PHL", "JPN"},
    {"CHL", "ESP", "CRI", "PAN", "URY", "MEX", "COL", "PER"},
    {"CHE", "FRA", "SEN", "CIV", "BEL", "CAN", "MAR", "TUN", "GAB"},
    {"RUS", "KAZ", "BLR", "KGZ", "ARM"},
    {"CHN", "THA", "SGP"},
}};

struct WeightedCountries {
  std::vector<const Country*> countries;
  std::vector<std::uint64_t> weights;
  const Country* draw(DemoRng& rng) const { return countries[rng.weighted(weights)]; }
};

WeightedCountries ranked(const std::vector<std::string_view>& codes, bool with_tail, std::uint64_t first_boost) {
  const auto& data = ReferenceData::instance();
  WeightedCountries out;
  std::set<std::string_view> listed(codes.begin(), codes.end());
  for (auto code : codes)
    if (const auto* c = data.country(code)) out.countries.push_back(c);
  if (with_tail)
    for (const auto& c : data.countries())
      if (!listed.count(c.iso3)) out.countries.push_back(&c);
  for (std::size_t r = 0; r < out.countries.size(); ++r) out.weights.push_back(1'000'000 / (r + 1));
  if (!out.weights.empty()) out.weights[0] *= first_boost;
  return out;
}

struct Tables {
  std::array<WeightedCountries, 6> countries, seats;
  std::map<std::string, std::vector<const Country*>> by_region;
};
const Tables& tables() {
  static const Tables kTables = [] {
    Tables t;
    for (std::size_t l = 0; l < 6; ++l) {
      // Chinese entries come overwhelmingly from China.
      t.countries[l] = ranked(kCountryRanks[l], l == kEn, l == kZh ? 12 : 1);
      t.seats[l] = ranked(kSeats[l], false, 1);
    }
    for (const auto& c : ReferenceData::instance().countries()) t.by_region[c.region].push_back(&c);
    return t;
  }();
  return kTables;
}

// ---- the first draws of every entry: who writes, when ---------------------------------------

struct Basics {
  std::size_t lang, stakeholder, slot;
  int year;
  std::int64_t created_ms;
};

std::size_t pool_of(std::size_t lang, std::size_t stakeholder) { return lang * kStakeholders.size() + stakeholder; }

Basics draw_basics(DemoRng& rng, const std::vector<std::uint64_t>& pool_sizes) {
  Basics b{};
  b.lang = rng.weighted(kLanguageWeights);
  b.stakeholder = rng.weighted(kStakeholderWeights);
  // A few organisations write many entries, most write a handful.
  b.slot = static_cast<std::size_t>(rng.skewed(pool_sizes[pool_of(b.lang, b.stakeholder)]));
  b.year = kFirstYear + static_cast<int>(rng.weighted(kYearWeights));
  std::int64_t first_day = days_from_civil(b.year, 1, 1);
  std::int64_t last_day = b.year == kLastYear ? days_from_civil(b.year, 9, 30) : days_from_civil(b.year, 12, 31);
  std::int64_t day = first_day + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(last_day - first_day + 1)));
  b.created_ms = day * kDayMs + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(kDayMs)));
  return b;
}

std::vector<std::uint64_t> pool_sizes_for(std::size_t entries) {
  std::vector<std::uint64_t> sizes(6 * kStakeholders.size());
  for (std::size_t l = 0; l < 6; ++l)
    for (std::size_t s = 0; s < kStakeholders.size(); ++s) {
      // About seven entries per organisation slot on average.
      std::uint64_t expected = static_cast<std::uint64_t>(entries) * kLanguageWeights[l] * kStakeholderWeights[s];
      sizes[pool_of(l, s)] = std::max<std::uint64_t>(1, (expected + 6'999'999) / 7'000'000);
    }
  return sizes;
}

// A later instant than `t`: `min_gap` plus up to `span` (ms), but never past the epoch.
std::int64_t later(DemoRng& rng, std::int64_t t, std::int64_t min_gap, std::int64_t span) {
  std::int64_t next = t + min_gap + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(span)));
  if (next >= kEpochMs) next = t + std::max<std::int64_t>(1, (kEpochMs - t) / 2);
  return next;
}

std::string status_on(std::int64_t day, std::int64_t start, std::optional<std::int64_t> end) {
  if (start > day) return "planned";
  if (end && *end < day) return "completed";
  return "ongoing";
}

std::size_t target_rank(const std::string& code) {
  const auto& data = ReferenceData::instance();
  const auto* t = data.target(code);
  return t ? static_cast<std::size_t>(t - data.targets().data()) : SIZE_MAX;
}

std::string lower_ascii(std::string text) {
  for (auto& ch : text)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return text;
}

}  // namespace

// ---- the plan --------------------------------------------------------------------------------


DemoPlan::DemoPlan(std::uint64_t seed, std::size_t entries) : seed_(seed), pool_sizes_(pool_sizes_for(entries)) {
  const auto& pool_sizes = pool_sizes_;
  std::vector<Basics> basics(entries);
  for (std::size_t i = 0; i < entries; ++i) {
    DemoRng rng(mix(seed, i));
    basics[i] = draw_basics(rng, pool_sizes);
  }
  order_.resize(entries);
  for (std::size_t i = 0; i < entries; ++i) order_[i] = static_cast<std::uint32_t>(i);
  std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return basics[a].created_ms != basics[b].created_ms ? basics[a].created_ms < basics[b].created_ms : a < b;
  });

  // Organisations are made when their first entry comes, so they are in the order of their
  // first entry; two slots that draw the same name are one organisation (a ministry).
  std::vector<std::vector<std::int32_t>> slot_org(pool_sizes.size());
  for (std::size_t p = 0; p < pool_sizes.size(); ++p) slot_org[p].assign(pool_sizes[p], -1);
  std::map<std::string, std::uint32_t> by_name;
  organisation_.resize(entries);
  const auto& t = tables();
  for (std::uint32_t i : order_) {
    const Basics& b = basics[i];
    auto pool = pool_of(b.lang, b.stakeholder);
    auto& org = slot_org[pool][b.slot];
    if (org < 0) {
      DemoRng rng(mix(seed ^ 0x6f7267616e697361ULL, pool * 0x100000000ULL + b.slot));
      bool international = kStakeholders[b.stakeholder] == "international-organization";
      const Country* country = international ? t.seats[b.lang].draw(rng) : t.countries[b.lang].draw(rng);
      DemoOrganisation o;
      o.name = organisation_name(kStakeholders[b.stakeholder], *country, static_cast<Lang>(b.lang), rng);
      auto [it, inserted] = by_name.emplace(o.name, static_cast<std::uint32_t>(organisations_.size()));
      if (inserted) {
        o.language = std::string(kLanguages[b.lang]);
        o.stakeholder_type = std::string(kStakeholders[b.stakeholder]);
        o.country = country->iso3;
        // Registered some weeks to two years before its first entry.
        std::int64_t lead = (30 + static_cast<std::int64_t>(rng.below(700))) * kDayMs;
        o.created_at = std::max(b.created_ms - lead, days_from_civil(2003, 1, 1) * kDayMs);
        organisations_.push_back(std::move(o));
        contact_seed_.push_back(rng.next());
      }
      org = static_cast<std::int32_t>(it->second);
    }
    organisation_[i] = static_cast<std::uint32_t>(org);
  }
}

DemoEntry DemoPlan::entry(std::size_t k) const {
  const auto& data = ReferenceData::instance();
  const auto& t = tables();
  const std::uint32_t i = order_.at(k);
  DemoRng rng(mix(seed_, i));
  const Basics b = draw_basics(rng, pool_sizes_);
  const Lang lang = static_cast<Lang>(b.lang);
  DemoEntry entry;
  entry.organisation = organisation_[i];
  const DemoOrganisation& org = organisations_[entry.organisation];
  const Country* home = data.country(org.country);

  // What: type, kind, action lines, topic, beneficiaries.
  std::size_t type = rng.weighted(kTypeWeights);
  Concept idea;
  idea.kind = type * kKindsPerType + rng.below(kKindsPerType);
  std::array<unsigned, kPrimaryLines.size()> line_weights{};
  for (std::size_t l = 0; l < kPrimaryLines.size(); ++l) line_weights[l] = kPrimaryLines[l].weight;
  std::string primary(kPrimaryLines[rng.weighted(line_weights)].code);
  const auto& line_topics = topics_of_line(primary);
  idea.topic = line_topics[rng.below(line_topics.size())];
  const TopicInfo& topic = topic_info(idea.topic);
  idea.action_line = primary;
  std::set<std::string> lines{primary};
  std::size_t secondary = rng.weighted(std::array<unsigned, 3>{55, 35, 10});
  std::array<unsigned, kSecondaryLines.size()> secondary_weights{};
  for (std::size_t l = 0; l < kSecondaryLines.size(); ++l) secondary_weights[l] = kSecondaryLines[l].weight;
  for (std::size_t n = 0; n < secondary; ++n) lines.insert(std::string(kSecondaryLines[rng.weighted(secondary_weights)].code));
  if (!topic.beneficiaries.empty() && rng.chance(700))
    idea.beneficiary = topic.beneficiaries[rng.below(topic.beneficiaries.size())];

  // Where: mostly the organisation's own country.
  std::vector<std::string> countries;
  bool international = org.stakeholder_type == "international-organization";
  std::size_t where = international ? rng.weighted(std::array<unsigned, 4>{20, 25, 20, 35})
                                    : rng.weighted(std::array<unsigned, 4>{80, 10, 5, 5});
  // 0: one country; 1: several in one region; 2: several anywhere; 3: global.
  if (where == 0) {
    const Country* c = international || rng.chance(60) ? t.countries[b.lang].draw(rng) : home;
    idea.place.kind = Place::in_country;
    idea.place.country = c;
    countries.push_back(c->iso3);
  } else if (where == 1 || where == 2) {
    std::set<const Country*> chosen;
    if (!international) chosen.insert(home);
    std::string region = where == 1 ? home->region : std::string{};
    std::size_t count = 2 + rng.below(where == 1 ? 3 : 6);
    for (std::size_t n = 0; chosen.size() < count && n < 4 * count; ++n) {
      const Country* c = nullptr;
      if (where == 1) {
        const auto& in_region = t.by_region.at(region);
        c = in_region[rng.below(in_region.size())];
      } else {
        c = t.countries[b.lang].draw(rng);
      }
      chosen.insert(c);
    }
    std::set<std::string> regions;
    for (const auto* c : chosen) {
      countries.push_back(c->iso3);
      regions.insert(c->region);
      idea.place.countries.push_back(c);
    }
    std::sort(idea.place.countries.begin(), idea.place.countries.end(),
              [](const Country* a, const Country* b) { return a->iso3 < b->iso3; });
    if (chosen.size() == 1) {
      idea.place.kind = Place::in_country;
      idea.place.country = *chosen.begin();
    } else if (regions.size() == 1) {
      idea.place.kind = Place::in_region;
      idea.place.region = *regions.begin();
    } else {
      idea.place.kind = Place::in_several;
    }
  } else {
    idea.place.kind = Place::worldwide;
    countries.push_back(std::string(kGlobal));
  }
  std::sort(countries.begin(), countries.end());
  // A national programme or conference is held in one country.
  if (idea.place.kind != Place::in_country) {
    if (idea.kind == 3) idea.kind = 5;   // national programme -> multi-year programme
    if (idea.kind == 10) idea.kind = 9;  // national conference -> regional forum
  }

  // Which SDGs: the topic's targets, and those of the people it serves.
  std::set<std::string> targets{std::string(topic.targets.front())};
  for (std::size_t n = 1; n < topic.targets.size(); ++n)
    if (rng.chance(500)) targets.insert(std::string(topic.targets[n]));
  if (idea.beneficiary >= 0 && !beneficiary_target(idea.beneficiary).empty() && rng.chance(600))
    targets.insert(std::string(beneficiary_target(idea.beneficiary)));
  std::set<int> goals;
  for (const auto& code : targets) goals.insert(data.target(code)->goal);
  if (rng.chance(100)) goals.insert(17);  // partnerships, named without a target
  idea.goal = data.target(std::string(topic.targets.front()))->goal;
  std::vector<std::string> sorted_targets(targets.begin(), targets.end());
  std::sort(sorted_targets.begin(), sorted_targets.end(),
            [](const std::string& a, const std::string& b) { return target_rank(a) < target_rank(b); });

  // When: dates around the time of reporting.
  const std::int64_t created_day = b.created_ms / kDayMs;
  const std::string_view type_name = kEntryTypes[type];
  std::int64_t start;
  if (rng.chance(110)) start = created_day + 15 + static_cast<std::int64_t>(rng.below(225));
  else if (type_name == "conference") start = created_day - static_cast<std::int64_t>(rng.below(60));
  else start = created_day - static_cast<std::int64_t>(rng.skewed(1100));
  std::int64_t duration = 0;  // days; 0: open-ended
  if (type_name == "project") duration = rng.chance(100) ? 0 : 180 + static_cast<std::int64_t>(rng.below(1280));
  else if (type_name == "programme") duration = rng.chance(250) ? 0 : 730 + static_cast<std::int64_t>(rng.below(1825));
  else if (type_name == "training") duration = 1 + static_cast<std::int64_t>(rng.below(120));
  else if (type_name == "conference") duration = 1 + static_cast<std::int64_t>(rng.below(3));
  else if (type_name == "website") duration = rng.chance(850) ? 0 : 365 + static_cast<std::int64_t>(rng.below(1460));
  else if (type_name == "guideline") duration = rng.chance(700) ? 0 : 30 + static_cast<std::int64_t>(rng.below(335));
  else duration = rng.chance(600) ? 0 : 180 + static_cast<std::int64_t>(rng.below(915));
  std::optional<std::int64_t> end;
  if (duration) end = start + duration - 1;

  // How it is told.
  idea.title_variant = static_cast<unsigned>(rng.below(3));
  idea.intro_variant = static_cast<unsigned>(rng.below(3));
  if (rng.chance(550)) {
    while (idea.activities.size() < 3) {
      std::size_t a = rng.below(activity_count());
      if (std::find(idea.activities.begin(), idea.activities.end(), a) == idea.activities.end())
        idea.activities.push_back(a);
    }
  }
  std::size_t partner_total = rng.weighted(std::array<unsigned, 4>{25, 35, 30, 10});
  int usual = usual_partner(primary);
  if (partner_total && usual >= 0 && rng.chance(600)) idea.partners.push_back(static_cast<std::size_t>(usual));
  while (idea.partners.size() < partner_total) {
    std::size_t p = rng.below(partner_count());
    if (std::find(idea.partners.begin(), idea.partners.end(), p) == idea.partners.end())
      idea.partners.push_back(p);
  }
  idea.link_sentence = rng.chance(750);
  // Five sentences at most: Russian names the place in a sentence of its own.
  if (lang == kRu && !idea.activities.empty() && !idea.partners.empty()) idea.link_sentence = false;
  bool people = idea.beneficiary < 0 || beneficiary_is_people(idea.beneficiary);
  static constexpr std::array<std::int64_t, 4> kMagnitudes = {1, 10, 100, 1000};
  std::size_t magnitude = people ? 1 + rng.weighted(std::array<unsigned, 3>{45, 40, 15})
                                 : rng.weighted(std::array<unsigned, 3>{40, 50, 10});
  idea.reached = (10 + static_cast<std::int64_t>(rng.below(90))) * kMagnitudes[magnitude];
  idea.start_year = civil_from_days(start).year;
  idea.end_year = end ? civil_from_days(*end).year : 0;

  // The fields.
  auto content_on = [&](std::int64_t day, std::optional<std::int64_t> end_day) {
    Concept c = idea;
    c.status = status_on(day, start, end_day);
    c.end_year = end_day ? civil_from_days(*end_day).year : 0;
    EntryContent content;
    content.type = std::string(type_name);
    content.title = render_title(c, lang);
    content.description = render_description(c, lang);
    content.language = std::string(kLanguages[lang]);
    content.countries = countries;
    content.action_lines.assign(lines.begin(), lines.end());
    content.primary_action_line = primary;
    content.sdg_goals.assign(goals.begin(), goals.end());
    content.sdg_targets = sorted_targets;
    content.start_date = iso_date(start);
    if (end_day) content.end_date = iso_date(*end_day);
    content.project_status = c.status;
    content.beneficiaries = render_beneficiaries(c, lang);
    content.impact = render_impact(c, lang);
    content.partners = render_partners(c, lang);
    content.reporting_year = b.year;
    return std::make_pair(content, c);
  };
  auto [first, first_idea] = content_on(created_day, end);

  // Translations into one or two other languages, for about one entry in eight.
  if (rng.chance(130)) {
    std::vector<Lang> into;
    into.push_back(lang != kEn && rng.chance(700) ? kEn : (rng.chance(500) ? kFr : kEs));
    if (into[0] == lang) into[0] = kEn;
    if (rng.chance(250)) {
      static constexpr std::array<Lang, 6> kAll = {kAr, kEn, kEs, kFr, kRu, kZh};
      Lang second = kAll[rng.below(kAll.size())];
      if (second != lang && second != into[0]) into.push_back(second);
    }
    bool with_description = rng.chance(850);
    for (Lang l : into) {
      Translation translation{std::string(kLanguages[l]), render_title(first_idea, l),
                              with_description ? render_description(first_idea, l) : std::string{}};
      first.translations.push_back(std::move(translation));
    }
    std::sort(first.translations.begin(), first.translations.end(),
              [](const Translation& a, const Translation& b) { return a.lang < b.lang; });
  }
  if (rng.chance(550)) {
    std::string place = idea.place.kind == Place::in_country ? lower_ascii(idea.place.country->iso2)
                        : idea.place.kind == Place::in_region ? idea.place.region
                                                              : std::string("global");
    first.website = "https://" + std::string(topic.slug) + "-" + place + ".example.org/" + first.language + "/";
  }
  {
    DemoRng usual_contact(contact_seed_[entry.organisation]);
    Person person = rng.chance(700) ? person_name(static_cast<Lang>(language_index(org.language)), usual_contact)
                                    : person_name(lang, rng);
    first.contact.name = person.name;
    first.contact.email = person.email;
  }

  // The workflow: mostly published; drafts and submissions are mostly recent, archives old.
  bool recent = b.year >= 2025;
  std::size_t state = recent ? rng.weighted(std::array<unsigned, 6>{80, 100, 40, 760, 20, 0})
                             : rng.weighted(std::array<unsigned, 6>{15, 15, 10, 850, 25, 85});
  EntryRecord& r = entry.record;
  r.stakeholder_type = org.stakeholder_type;
  r.created_at = b.created_ms;
  r.current_revision = 1;
  entry.revisions.push_back(first);
  entry.revision_times.push_back(b.created_ms);
  std::string current = "draft", pending;
  std::int64_t now = b.created_ms;
  auto move = [&](std::string action, std::string to, std::string to_pending, std::string comment) {
    std::string from = current + (pending.empty() ? "" : "+" + pending);
    current = std::move(to);
    pending = std::move(to_pending);
    entry.transitions.push_back(DemoTransition{std::move(action), std::move(from),
                                               current + (pending.empty() ? "" : "+" + pending), r.current_revision,
                                               now, std::move(comment)});
  };
  entry.transitions.push_back(DemoTransition{"create", "", "draft", 1, now, ""});
  const std::string_view target_state = kEntryStates[state];
  if (target_state != "draft") {
    now = later(rng, now, 3'600'000, 20 * kDayMs);
    move("submit", "submitted", "", "");
  }
  if (target_state == "returned") {
    now = later(rng, now, 3'600'000, 14 * kDayMs);
    move("return", "returned", "", render_return_comment(rng.below(4), lang));
  }
  bool publish = target_state == "published" || target_state == "archived" ||
                 (target_state == "withdrawn" && rng.chance(500));
  if (publish) {
    now = later(rng, now, 3'600'000, 30 * kDayMs);
    move("publish", "published", "", "");
    r.published_revision = 1;
    r.published_at = now;
  }
  if (target_state == "published") {
    if (rng.chance(first.project_status == "completed" ? 90 : 30)) {
      now = later(rng, now, 30 * kDayMs, 370 * kDayMs);
      move("mark_success", "published", "", "");
      r.status.success_story = true;
    }
    std::size_t edit = rng.weighted(std::array<unsigned, 3>{970, 20, 10});  // none, pending, returned
    if (edit) {
      // An edit of the published entry waits for a moderator; the published revision stays.
      now = later(rng, now, 60 * kDayMs, 840 * kDayMs);
      std::int64_t edit_day = now / kDayMs;
      std::optional<std::int64_t> new_end = end;
      if (end) new_end = std::max(*end, edit_day) + 180 + static_cast<std::int64_t>(rng.below(720));
      auto [second, second_idea] = content_on(edit_day, new_end);
      second.translations = first.translations;
      second.website = first.website;
      second.contact = first.contact;
      second.description += "\n\n" + render_update_note(civil_from_days(edit_day).year, lang);
      entry.revisions.push_back(std::move(second));
      entry.revision_times.push_back(now);
      r.current_revision = 2;
      r.pending_revision = 2;
      pending = "pending";
      ++r.version;  // the edit itself
      if (edit == 2) {
        now = later(rng, now, 3'600'000, 20 * kDayMs);
        move("return", "published", "returned", render_return_comment(rng.below(4), lang));
      }
    }
  }
  if (target_state == "withdrawn") {
    now = later(rng, now, 7 * kDayMs, 900 * kDayMs);
    move("withdraw", "withdrawn", "", "");
  }
  if (target_state == "archived") {
    now = later(rng, now, 180 * kDayMs, 2500 * kDayMs);
    move("archive", "archived", "", "");
  }
  r.status.state = current;
  r.status.pending_state = pending;
  r.version += static_cast<std::int64_t>(entry.transitions.size());  // one per write, "create" included
  r.updated_at = now;
  entry.topic = idea.topic;
  entry.beneficiary = idea.beneficiary;
  return entry;
}

// ---- writing ---------------------------------------------------------------------------------

Result<std::int64_t> count_entries(db::Database& database) {
  WSIS_ASSIGN(auto connection, database.connect());
  auto s = connection->prepare("SELECT COUNT(*) FROM entries");
  WSIS_ASSIGN(bool row, s->step());
  return row ? s->int64(0) : 0;
}

Result<DemoSummary> load_demo(db::Database& database, const DemoPlan& plan, const LoadOptions& options) {
  DemoSummary summary;
  std::vector<std::int64_t> organisation_ids(plan.organisations().size(), 0);
  const std::size_t batch = std::max<std::size_t>(1, options.batch);
  auto make = [&plan](std::size_t from, std::size_t to) {
    std::vector<DemoEntry> entries;
    entries.reserve(to - from);
    for (std::size_t k = from; k < to; ++k) entries.push_back(plan.entry(k));
    return entries;
  };
  // The next batch is made on another thread while this one is written: making the texts costs
  // about as much as writing them.
  std::future<std::vector<DemoEntry>> next;
  if (plan.size()) next = std::async(std::launch::async, make, 0, std::min(batch, plan.size()));
  for (std::size_t from = 0; from < plan.size(); from += batch) {
    std::size_t to = std::min(from + batch, plan.size());
    std::vector<DemoEntry> entries = next.get();
    if (to < plan.size()) next = std::async(std::launch::async, make, to, std::min(to + batch, plan.size()));
    auto written = db::with_transaction(database, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
      // A batch touches pages all over the indexes; a large page cache keeps each dirty page in
      // memory until the commit writes it once (the default 2 MB spills and rewrites them).
      if (c.dialect() == db::Dialect::sqlite) WSIS_TRY(c.execute_script("PRAGMA cache_size = -262144"));
      if (from == 0) {
        auto s = c.prepare("SELECT COUNT(*) FROM entries");
        WSIS_ASSIGN(bool row, s->step());
        std::int64_t existing = row ? s->int64(0) : 0;
        if (existing > 0)
          return make_error(ErrorCode::conflict, "the database already has " + std::to_string(existing) + " entries");
      }
      for (auto& entry : entries) {
        auto& organisation_id = organisation_ids[entry.organisation];
        if (!organisation_id) {
          const auto& o = plan.organisations()[entry.organisation];
          WSIS_ASSIGN(auto ref, accounts::insert_organisation(c, o.name, o.stakeholder_type, o.country, 0, o.created_at));
          organisation_id = ref.id;
          ++summary.organisations;
        }
        entry.record.organisation_id = organisation_id;
        WSIS_ASSIGN(std::int64_t id, store::insert_entry(c, entry.record));
        entry.record.id = id;
        for (std::size_t n = 0; n < entry.revisions.size(); ++n)
          WSIS_TRY(store::save_revision(c, id, static_cast<std::int64_t>(n + 1), entry.revisions[n], 0,
                                        entry.revision_times[n]));
        WSIS_TRY(store::write_projection(c, id, entry.visible()));
        for (const auto& t : entry.transitions)
          WSIS_TRY(store::record_transition(c, id, t.action, t.from_state, t.to_state, t.revision, 0, t.at_ms, t.comment));
        WSIS_TRY(store::announce(c, id, "create", entry.record, 0, entry.record.updated_at));
        if (!summary.first_id) summary.first_id = id;
        summary.last_id = id;
      }
      return Ok{};
    });
    if (!written) {
      if (next.valid()) next.wait();
      return std::move(written).error();
    }
    for (const auto& entry : entries) {
      auto state = std::find(kEntryStates.begin(), kEntryStates.end(), entry.record.status.state);
      ++summary.by_state[static_cast<std::size_t>(state - kEntryStates.begin())];
    }
    summary.entries = to;
    if (options.progress) options.progress(to);
  }
  return summary;
}

}  // namespace wsis::stocktaking::demo
