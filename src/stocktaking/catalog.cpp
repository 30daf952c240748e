#include "stocktaking/catalog.h"

#include <roaring/roaring.hh>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_set>

#include "core/json_input.h"
#include "db/change_feed.h"

namespace json = boost::json;

namespace wsis::stocktaking {

namespace {

enum Facet : std::size_t {
  kActionLine, kSdg, kTarget, kCountry, kRegion, kStakeholder, kLanguage, kStatus, kType, kYear, kSuccess,
  kOrganisation, kFacetCount
};
constexpr std::array<std::string_view, kFacetCount> kFacetNames = {
    "action_line", "sdg",  "target", "country",       "region",      "stakeholder_type",
    "language",    "status", "type",  "year", "success_story", "organisation"};
// Organisation narrows a list but has no counts of its own (thousands of values).
constexpr std::size_t kCountedFacets = kOrganisation;

// The filter's values per facet, as the catalog stores them (all text).
std::array<std::vector<std::string>, kFacetCount> filter_values(const EntryFilter& f) {
  std::array<std::vector<std::string>, kFacetCount> v;
  v[kActionLine] = f.action_lines;
  for (int g : f.goals) v[kSdg].push_back(std::to_string(g));
  v[kTarget] = f.targets;
  v[kCountry] = f.countries;
  v[kRegion] = f.regions;
  v[kStakeholder] = f.stakeholder_types;
  v[kLanguage] = f.languages;
  v[kStatus] = f.project_statuses;
  v[kType] = f.entry_types;
  for (int y : f.years) v[kYear].push_back(std::to_string(y));
  if (f.success_story) v[kSuccess].push_back(*f.success_story ? "true" : "false");
  if (f.organisation_id) v[kOrganisation].push_back(std::to_string(*f.organisation_id));
  return v;
}

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    unsigned value = 0;
    std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    out += static_cast<char>(value);
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

struct EntryCatalog::Doc {
  std::int64_t date = 0;  // published_at
  std::array<std::string, kLanguages.size()> title_keys;
  std::vector<std::pair<std::size_t, std::string>> values;  // (facet, value), no duplicates
};

struct DateOrder {
  std::int64_t date;
  std::uint32_t id;
  // Newest first, ties by id descending: the order of the SQL path.
  bool operator<(const DateOrder& o) const { return date != o.date ? date > o.date : id > o.id; }
};
struct TitleOrder {
  const std::string* key;
  std::uint32_t id;
  bool operator<(const TitleOrder& o) const {
    int c = key->compare(*o.key);
    return c != 0 ? c < 0 : id < o.id;
  }
};

struct EntryCatalog::Index {
  std::unordered_map<std::uint32_t, Doc> docs;
  Roaring all;
  std::array<std::unordered_map<std::string, Roaring>, kFacetCount> facets;
  std::vector<DateOrder> by_date;
  std::array<std::vector<TitleOrder>, kLanguages.size()> by_title;

  void insert(std::uint32_t id, Doc doc, bool keep_sorted) {
    auto [it, inserted] = docs.insert_or_assign(id, std::move(doc));
    const Doc& d = it->second;
    all.add(id);
    for (const auto& [facet, value] : d.values) facets[facet][value].add(id);
    DateOrder date{d.date, id};
    if (keep_sorted) by_date.insert(std::upper_bound(by_date.begin(), by_date.end(), date), date);
    else by_date.push_back(date);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{&d.title_keys[l], id};
      auto& order = by_title[l];
      if (keep_sorted) order.insert(std::upper_bound(order.begin(), order.end(), title), title);
      else order.push_back(title);
    }
  }

  void erase(std::uint32_t id) {
    auto it = docs.find(id);
    if (it == docs.end()) return;
    const Doc& d = it->second;
    all.remove(id);
    for (const auto& [facet, value] : d.values) {
      auto bitmap = facets[facet].find(value);
      if (bitmap == facets[facet].end()) continue;
      bitmap->second.remove(id);
      if (bitmap->second.cardinality() == 0) facets[facet].erase(bitmap);
    }
    DateOrder date{d.date, id};
    auto at = std::lower_bound(by_date.begin(), by_date.end(), date);
    if (at != by_date.end() && at->id == id) by_date.erase(at);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{&d.title_keys[l], id};
      auto& order = by_title[l];
      auto t = std::lower_bound(order.begin(), order.end(), title);
      if (t != order.end() && t->id == id) order.erase(t);
    }
    docs.erase(it);
  }

  void sort_orders() {
    std::sort(by_date.begin(), by_date.end());
    for (auto& order : by_title) std::sort(order.begin(), order.end());
  }

  // Entries matching every filter except `skip`'s (kFacetCount: skip none); nullopt: all.
  std::optional<Roaring> matching(const std::array<std::vector<std::string>, kFacetCount>& values,
                                           std::size_t skip) const {
    std::optional<Roaring> result;
    for (std::size_t f = 0; f < kFacetCount; ++f) {
      if (f == skip || values[f].empty()) continue;
      Roaring any;
      for (const auto& value : values[f]) {
        auto it = facets[f].find(value);
        if (it != facets[f].end()) any |= it->second;
      }
      if (result) *result &= any;
      else result = std::move(any);
    }
    return result;
  }
};

