#include "search/judged_set.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "stocktaking/demo.h"
#include "stocktaking/demo_texts.h"

namespace json = boost::json;

namespace wsis::testing {

namespace {

std::set<std::string> strings(const json::object& o, const char* key) {
  std::set<std::string> out;
  if (const auto* list = o.if_contains(key))
    for (const auto& v : list->as_array()) out.insert(std::string(v.as_string()));
  return out;
}

std::set<int> ints(const json::object& o, const char* key) {
  std::set<int> out;
  if (const auto* list = o.if_contains(key))
    for (const auto& v : list->as_array()) out.insert(static_cast<int>(v.as_int64()));
  return out;
}

bool any_of(const std::vector<std::string>& values, const std::set<std::string>& wanted) {
  return std::any_of(values.begin(), values.end(), [&](const auto& v) { return wanted.count(v) > 0; });
}

}  // namespace

JudgedSet load_judged_set(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  json::object root = json::parse(text.str()).as_object();
  JudgedSet set;
  set.entries = static_cast<std::size_t>(root.at("corpus").at("entries").as_int64());
  set.seed = static_cast<std::uint64_t>(root.at("corpus").at("seed").as_int64());

  // Every published entry of the corpus, as the generator made it.
  stocktaking::demo::DemoPlan plan(set.seed, set.entries);
  std::vector<stocktaking::demo::DemoEntry> entries;
  entries.reserve(set.entries);
  for (std::size_t k = 0; k < set.entries; ++k) {
    entries.push_back(plan.entry(k));
    if (entries.back().record.status.state == "published" && set.samples.size() < 5 && k % 97 == 0)
      set.samples.emplace_back(static_cast<std::int64_t>(k + 1), entries.back().visible().title);
  }

  for (const auto& item : root.at("queries").as_array()) {
    const auto& o = item.as_object();
    JudgedQuery query;
    query.lang = std::string(o.at("lang").as_string());
    query.q = std::string(o.at("q").as_string());
    auto topics = strings(o, "topics");
    auto action_lines = strings(o, "action_lines");
    auto goals = ints(o, "goals");
    auto beneficiaries = strings(o, "beneficiaries");
    auto countries = strings(o, "countries");
    if (topics.empty() && action_lines.empty() && goals.empty())
      throw std::runtime_error("query '" + query.q + "' names no topic, action line or goal");
    for (const auto& topic : topics) {
      bool known = false;
      for (std::size_t t = 0; t < stocktaking::demo::topic_count(); ++t)
        known = known || stocktaking::demo::topic_info(t).slug == topic;
      if (!known) throw std::runtime_error("unknown topic '" + topic + "' in query '" + query.q + "'");
    }
    for (std::size_t k = 0; k < entries.size(); ++k) {
      const auto& entry = entries[k];
      if (entry.record.status.state != "published") continue;
      const auto& content = entry.visible();
      bool concept_hit = any_of(content.action_lines, action_lines) ||
                         std::any_of(content.sdg_goals.begin(), content.sdg_goals.end(),
                                     [&](int g) { return goals.count(g) > 0; });
      bool topic_hit = topics.count(std::string(stocktaking::demo::topic_info(entry.topic).slug)) > 0;
      if (!concept_hit && !topic_hit) continue;
      bool readable = content.language == query.lang ||
                      std::any_of(content.translations.begin(), content.translations.end(),
                                  [&](const auto& t) { return t.lang == query.lang; });
      bool narrowed = (beneficiaries.empty() ||
                       (entry.beneficiary >= 0 &&
                        beneficiaries.count(std::string(stocktaking::demo::beneficiary_key(entry.beneficiary))) > 0)) &&
                      (countries.empty() || any_of(content.countries, countries));
      bool strong = (concept_hit || (topic_hit && readable)) && narrowed;
      query.grades[static_cast<std::int64_t>(k + 1)] = strong ? 2 : 1;
    }
    set.queries.push_back(std::move(query));
  }
  return set;
}

double ndcg_at_10(const JudgedQuery& query, const std::vector<std::int64_t>& ranking) {
  auto gain = [](int grade) { return std::pow(2.0, grade) - 1.0; };
  double dcg = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(10, ranking.size()); ++i) {
    auto it = query.grades.find(ranking[i]);
    if (it != query.grades.end()) dcg += gain(it->second) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, grade] : query.grades) ideal.push_back(grade);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(10, ideal.size()); ++i)
    idcg += gain(ideal[i]) / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at_100(const JudgedQuery& query, const std::vector<std::int64_t>& ranking) {
  if (query.grades.empty()) return 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(100, ranking.size()); ++i) found += query.grades.count(ranking[i]);
  return static_cast<double>(found) / static_cast<double>(std::min<std::size_t>(100, query.grades.size()));
}

QualityFigures evaluate(const JudgedSet& set, const std::vector<std::vector<std::int64_t>>& rankings, bool print) {
  QualityFigures total;
  std::map<std::string, std::pair<QualityFigures, int>> by_lang;
  for (std::size_t i = 0; i < set.queries.size(); ++i) {
    const auto& query = set.queries[i];
    double n = ndcg_at_10(query, rankings.at(i)), r = recall_at_100(query, rankings.at(i));
    total.ndcg10 += n;
    total.recall100 += r;
    auto& lang = by_lang[query.lang];
    lang.first.ndcg10 += n;
    lang.first.recall100 += r;
    ++lang.second;
    if (print)
      std::printf("  %s  nDCG@10 %.3f  recall@100 %.3f  (%zu relevant, %zu returned)  %s\n", query.lang.c_str(), n, r,
                  query.grades.size(), rankings[i].size(), query.q.c_str());
  }
  auto count = static_cast<double>(std::max<std::size_t>(set.queries.size(), 1));
  total.ndcg10 /= count;
  total.recall100 /= count;
  if (print) {
    for (const auto& [lang, figures] : by_lang)
      std::printf("%s: nDCG@10 %.3f  recall@100 %.3f  over %d queries\n", lang.c_str(), figures.first.ndcg10 / figures.second,
                  figures.first.recall100 / figures.second, figures.second);
    std::printf("all: nDCG@10 %.3f  recall@100 %.3f  over %zu queries\n", total.ndcg10, total.recall100,
                set.queries.size());
  }
  return total;
}

}  // namespace wsis::testing
