#include "stocktaking/catalog.h"

#include <spdlog/spdlog.h>
#include <roaring/roaring.hh>

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
  kActionLine,
  kSdg,
  kTarget,
  kCountry,
  kRegion,
  kStakeholder,
  kLanguage,
  kStatus,
  kType,
  kYear,
  kSuccess,
  kOrganisation,
  kFacetCount
};
constexpr std::array<std::string_view, kFacetCount> kFacetNames = {
    "action_line", "sdg",    "target", "country", "region",        "stakeholder_type",
    "language",    "status", "type",   "year",    "success_story", "organisation"};
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
  // The same values as ordinals into the index's per-facet tables (set on insert), so that
  // counting by walking documents compares integers, not strings.
  std::vector<std::pair<std::uint8_t, std::uint32_t>> coded;
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

// One facet's values: each value gets an ordinal on first sight and keeps it (a value whose
// bitmap empties stays, with a count of zero, until the next rebuild).
struct FacetValues {
  std::unordered_map<std::string, std::uint32_t> ordinal;
  std::vector<std::string> names;
  std::vector<Roaring> bitmaps;

  std::uint32_t intern(const std::string& value) {
    auto [it, inserted] = ordinal.emplace(value, static_cast<std::uint32_t>(names.size()));
    if (inserted) {
      names.push_back(value);
      bitmaps.emplace_back();
    }
    return it->second;
  }
  const Roaring* find(const std::string& value) const {
    auto it = ordinal.find(value);
    return it == ordinal.end() ? nullptr : &bitmaps[it->second];
  }
};

struct EntryCatalog::Index {
  std::unordered_map<std::uint32_t, Doc> docs;
  std::vector<const Doc*> by_id;  // dense: docs by id, for walking a set of ids (nodes do not move)
  Roaring all;
  std::array<FacetValues, kFacetCount> facets;
  std::vector<DateOrder> by_date;
  std::array<std::vector<TitleOrder>, kLanguages.size()> by_title;

  void insert(std::uint32_t id, Doc doc, bool keep_sorted) {
    auto [it, inserted] = docs.insert_or_assign(id, std::move(doc));
    Doc& d = it->second;
    all.add(id);
    d.coded.clear();
    for (const auto& [facet, value] : d.values) {
      auto ordinal = facets[facet].intern(value);
      facets[facet].bitmaps[ordinal].add(id);
      d.coded.emplace_back(static_cast<std::uint8_t>(facet), ordinal);
    }
    if (by_id.size() <= id) by_id.resize(std::max<std::size_t>(id + 1, by_id.size() * 3 / 2), nullptr);
    by_id[id] = &d;
    DateOrder date{d.date, id};
    if (keep_sorted)
      by_date.insert(std::upper_bound(by_date.begin(), by_date.end(), date), date);
    else
      by_date.push_back(date);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{&d.title_keys[l], id};
      auto& order = by_title[l];
      if (keep_sorted)
        order.insert(std::upper_bound(order.begin(), order.end(), title), title);
      else
        order.push_back(title);
    }
  }

  void erase(std::uint32_t id) {
    auto it = docs.find(id);
    if (it == docs.end()) return;
    const Doc& d = it->second;
    all.remove(id);
    for (const auto& [facet, ordinal] : d.coded) facets[facet].bitmaps[ordinal].remove(id);
    DateOrder date{d.date, id};
    auto at = std::lower_bound(by_date.begin(), by_date.end(), date);
    if (at != by_date.end() && at->id == id) by_date.erase(at);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{&d.title_keys[l], id};
      auto& order = by_title[l];
      auto t = std::lower_bound(order.begin(), order.end(), title);
      if (t != order.end() && t->id == id) order.erase(t);
    }
    by_id[id] = nullptr;
    docs.erase(it);
  }

  void sort_orders() {
    std::sort(by_date.begin(), by_date.end());
    for (auto& order : by_title) std::sort(order.begin(), order.end());
  }

  // Entries matching every filter except `skip`'s (kFacetCount: skip none), within `within`
  // when given; nullopt: all entries (no filter and no `within`).
  std::optional<Roaring> matching(const std::array<std::vector<std::string>, kFacetCount>& values, std::size_t skip,
                                  const Roaring* within) const {
    std::optional<Roaring> result;
    if (within) result = *within;
    for (std::size_t f = 0; f < kFacetCount; ++f) {
      if (f == skip || values[f].empty()) continue;
      Roaring any;
      for (const auto& value : values[f])
        if (const auto* bitmap = facets[f].find(value)) any |= *bitmap;
      if (result)
        *result &= any;
      else
        result = std::move(any);
    }
    return result;
  }
};