EntryCatalog::EntryCatalog(db::Database& database, const Clock& clock)
    : database_(database), clock_(clock), index_(std::make_unique<Index>()) {}
EntryCatalog::~EntryCatalog() = default;

namespace {

constexpr std::string_view kDocColumns =
    "e.id, COALESCE(e.published_at, e.updated_at), e.language, e.stakeholder_type, e.project_status, e.entry_type,"
    " e.reporting_year, e.success_story, e.organisation_id, e.title_key_ar, e.title_key_en, e.title_key_es,"
    " e.title_key_fr, e.title_key_ru, e.title_key_zh";

// Reads the row part of a doc (columns of kDocColumns).
std::pair<std::uint32_t, EntryCatalog::Doc*> read_doc_row(db::Statement& s, EntryCatalog::Doc& doc) {
  doc.date = s.int64(1);
  doc.values = {{kLanguage, s.string(2)},
                {kStakeholder, s.string(3)},
                {kStatus, s.string(4)},
                {kType, s.string(5)},
                {kYear, std::to_string(s.int64(6))},
                {kSuccess, s.int64(7) ? "true" : "false"},
                {kOrganisation, std::to_string(s.int64(8))}};
  for (std::size_t l = 0; l < kLanguages.size(); ++l) doc.title_keys[l] = s.string(9 + static_cast<int>(l));
  return {static_cast<std::uint32_t>(s.int64(0)), &doc};
}

struct LinkQuery {
  Facet facet;
  std::string_view column;
  std::string_view table;
};
constexpr LinkQuery kLinks[] = {
    {kActionLine, "x.code", "entry_action_lines"},
    {kSdg, "x.goal", "entry_goals"},
    {kTarget, "x.target", "entry_targets"},
    {kCountry, "x.iso3", "entry_countries"},
    {kRegion, "x.region", "entry_countries"},
};

void add_value(EntryCatalog::Doc& doc, std::size_t facet, std::string value) {
  for (const auto& [f, v] : doc.values)
    if (f == facet && v == value) return;
  doc.values.emplace_back(facet, std::move(value));
}

}  // namespace

Result<void> EntryCatalog::rebuild() {
  auto index = std::make_unique<Index>();
  WSIS_ASSIGN(auto connection, database_.connect());
  // One snapshot: the entries as of the change feed's last sequence number.
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto seq, db::last_sequence(*connection));
  std::unordered_map<std::uint32_t, Doc> docs;
  {
    auto s = connection->prepare("SELECT " + std::string(kDocColumns) + " FROM entries e WHERE e.state = 'published'");
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      Doc doc;
      auto id = read_doc_row(*s, doc).first;
      docs.emplace(id, std::move(doc));
    }
  }
  for (const auto& link : kLinks) {
    auto s = connection->prepare("SELECT x.entry_id, " + std::string(link.column) + " FROM " + std::string(link.table) +
                                 " x JOIN entries e ON e.id = x.entry_id WHERE e.state = 'published'");
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      auto it = docs.find(static_cast<std::uint32_t>(s->int64(0)));
      if (it != docs.end()) add_value(it->second, link.facet, s->string(1));
    }
  }
  for (auto& [id, doc] : docs) index->insert(id, std::move(doc), false);
  index->sort_orders();
  for (auto& facet : index->facets)
    for (auto& [value, bitmap] : facet) bitmap.runOptimize();
  {
    std::unique_lock lock(mutex_);
    index_ = std::move(index);
    last_seq_.store(seq);
  }
  last_check_ms_.store(clock_.now_ms());
  return Ok{};
}

Result<void> EntryCatalog::catch_up() {
  std::lock_guard follow(follow_mutex_);
  last_check_ms_.store(clock_.now_ms());
  WSIS_ASSIGN(auto connection, database_.connect());
  while (true) {
    WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
    std::int64_t after = last_seq_.load();
    WSIS_ASSIGN(auto changes, db::changes_after(*connection, after, 5000));
    if (changes.empty()) return Ok{};
    std::vector<std::uint32_t> ids;
    std::unordered_set<std::uint32_t> seen;
    for (const auto& change : changes) {
      if (change.topic != "entry") continue;
      std::uint32_t id = 0;
      std::from_chars(change.entity_id.data(), change.entity_id.data() + change.entity_id.size(), id);
      if (id && seen.insert(id).second) ids.push_back(id);
    }
    // Read the new state of each changed entry first, then swap it in under the lock, so that
    // readers wait only for the in-memory update, never for SQL.
    std::vector<std::pair<std::uint32_t, std::optional<Doc>>> updates;
    for (auto id : ids) {
      std::optional<Doc> doc;
      auto s = connection->prepare("SELECT " + std::string(kDocColumns) +
                                   " FROM entries e WHERE e.id = ? AND e.state = 'published'");
      s->bind(1, static_cast<std::int64_t>(id));
      WSIS_ASSIGN(bool row, s->step());
      if (row) {
        doc.emplace();
        read_doc_row(*s, *doc);
        for (const auto& link : kLinks) {
          auto l = connection->prepare("SELECT " + std::string(link.column) + " FROM " + std::string(link.table) +
                                       " x WHERE x.entry_id = ?");
          l->bind(1, static_cast<std::int64_t>(id));
          while (true) {
            WSIS_ASSIGN(bool link_row, l->step());
            if (!link_row) break;
            add_value(*doc, link.facet, l->string(0));
          }
        }
      }
      updates.emplace_back(id, std::move(doc));
    }
    {
      std::unique_lock lock(mutex_);
      for (auto& [id, doc] : updates) {
        index_->erase(id);
        if (doc) index_->insert(id, std::move(*doc), true);
      }
      last_seq_.store(changes.back().seq);
    }
    if (changes.size() < 5000) return Ok{};
  }
}

