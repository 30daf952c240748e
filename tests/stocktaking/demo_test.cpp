// The demo generator: deterministic, valid, realistic in its proportions; and `wsis demo`
// against the real binary and API.
#include "stocktaking/demo.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "core/clock.h"
#include "reference/reference_data.h"
#include "stocktaking/entry.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace json = boost::json;

namespace wsis::stocktaking::demo {
namespace {

// Everything the generator decides for the first `count` entries, as text.
std::string dump(const DemoPlan& plan, std::size_t count) {
  std::string out;
  for (const auto& o : plan.organisations())
    out += o.name + "|" + o.language + "|" + o.stakeholder_type + "|" + o.country + "|" + std::to_string(o.created_at) + "\n";
  for (std::size_t k = 0; k < count; ++k) {
    DemoEntry e = plan.entry(k);
    const auto& r = e.record;
    out += std::to_string(e.organisation) + "|" + r.status.state + "|" + r.status.pending_state + "|" +
           std::to_string(r.version) + "|" + std::to_string(r.created_at) + "|" + std::to_string(r.updated_at) + "|" +
           std::to_string(r.published_at.value_or(-1)) + "|" + std::to_string(r.status.success_story) + "\n";
    for (const auto& content : e.revisions) out += json::serialize(content_to_json(content, true)) + "\n";
    for (const auto& t : e.transitions)
      out += t.action + ">" + t.to_state + "@" + std::to_string(t.at_ms) + ":" + t.comment + "\n";
  }
  return out;
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

// content_to_json as an API client would send it back: without the derived "regions" and
// without the empty optional fields (which the API reads as "not given").
json::object as_input(json::object o) {
  o.erase("regions");
  for (auto it = o.begin(); it != o.end();) {
    if (it->value().is_null() || (it->value().is_string() && it->value().as_string().empty())) it = o.erase(it);
    else ++it;
  }
  if (auto* contact = o.if_contains("contact"); contact && contact->is_object()) {
    auto& c = contact->as_object();
    for (auto it = c.begin(); it != c.end();) {
      if (it->value().as_string().empty()) it = c.erase(it);
      else ++it;
    }
  }
  return o;
}

std::string day_of(std::int64_t ms) { return format_timestamp(ms).substr(0, 10); }

TEST(DemoGenerator, SameSeedGivesTheSameData) {
  DemoPlan a(7, 1500), b(7, 1500), c(8, 1500);
  std::string dump_a = dump(a, 1500);
  EXPECT_EQ(dump_a, dump(b, 1500));
  EXPECT_NE(dump_a, dump(c, 1500)) << "another seed, other data";
  // An entry does not depend on which entries were made before it.
  EXPECT_EQ(json::serialize(content_to_json(a.entry(1234).revisions[0], true)),
            json::serialize(content_to_json(DemoPlan(7, 1500).entry(1234).revisions[0], true)));
  // The same everywhere: a fingerprint of seed 1's first entries. It changes when the
  // generator's vocabulary or rules change on purpose (then update it), never between
  // platforms or standard libraries: the generator uses no std distributions, clocks or hashes.
  EXPECT_EQ(fnv1a(dump(DemoPlan(1, 300), 300)), 6607404426287991448ULL);
}

TEST(DemoGenerator, EveryRevisionIsValidInputAndConsistent) {
  DemoPlan plan(3, 2000);
  std::size_t checked = 0;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    DemoEntry e = plan.entry(k);
    ASSERT_FALSE(e.revisions.empty());
    ASSERT_EQ(e.revisions.size(), e.revision_times.size());
    for (std::size_t n = 0; n < e.revisions.size(); ++n) {
      const auto& content = e.revisions[n];
      auto original = content_to_json(content, true);
      auto parsed = parse_entry_content(as_input(original), 2026);
      ASSERT_TRUE(parsed.ok()) << "entry " << k << " revision " << n + 1 << ": " << parsed.error().detail << "\n"
                               << json::serialize(original);
      // Already in the normal form the API stores (sorted codes, goals of the targets, NFC).
      EXPECT_EQ(json::serialize(content_to_json(*parsed, true)), json::serialize(original)) << "entry " << k;
      // The status is what the dates said when the revision was written.
      std::string day = day_of(e.revision_times[n]);
      ASSERT_TRUE(content.start_date);
      if (content.project_status == "planned") {
        EXPECT_GT(*content.start_date, day) << k;
      } else {
        EXPECT_LE(*content.start_date, day) << k;
      }
      if (content.project_status == "completed") {
        EXPECT_TRUE(content.end_date && *content.end_date < day) << k;
      }
      if (content.project_status == "ongoing") {
        EXPECT_TRUE(!content.end_date || *content.end_date >= day) << k;
      }
      EXPECT_NE(content.contact.email.find("@example.org"), std::string::npos);
      ++checked;
    }
    // The history is in order, within the demo's time span, and matches the record.
    const auto& r = e.record;
    ASSERT_FALSE(e.transitions.empty());
    EXPECT_EQ(e.transitions.front().action, "create");
    EXPECT_EQ(e.transitions.front().at_ms, r.created_at);
    for (std::size_t t = 1; t < e.transitions.size(); ++t) {
      EXPECT_GE(e.transitions[t].at_ms, e.transitions[t - 1].at_ms) << k;
      // An edit of a published entry is no transition, but leaves a pending revision.
      const auto& before = e.transitions[t - 1].to_state;
      EXPECT_TRUE(e.transitions[t].from_state == before ||
                  (before == "published" && e.transitions[t].from_state == "published+pending"))
          << k << ": " << before << " then " << e.transitions[t].from_state;
    }
    EXPECT_LE(r.updated_at, 1'795'132'800'000) << "after 2026-11-20";
    EXPECT_EQ(r.published_at.has_value(), r.published_revision.has_value());
    EXPECT_EQ(r.current_revision, static_cast<std::int64_t>(e.revisions.size()));
    EXPECT_EQ(r.pending_revision.has_value(), !r.status.pending_state.empty());
    if (r.status.state == "returned" || r.status.pending_state == "returned") {
      EXPECT_FALSE(e.transitions.back().comment.empty()) << "a return says why";
    }
  }
  EXPECT_GE(checked, 2000u);
}

TEST(DemoGenerator, ProportionsAreRealistic) {
  const std::size_t n = 20000;
  DemoPlan plan(11, n);
  std::map<std::string, double> languages, stakeholders, states, lines, regions;
  std::map<std::string, std::size_t> countries;
  std::map<int, std::size_t> years;
  std::map<std::size_t, std::size_t> per_organisation;
  std::size_t translated = 0, multi_line = 0;
  const auto& data = reference::ReferenceData::instance();
  for (std::size_t k = 0; k < n; ++k) {
    DemoEntry e = plan.entry(k);
    const auto& c = e.visible();
    languages[c.language] += 1.0 / n;
    stakeholders[e.record.stakeholder_type] += 1.0 / n;
    states[e.record.status.state] += 1.0 / n;
    lines[c.primary_action_line] += 1.0 / n;
    for (const auto& region : c.regions()) regions[region] += 1.0 / n;
    for (const auto& country : c.countries) ++countries[country];
    ++years[c.reporting_year];
    ++per_organisation[e.organisation];
    if (!c.translations.empty()) ++translated;
    if (c.action_lines.size() > 1) ++multi_line;
    EXPECT_EQ(plan.organisations()[e.organisation].language, c.language) << "organisations write in their language";
  }
  const std::map<std::string, double> kLanguages = {{"en", .45}, {"fr", .15}, {"es", .15},
                                                    {"ar", .10}, {"ru", .08}, {"zh", .07}};
  for (const auto& [lang, share] : kLanguages) EXPECT_NEAR(languages[lang], share, 0.02) << lang;
  const std::map<std::string, double> kStakeholders = {
      {"government", .30},         {"civil-society", .25}, {"private-sector", .17}, {"academia", .12},
      {"international-organization", .08}, {"technical-community", .05}, {"other", .03}};
  for (const auto& [type, share] : kStakeholders) EXPECT_NEAR(stakeholders[type], share, 0.04) << type;

  for (auto state : kEntryStates) EXPECT_GT(states[std::string(state)], 0.005) << state << " present";
  EXPECT_GT(states["published"], 0.75);
  EXPECT_LT(states["published"], 0.92);

  double c7_sublines = 0;
  for (const auto& [line, share] : lines)
    if (line.rfind("C7-", 0) == 0) c7_sublines += share;
  EXPECT_GT(c7_sublines, 0.35) << "C7 sub-lines common";
  EXPECT_GT(lines["C10"], 0.0);
  EXPECT_LT(lines["C10"], 0.02) << "C10 rare";
  EXPECT_EQ(lines.size(), data.action_lines().size()) << "every action line used";
  EXPECT_GT(multi_line, n / 4);

  for (int year = 2005; year <= 2026; ++year) EXPECT_GT(years[year], 0u) << year;
  EXPECT_EQ(years.begin()->first, 2005);
  EXPECT_EQ(years.rbegin()->first, 2026);
  EXPECT_GT(years[2015], 2 * years[2007]) << "WSIS+10 year busier than a quiet year";

  // Zipf-like: a few countries carry much, every country some.
  std::vector<std::size_t> sizes;
  for (const auto& [code, count] : countries)
    if (code != kGlobal) sizes.push_back(count);
  std::sort(sizes.rbegin(), sizes.rend());
  EXPECT_GE(sizes.size(), 150u);
  EXPECT_GT(sizes[0], n / 20);
  EXPECT_GT(sizes[0], 15 * sizes[sizes.size() / 2]);
  EXPECT_GT(countries[std::string(kGlobal)], n / 50);
  EXPECT_EQ(regions.size(), 6u);
  for (const auto& [region, share] : regions) EXPECT_GT(share, 0.05) << region;

  // Organisations have several entries each; some have many.
  std::size_t single = 0, large = 0;
  for (const auto& [organisation, count] : per_organisation) {
    single += count == 1;
    large += count >= 30;
  }
  EXPECT_EQ(per_organisation.size(), plan.organisations().size());
  EXPECT_GT(static_cast<double>(n) / static_cast<double>(per_organisation.size()), 5.0);
  EXPECT_LT(single * 5, per_organisation.size());
  EXPECT_GE(large, 10u);
  EXPECT_GT(translated, n / 14);
  EXPECT_LT(translated, n / 5);
}

TEST(DemoGenerator, TextsAreInTheirLanguage) {
  DemoPlan plan(5, 3000);
  std::map<std::string, std::size_t> seen;
  std::set<std::string> titles;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    DemoEntry e = plan.entry(k);
    const auto& c = e.revisions[0];
    ++seen[c.language];
    titles.insert(c.title);
    if (c.language == "ar") {
      EXPECT_NE(c.title.find("\xd8"), std::string::npos) << "Arabic script: " << c.title;
    } else if (c.language == "zh") {
      EXPECT_EQ(c.description.find("The "), std::string::npos) << c.description;
    } else if (c.language == "ru") {
      EXPECT_NE(c.description.find("\xd0"), std::string::npos) << "Cyrillic: " << c.description;
    }
    // A little Markdown: bold partners, italic titles, lists.
    EXPECT_EQ(c.description.find("\n\n\n"), std::string::npos);
    for (const auto& t : c.translations) EXPECT_NE(t.lang, c.language);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_GT(titles.size(), plan.size() * 9 / 10) << "titles vary";
}

// ---- the command ---------------------------------------------------------------------------

using wsis::testing::HttpClient;
using wsis::testing::TestServer;

json::value get_json(HttpClient& client, const std::string& target) {
  auto response = client.get(target);
  EXPECT_EQ(response.status, 200) << target << ": " << response.body;
  return response.json();
}

std::map<std::string, std::int64_t> facet(const json::value& body, const std::string& name) {
  std::map<std::string, std::int64_t> out;
  for (const auto& v : body.at("facets").at(name).as_array())
    out[std::string(v.at("value").as_string())] = v.at("count").as_int64();
  return out;
}

TEST(DemoCommand, FillsAnEmptyDatabaseAndRefusesAFullOne) {
  TestServer server;
  std::string out;
  ASSERT_EQ(server.run_command({"demo", "--entries", "400", "--seed", "5"}, &out), 0) << out;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(out, match, std::regex("demo: 400 entries \\(.* (\\d+) published,"))) << out;
  const std::int64_t published = std::stoll(match[1]);
  EXPECT_GT(published, 300);