EntryCatalog::EntryCatalog(db::Database& database, const Clock& clock, Options options)
    : database_(database), clock_(clock), options_(options), index_(std::make_unique<Index>()) {}
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
    {kActionLine, "x.code", "entry_action_lines"}, {kSdg, "x.goal", "entry_goals"},
    {kTarget, "x.target", "entry_targets"},        {kCountry, "x.iso3", "entry_countries"},
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
  WSIS_ASSIGN(std::int64_t seq, db::latest_change(*connection));
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
    for (auto& bitmap : facet.bitmaps) bitmap.runOptimize();
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
    auto ids = db::changed_ids(changes, "entry");
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
  if (auto result = catch_up(); !result)
    spdlog::warn("catalog could not follow the change feed: {}", result.error().detail);
}

std::size_t EntryCatalog::size() const {
  std::shared_lock lock(mutex_);
  return index_->docs.size();
}

Result<std::vector<std::int64_t>> EntryCatalog::page(const EntryFilter& filter, SortOrder sort, std::string_view lang,
                                                     const std::optional<json::object>& after, int limit,
                                                     std::optional<json::object>& next, const Roaring* within) const {
  auto bad_cursor = [] {
    FieldErrors errors;
    errors.add("cursor", "invalid_cursor");
    return errors.to_error(ErrorCode::invalid_query);
  };
  std::shared_lock lock(mutex_);
  const Index& index = *index_;
  auto values = filter_values(filter);
  auto matching = index.matching(values, kFacetCount, within);
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

FacetCounts EntryCatalog::facets(const EntryFilter& filter, const Roaring* within) const {
  std::shared_lock lock(mutex_);
  const Index& index = *index_;
  auto values = filter_values(filter);
  auto all_filters = index.matching(values, kFacetCount, within);
  const Roaring& everything = all_filters ? *all_filters : index.all;

  // Disjunctive: a facet's counts ignore its own filter, so its other values stay visible. The
  // facets without a filter of their own share one base (every filter); a filtered facet is
  // counted over the entries matching the other filters.
  std::array<std::vector<std::int64_t>, kCountedFacets> counts;
  std::array<std::optional<Roaring>, kCountedFacets> own_bases;
  std::array<const Roaring*, kCountedFacets> bases{};
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    counts[f].assign(index.facets[f].names.size(), 0);
    if (values[f].empty()) {
      bases[f] = &everything;
    } else {
      own_bases[f] = index.matching(values, f, within);
      bases[f] = own_bases[f] ? &*own_bases[f] : &index.all;
    }
  }
  // Two ways to count a base: intersect it with each value's bitmap (cost grows with the number
  // of values), or walk its entries and tally their values (cost grows with the base). Walking
  // wins when the base is a small share of the catalog (bench/facet_strategies.cpp).
  const double total = static_cast<double>(std::max<std::uint64_t>(index.all.cardinality(), 1));
  auto walk = [&](const Roaring& base) {
    return static_cast<double>(base.cardinality()) < options_.walk_below_share * total;
  };
  auto tally = [&](const Roaring& base, auto&& counts_facet) {
    for (auto id : base) {
      const Doc* doc = id < index.by_id.size() ? index.by_id[id] : nullptr;
      if (!doc) continue;
      for (const auto& [facet, ordinal] : doc->coded)
        if (facet < kCountedFacets && counts_facet(facet)) ++counts[facet][ordinal];
    }
  };
  bool shared_walked = walk(everything);
  if (shared_walked) tally(everything, [&](std::size_t f) { return bases[f] == &everything; });
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    const Roaring& base = *bases[f];
    if (&base == &everything && shared_walked) continue;
    if (walk(base)) {
      tally(base, [f](std::size_t facet) { return facet == f; });
    } else {
      for (std::size_t v = 0; v < counts[f].size(); ++v)
        counts[f][v] = static_cast<std::int64_t>(index.facets[f].bitmaps[v].and_cardinality(base));
    }
  }

  FacetCounts result;
  result.total = static_cast<std::int64_t>(everything.cardinality());
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    auto& list = result.facets[std::string(kFacetNames[f])];
    for (std::size_t v = 0; v < counts[f].size(); ++v)
      if (counts[f][v] > 0) list.emplace_back(index.facets[f].names[v], counts[f][v]);
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  return result;
}

Roaring EntryCatalog::matching(const EntryFilter& filter) const {
  std::shared_lock lock(mutex_);
  auto result = index_->matching(filter_values(filter), kFacetCount, nullptr);
  return result ? std::move(*result) : index_->all;
}

}  // namespace wsis::stocktaking