void EntryCatalog::refresh_if_stale(std::int64_t interval_ms) {
  if (clock_.now_ms() - last_check_ms_.load() < interval_ms) return;
  if (auto result = catch_up(); !result) spdlog::warn("catalog could not follow the change feed: {}", result.error().detail);
}

std::size_t EntryCatalog::size() const {
  std::shared_lock lock(mutex_);
  return index_->docs.size();
}

Result<std::vector<std::int64_t>> EntryCatalog::page(const EntryFilter& filter, SortOrder sort, std::string_view lang,
                                                     const std::optional<json::object>& after, int limit,
                                                     std::optional<json::object>& next) const {
  auto bad_cursor = [] {
    FieldErrors errors;
    errors.add("cursor", "invalid_cursor");
    return errors.to_error(ErrorCode::invalid_query);
  };
  std::shared_lock lock(mutex_);
  const Index& index = *index_;
  auto values = filter_values(filter);
  auto matching = index.matching(values, kFacetCount);
  auto accepts = [&](std::uint32_t id) { return !matching || matching->contains(id); };
  std::vector<std::int64_t> ids;
  std::size_t lang_index = language_index(lang);

  if (sort == SortOrder::title) {
    const auto& order = index.by_title[lang_index];
    auto start = order.begin();
    std::string key;
    if (after) {
      const auto* k = after->if_contains("k");
      const auto* i = after->if_contains("i");
      if (!k || !k->is_string() || !i || !i->is_int64()) return bad_cursor();
      key = unhex(k->as_string());
      start = std::upper_bound(order.begin(), order.end(), TitleOrder{&key, static_cast<std::uint32_t>(i->as_int64())});
    }
    const TitleOrder* last = nullptr;
    for (auto it = start; it != order.end(); ++it) {
      if (!accepts(it->id)) continue;
      if (ids.size() == static_cast<std::size_t>(limit)) {
        next = json::object{{"i", static_cast<std::int64_t>(last->id)}, {"k", to_hex(*last->key)}};
        break;
      }
      ids.push_back(it->id);
      last = &*it;
    }
  } else {
    const auto& order = index.by_date;
    auto start = order.begin();
    if (after) {
      const auto* k = after->if_contains("k");
      const auto* i = after->if_contains("i");
      if (!k || !k->is_int64() || !i || !i->is_int64()) return bad_cursor();
      start = std::upper_bound(order.begin(), order.end(),
                               DateOrder{k->as_int64(), static_cast<std::uint32_t>(i->as_int64())});
    }
    const DateOrder* last = nullptr;
    for (auto it = start; it != order.end(); ++it) {
      if (!accepts(it->id)) continue;
      if (ids.size() == static_cast<std::size_t>(limit)) {
        next = json::object{{"i", static_cast<std::int64_t>(last->id)}, {"k", last->date}};
        break;
      }
      ids.push_back(it->id);
      last = &*it;
    }
  }
  return ids;
}

FacetCounts EntryCatalog::facets(const EntryFilter& filter) const {
  std::shared_lock lock(mutex_);
  const Index& index = *index_;
  auto values = filter_values(filter);
  FacetCounts counts;
  auto all_filters = index.matching(values, kFacetCount);
  counts.total = static_cast<std::int64_t>(all_filters ? all_filters->cardinality() : index.all.cardinality());
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    // Disjunctive: a facet's counts ignore its own filter, so its other values stay visible.
    const Roaring* base = nullptr;
    std::optional<Roaring> own;
    if (values[f].empty()) {
      base = all_filters ? &*all_filters : &index.all;
    } else {
      own = index.matching(values, f);
      base = own ? &*own : &index.all;
    }
    auto& list = counts.facets[std::string(kFacetNames[f])];
    for (const auto& [value, bitmap] : index.facets[f]) {
      auto n = static_cast<std::int64_t>(bitmap.and_cardinality(*base));
      if (n > 0) list.emplace_back(value, n);
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  return counts;
}

}  // namespace wsis::stocktaking