  // The server follows the change feed within a quarter of a second.
  HttpClient client(server.port());
  json::value facets;
  for (int attempt = 0; attempt < 50; ++attempt) {
    facets = get_json(client, "/api/v1/entries/facets");
    if (facets.at("total").as_int64() == published) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(facets.at("total").as_int64(), published);
  EXPECT_EQ(facet(facets, "language").size(), 6u);
  EXPECT_EQ(facet(facets, "region").size(), 6u);
  EXPECT_GE(facet(facets, "action_line").size(), 15u);

  auto list = get_json(client, "/api/v1/entries?language=ar&limit=5");
  const auto& items = list.at("items").as_array();
  ASSERT_FALSE(items.empty());
  for (const auto& item : items) {
    EXPECT_EQ(item.at("state").as_string(), "published");
    EXPECT_EQ(item.at("language").as_string(), "ar");
  }
  auto id = items[0].at("id").as_int64();
  auto entry = get_json(client, "/api/v1/entries/" + std::to_string(id));
  EXPECT_FALSE(entry.at("title").as_string().empty());
  EXPECT_FALSE(entry.as_object().contains("contact")) << "contacts are not public";

  // A database with entries is left alone.
  out.clear();
  EXPECT_EQ(server.run_command({"demo", "--entries", "10", "--seed", "6"}, &out), 3) << out;
  EXPECT_NE(out.find("already has 400 entries"), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(server.run_command({"demo", "--entries", "10", "--if-empty"}, &out), 0) << out;
  EXPECT_EQ(get_json(client, "/api/v1/entries/facets").at("total").as_int64(), published);
  EXPECT_EQ(server.run_command({"demo", "--entries", "0"}, &out), 2);
}

}  // namespace
}  // namespace wsis::stocktaking::demo
