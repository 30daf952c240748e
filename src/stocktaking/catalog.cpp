#include "stocktaking/catalog.h"

#include <spdlog/spdlog.h>
#include <roaring/roaring.hh>

#include <algorithm>
#include <charconv>
#include <set>
#include <span>
#include <unordered_map>
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

// An entry as read from the database, before it is inserted.
struct EntryCatalog::Doc {
  std::int64_t date = 0;  // published_at
  std::array<std::string, kLanguages.size()> title_keys;
  std::vector<std::pair<std::size_t, std::string>> values;  // (facet, value), no duplicates
};

namespace {

// The title sort keys (ICU collation keys, about 50 bytes each) one after another in one
// buffer, each after its length (LEB128), found by offset. A std::string per key, language and
// entry cost about 100 bytes more than the key (600 MB at a million entries). Offsets are 32
// bits: 4 GB of keys, some twenty million entries.
struct KeyArena {
  std::string bytes;
  std::size_t garbage = 0;  // bytes of keys no entry uses any more

  std::uint32_t add(std::string_view key) {
    auto at = static_cast<std::uint32_t>(bytes.size());
    std::size_t n = key.size();
    do {
      auto low = static_cast<char>(n & 0x7F);
      n >>= 7;
      bytes += n ? static_cast<char>(low | 0x80) : low;
    } while (n);
    bytes.append(key);
    return at;
  }
  std::string_view get(std::uint32_t at) const {
    std::size_t n = 0;
    for (int shift = 0;; shift += 7) {
      auto b = static_cast<unsigned char>(bytes[at++]);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    return {bytes.data() + at, n};
  }
  std::size_t record_size(std::uint32_t at) const {
    auto key = get(at);
    return static_cast<std::size_t>(key.data() + key.size() - (bytes.data() + at));
  }
};

struct DateOrder {
  std::int64_t date;
  std::uint32_t id;
  // Newest first, ties by id descending: the order of the SQL path.
  bool operator<(const DateOrder& o) const { return date != o.date ? date > o.date : id > o.id; }
};
// The first language before `l` with the same title key as l's (l when none): entries whose
// keys are equal across languages, as most Latin titles are in en, es and fr, store them once.
template <class Keys>
std::size_t first_with_same_key(const Keys& keys, std::size_t l) {
  std::size_t same = 0;
  while (same < l && keys[same] != keys[l]) ++same;
  return same;
}

// An entry's place in one language's title order: its key (an offset in the KeyArena).
struct TitleOrder {
  std::uint32_t key;
  std::uint32_t id;
};
// A position in a title order that need not be an entry's (a cursor's).
struct TitlePosition {
  std::string_view key;
  std::uint32_t id;
};
// By key, then id: the order of the SQL path.
struct TitleLess {
  const KeyArena* keys;
  std::string_view key(const TitleOrder& t) const { return keys->get(t.key); }
  std::string_view key(const TitlePosition& t) const { return t.key; }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    int c = key(a).compare(key(b));
    return c != 0 ? c < 0 : a.id < b.id;
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

}  // namespace

// Everything is kept in arrays by entry id (ids are dense: rows of one table), not in a node
// per entry: at a million entries the nodes and their strings were most of a gigabyte.
struct EntryCatalog::Index {
  Roaring all;
  std::array<FacetValues, kFacetCount> facets;
  std::vector<DateOrder> by_date;
  std::array<std::vector<TitleOrder>, kLanguages.size()> by_title;
  KeyArena title_keys;
  // By id, meaningful for the ids in `all`: the date and each language's title key.
  struct Placed {
    std::int64_t date = 0;
    std::array<std::uint32_t, kLanguages.size()> keys{};
  };
  std::vector<Placed> placed;

  // Facet values as code() makes them: facet << 24 | ordinal.
  static constexpr std::uint32_t kOrdinalBits = 24;

  // Each entry's values in 16 bytes by id, so that counting a search's matches (hundreds of
  // thousands at a million entries) costs a few additions per entry rather than one per value
  // (64-byte records of 16-bit codes cost about 30 ns per match):
  // - the six facets of one value each (language, stakeholder type, status, type, year, success
  //   story) as a `profile`: the number of that combination of values, of which a few tens of
  //   thousands occur at a million demo entries;
  // - action lines, goals, regions and targets, as `links`: the number of that combination of
  //   sets (45,000 of them there);
  // - countries (hundreds of values, combined in too many ways) as up to eleven one-byte
  //   ordinals.
  // A walk counts profiles and links and adds each one's count to its values at the end. An
  // entry whose values do not fit (more countries, a 65,535th combination) keeps all its codes
  // in `spilled`, counted one by one; the organisation (not counted) is kept apart.
  struct Compact {
    static constexpr std::uint16_t kSpilled = 0xFFFF;
    std::uint16_t profile = kSpilled;
    std::uint16_t links = 0;
    std::uint8_t countries = 0;
    std::array<std::uint8_t, 11> country{};
  };
  static_assert(sizeof(Compact) == 16);
  static constexpr std::array<Facet, 6> kProfileFacets = {kLanguage, kStakeholder, kStatus, kType, kYear, kSuccess};
  static constexpr unsigned kProfileOrdinalBits = 10;  // six of them in a 64-bit key
  static constexpr unsigned kLinkOrdinalBits = 12;     // a link as facet << 12 | ordinal
  static constexpr std::uint32_t kNoOrganisation = 0xFFFFFFFFu;
  static bool is_link(std::size_t facet) {
    return facet == kActionLine || facet == kSdg || facet == kRegion || facet == kTarget;
  }

  std::vector<Compact> compact_by_id;
  // The records' profile and links again, as columns (4 MB at a million entries): counting one
  // facet over a large base (a filtered year or action line under a common word, hundreds of
  // thousands of entries) reads two bytes an entry from 2 MB instead of a 16-byte record from 16.
  std::vector<std::uint16_t> profile_by_id, links_by_id;
  std::vector<std::uint32_t> organisation_by_id;  // ordinal, or kNoOrganisation
  std::vector<std::array<std::uint16_t, kProfileFacets.size()>> profiles;  // each profile's ordinals
  std::unordered_map<std::uint64_t, std::uint16_t> profile_ids;
  std::vector<std::uint16_t> link_codes;    // each combination's links, one after the other
  std::vector<std::uint32_t> links_begin{0};  // where each combination's start (and the last ends)
  std::unordered_map<std::string, std::uint16_t> links_ids;  // by its links' bytes
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> spilled;

  static std::size_t profile_slot(std::size_t facet) {
    for (std::size_t p = 0; p < kProfileFacets.size(); ++p)
      if (kProfileFacets[p] == facet) return p;
    return kProfileFacets.size();
  }

  // `codes` (as code() makes them, without duplicates) as id's record, or spilled.
  void set_values(std::uint32_t id, std::span<const std::uint32_t> codes) {
    Compact record;
    organisation_by_id[id] = kNoOrganisation;
    std::array<std::uint32_t, kProfileFacets.size()> profile;
    profile.fill(0xFFFFFFFFu);
    std::vector<std::uint16_t> links;
    bool fits = true;
    for (auto code : codes) {
      const std::uint32_t facet = code >> kOrdinalBits, ordinal = code & ((1u << kOrdinalBits) - 1);
      const auto slot = profile_slot(facet);
      if (facet == kOrganisation && organisation_by_id[id] == kNoOrganisation) {
        organisation_by_id[id] = ordinal;
      } else if (slot < profile.size() && profile[slot] == 0xFFFFFFFFu && ordinal < (1u << kProfileOrdinalBits)) {
        profile[slot] = ordinal;
      } else if (is_link(facet) && ordinal < (1u << kLinkOrdinalBits)) {
        links.push_back(static_cast<std::uint16_t>(facet << kLinkOrdinalBits | ordinal));
      } else if (facet == kCountry && ordinal < 256 && record.countries < record.country.size()) {
        record.country[record.countries++] = static_cast<std::uint8_t>(ordinal);
      } else {
        fits = false;
      }
    }
    fits = fits && std::none_of(profile.begin(), profile.end(), [](auto o) { return o == 0xFFFFFFFFu; });
    if (fits) {
      std::uint64_t key = 0;
      for (auto o : profile) key = key << kProfileOrdinalBits | o;
      auto found = profile_ids.find(key);
      if (found == profile_ids.end() && profiles.size() < Compact::kSpilled) {
        found = profile_ids.emplace(key, static_cast<std::uint16_t>(profiles.size())).first;
        profiles.emplace_back();
        for (std::size_t p = 0; p < profile.size(); ++p) profiles.back()[p] = static_cast<std::uint16_t>(profile[p]);
      }
      fits = found != profile_ids.end();
      if (fits) record.profile = found->second;
    }
    if (fits) {
      std::sort(links.begin(), links.end());
      std::string key(reinterpret_cast<const char*>(links.data()), links.size() * sizeof(links[0]));
      auto found = links_ids.find(key);
      if (found == links_ids.end() && links_ids.size() < 0xFFFF) {
        found = links_ids.emplace(std::move(key), static_cast<std::uint16_t>(links_ids.size())).first;
        link_codes.insert(link_codes.end(), links.begin(), links.end());
        links_begin.push_back(static_cast<std::uint32_t>(link_codes.size()));
      }
      fits = found != links_ids.end();
      if (fits) record.links = found->second;
    }
    if (!fits) {
      store(id, Compact{});
      organisation_by_id[id] = kNoOrganisation;
      spilled[id].assign(codes.begin(), codes.end());
      return;
    }
    store(id, record);
  }

  // A spilled record has kSpilled in both columns (there are fewer combinations of links).
  void store(std::uint32_t id, const Compact& record) {
    compact_by_id[id] = record;
    profile_by_id[id] = record.profile;
    links_by_id[id] = record.profile == Compact::kSpilled ? Compact::kSpilled : record.links;
  }

  void resize_by_id(std::size_t size) {
    compact_by_id.resize(size);
    profile_by_id.resize(size, Compact::kSpilled);
    links_by_id.resize(size, Compact::kSpilled);
    organisation_by_id.resize(size, kNoOrganisation);
    placed.resize(size);
  }

  // Id's values as code() makes them.
  std::vector<std::uint32_t> codes_of(std::uint32_t id) const {
    if (id >= compact_by_id.size()) return {};
    const Compact& record = compact_by_id[id];
    if (record.profile == Compact::kSpilled) {
      auto it = spilled.find(id);
      return it == spilled.end() ? std::vector<std::uint32_t>{} : it->second;
    }
    auto code = [](std::size_t facet, std::uint32_t ordinal) {
      return static_cast<std::uint32_t>(facet) << kOrdinalBits | ordinal;
    };
    std::vector<std::uint32_t> codes;
    for (std::size_t p = 0; p < kProfileFacets.size(); ++p) codes.push_back(code(kProfileFacets[p], profiles[record.profile][p]));
    for (auto k = links_begin[record.links]; k < links_begin[record.links + 1u]; ++k)
      codes.push_back(code(link_codes[k] >> kLinkOrdinalBits, link_codes[k] & ((1u << kLinkOrdinalBits) - 1)));
    for (unsigned k = 0; k < record.countries; ++k) codes.push_back(code(kCountry, record.country[k]));
    if (organisation_by_id[id] != kNoOrganisation) codes.push_back(code(kOrganisation, organisation_by_id[id]));
    return codes;
  }

  TitleLess title_less() const { return TitleLess{&title_keys}; }
  bool contains(std::uint32_t id) const { return id < placed.size() && all.contains(id); }

  std::uint32_t code(std::size_t facet, const std::string& value) {
    return static_cast<std::uint32_t>(facet) << kOrdinalBits | facets[facet].intern(value);
  }

  // `codes` as code() makes them, without duplicates.
  void insert(std::uint32_t id, std::int64_t date, const std::array<std::string, kLanguages.size()>& keys,
              std::span<const std::uint32_t> codes, bool keep_sorted) {
    erase(id);
    all.add(id);
    if (compact_by_id.size() <= id) {
      resize_by_id(std::max<std::size_t>(id + 1, compact_by_id.size() * 3 / 2));
    }
    for (auto code : codes) facets[code >> kOrdinalBits].bitmaps[code & ((1u << kOrdinalBits) - 1)].add(id);
    set_values(id, codes);
    Placed& p = placed[id];
    p.date = date;
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      auto same = first_with_same_key(keys, l);
      p.keys[l] = same < l ? p.keys[same] : title_keys.add(keys[l]);
    }
    DateOrder date_order{date, id};
    if (keep_sorted) by_date.insert(std::upper_bound(by_date.begin(), by_date.end(), date_order), date_order);
    else by_date.push_back(date_order);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{p.keys[l], id};
      auto& order = by_title[l];
      if (keep_sorted) order.insert(std::upper_bound(order.begin(), order.end(), title, title_less()), title);
      else order.push_back(title);
    }
  }

  void erase(std::uint32_t id) {
    if (!contains(id)) return;
    const Placed& p = placed[id];
    all.remove(id);
    for (auto code : codes_of(id)) facets[code >> kOrdinalBits].bitmaps[code & ((1u << kOrdinalBits) - 1)].remove(id);
    spilled.erase(id);
    store(id, Compact{});
    organisation_by_id[id] = kNoOrganisation;
    DateOrder date{p.date, id};
    auto at = std::lower_bound(by_date.begin(), by_date.end(), date);
    if (at != by_date.end() && at->id == id) by_date.erase(at);
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      TitleOrder title{p.keys[l], id};
      auto& order = by_title[l];
      auto t = std::lower_bound(order.begin(), order.end(), title, title_less());
      if (t != order.end() && t->id == id) order.erase(t);
      if (first_with_same_key(p.keys, l) == l) title_keys.garbage += title_keys.record_size(p.keys[l]);
    }
    if (title_keys.garbage > title_keys.bytes.size() / 2) compact_title_keys();
  }

  // Rewrites the title keys without garbage, in id order, and the orders' offsets into them.
  void compact_title_keys() {
    KeyArena fresh;
    fresh.bytes.reserve(title_keys.bytes.size() - title_keys.garbage);
    for (auto id : all) {
      Placed& p = placed[id];
      const auto old = p.keys;
      for (std::size_t l = 0; l < kLanguages.size(); ++l) {
        auto same = first_with_same_key(old, l);
        p.keys[l] = same < l ? p.keys[same] : fresh.add(title_keys.get(old[l]));
      }
    }
    title_keys = std::move(fresh);
    for (std::size_t l = 0; l < kLanguages.size(); ++l)
      for (auto& title : by_title[l]) title.key = placed[title.id].keys[l];
  }

  // Sized once for a rebuild: growing by steps would leave up to a third of the arrays by id
  // allocated and zeroed for ids that do not exist.
  void reserve(std::size_t entries, std::size_t ids) {
    resize_by_id(ids);
    by_date.reserve(entries);
    for (auto& order : by_title) order.reserve(entries);
  }

  void sort_orders() {
    std::sort(by_date.begin(), by_date.end());
    for (auto& order : by_title) std::sort(order.begin(), order.end(), title_less());
  }

  // Entries matching every filter except `skip`'s (kFacetCount: skip none), within `within`
  // when given; nullopt: all entries (no filter and no `within`).
  std::optional<Roaring> matching(const std::array<std::vector<std::string>, kFacetCount>& values, std::size_t skip,
                                  const Roaring* within) const {
    std::optional<Roaring> result;
    if (within) result = *within & all;  // a caller's set may name entries the catalog no longer holds
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
    : database_(database), options_(options), index_(std::make_unique<Index>()), follower_(clock) {}
EntryCatalog::~EntryCatalog() = default;

namespace {

constexpr std::string_view kDocColumns =
    "e.id, COALESCE(e.published_at, e.updated_at), e.language, e.stakeholder_type, e.project_status, e.entry_type,"
    " e.reporting_year, e.success_story, e.organisation_id, e.title_key_ar, e.title_key_en, e.title_key_es,"
    " e.title_key_fr, e.title_key_ru, e.title_key_zh";

// Reads the row part of a doc (columns of kDocColumns): its values and the title keys.
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
  // The linked values first, as (id << 32 | code) in one array sorted by id, then the entries
  // in id order, each inserted with its row's values and its links: no entry is held twice.
  std::vector<std::uint64_t> links;
  for (const auto& link : kLinks) {
    auto s = connection->prepare("SELECT x.entry_id, " + std::string(link.column) + " FROM " + std::string(link.table) +
                                 " x JOIN entries e ON e.id = x.entry_id WHERE e.state = 'published'");
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      links.push_back(static_cast<std::uint64_t>(s->int64(0)) << 32 | index->code(link.facet, s->string(1)));
    }
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  {
    auto count =
        connection->prepare("SELECT COUNT(*), COALESCE(MAX(e.id), 0) FROM entries e WHERE e.state = 'published'");
    WSIS_ASSIGN(bool counted, count->step());
    if (counted) {
      auto entries = static_cast<std::size_t>(count->int64(0));
      index->reserve(entries, static_cast<std::size_t>(count->int64(1)) + 1);
    }
  }
  {
    auto s = connection->prepare("SELECT " + std::string(kDocColumns) +
                                 " FROM entries e WHERE e.state = 'published' ORDER BY e.id");
    auto link = links.begin();
    Doc doc;
    std::vector<std::uint32_t> codes;
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      auto id = read_doc_row(*s, doc).first;
      codes.clear();
      for (const auto& [facet, value] : doc.values) codes.push_back(index->code(facet, value));
      while (link != links.end() && (*link >> 32) < id) ++link;
      for (; link != links.end() && (*link >> 32) == id; ++link) codes.push_back(static_cast<std::uint32_t>(*link));
      index->insert(id, doc.date, doc.title_keys, codes, false);
    }
  }
  links = {};
  index->sort_orders();
  for (auto& facet : index->facets)
    for (auto& bitmap : facet.bitmaps) bitmap.runOptimize();
  {
    std::unique_lock lock(mutex_);
    index_ = std::move(index);
  }
  follower_.rebuilt_at(seq);
  return Ok{};
}

Result<void> EntryCatalog::catch_up() {
  return follower_.catch_up(database_, [&](db::Connection& connection, const std::vector<std::uint32_t>& ids) -> Result<bool> {
    std::vector<std::pair<std::uint32_t, std::optional<Doc>>> updates;
    for (auto id : ids) {
      std::optional<Doc> doc;
      auto s = connection.prepare("SELECT " + std::string(kDocColumns) +
                                  " FROM entries e WHERE e.id = ? AND e.state = 'published'");
      s->bind(1, static_cast<std::int64_t>(id));
      WSIS_ASSIGN(bool row, s->step());
      if (row) {
        doc.emplace();
        read_doc_row(*s, *doc);
        for (const auto& link : kLinks) {
          auto l = connection.prepare("SELECT " + std::string(link.column) + " FROM " + std::string(link.table) +
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
    std::unique_lock lock(mutex_);
    for (auto& [id, doc] : updates) {
      index_->erase(id);
      if (!doc) continue;
      std::vector<std::uint32_t> codes;
      for (const auto& [facet, value] : doc->values) codes.push_back(index_->code(facet, value));
      index_->insert(id, doc->date, doc->title_keys, codes, true);
    }
    return true;
  });
}

void EntryCatalog::refresh_if_stale(std::int64_t interval_ms) {
  if (!follower_.stale(interval_ms)) return;
  if (auto result = catch_up(); !result)
    spdlog::warn("catalog could not follow the change feed: {}", result.error().detail);
}

std::size_t EntryCatalog::size() const {
  std::shared_lock lock(mutex_);
  return index_->all.cardinality();
}

namespace {

// One page in `order` (sorted by Order's <) of the entries `matching` holds (nullopt: all),
// after `start` when given. Two ways: walk the order and skip what does not match (cheap when
// most entries match), or, when the matches are a small share of the order, sort just them
// (a rare filter would otherwise walk the whole order to find 20).
template <class Order, class Start, class Less, class OrderOf>
std::vector<Order> page_of(const std::vector<Order>& order, const std::optional<Roaring>& matching,
                           const std::optional<Start>& start, std::size_t want, double sort_below_share, Less less,
                           OrderOf order_of) {
  std::vector<Order> out;
  if (matching && static_cast<double>(matching->cardinality()) < sort_below_share * static_cast<double>(order.size())) {
    std::vector<Order> candidates;
    candidates.reserve(matching->cardinality());
    for (auto id : *matching)
      if (auto position = order_of(id); position && (!start || less(*start, *position))) candidates.push_back(*position);
    std::size_t n = std::min(want, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), less);
    candidates.resize(n);
    return candidates;
  }
  auto it = start ? std::upper_bound(order.begin(), order.end(), *start, less) : order.begin();
  for (; it != order.end() && out.size() < want; ++it)
    if (!matching || matching->contains(it->id)) out.push_back(*it);
  return out;
}

}  // namespace

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
  auto matching = index.matching(filter_values(filter), kFacetCount, within);
  const std::size_t want = static_cast<std::size_t>(limit) + 1;  // one more tells whether a next page exists
  std::vector<std::int64_t> ids;
  auto placed = [&](std::uint32_t id) { return index.contains(id) ? &index.placed[id] : nullptr; };

  if (sort == SortOrder::title) {
    std::size_t l = language_index(lang);
    std::string key;
    std::optional<TitlePosition> start;
    if (after) {
      const auto* k = after->if_contains("k");
      const auto* i = after->if_contains("i");
      if (!k || !k->is_string() || !i || !i->is_int64()) return bad_cursor();
      key = unhex(k->as_string());
      start = TitlePosition{key, static_cast<std::uint32_t>(i->as_int64())};
    }
    auto rows = page_of(index.by_title[l], matching, start, want, options_.sort_below_share, index.title_less(),
                        [&](std::uint32_t id) -> std::optional<TitleOrder> {
                          const auto* p = placed(id);
                          return p ? std::optional<TitleOrder>(TitleOrder{p->keys[l], id}) : std::nullopt;
                        });
    if (rows.size() == want) {
      rows.pop_back();
      next = json::object{{"i", static_cast<std::int64_t>(rows.back().id)}, {"k", to_hex(index.title_keys.get(rows.back().key))}};
    }
    for (const auto& row : rows) ids.push_back(row.id);
  } else {
    std::optional<DateOrder> start;
    if (after) {
      const auto* k = after->if_contains("k");
      const auto* i = after->if_contains("i");
      if (!k || !k->is_int64() || !i || !i->is_int64()) return bad_cursor();
      start = DateOrder{k->as_int64(), static_cast<std::uint32_t>(i->as_int64())};
    }
    auto rows = page_of(index.by_date, matching, start, want, options_.sort_below_share, std::less<DateOrder>{},
                        [&](std::uint32_t id) -> std::optional<DateOrder> {
                          const auto* p = placed(id);
                          return p ? std::optional<DateOrder>(DateOrder{p->date, id}) : std::nullopt;
                        });
    if (rows.size() == want) {
      rows.pop_back();
      next = json::object{{"i", static_cast<std::int64_t>(rows.back().id)}, {"k", rows.back().date}};
    }
    for (const auto& row : rows) ids.push_back(row.id);
  }
  return ids;
}

namespace {
// Facets of at most this many values (regions, languages, statuses...) counted alone over a base
// of their own are counted by bitmaps (facets()); others by walking the base. Intersecting costs
// about the base's size per value, walking about eight times the base's size once the entries'
// records are one cache miss each (at a million entries, 3,000 searches: 64 here, which
// intersected goals, years and action lines too, was 10% slower at the median).
constexpr std::size_t kFewValues = 8;
}  // namespace

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
  // Ways to count the values of a base, cheapest first: the whole catalog needs no counting
  // (each value's cardinality); a base that is a small share of the catalog is walked, its
  // entries' values tallied (cost grows with the base); a base that is nearly everything is
  // counted as the cardinalities less a walk of what it leaves out; otherwise each value's
  // bitmap is intersected with it (cost grows with the values). bench/catalog_facets.cpp
  // measures the choice.
  const std::uint64_t total = index.all.cardinality();
  const double walk_limit = options_.walk_below_share * static_cast<double>(std::max<std::uint64_t>(total, 1));
  // One facet (a filtered facet over its own base) other than countries: per profile or per
  // combination of links, read from their columns, then added to the facet's values.
  auto tally_column = [&](const Roaring& base, std::size_t facet, std::int64_t step) {
    const std::size_t slot = Index::profile_slot(facet);
    const bool in_profile = slot < Index::kProfileFacets.size();
    const auto& column = in_profile ? index.profile_by_id : index.links_by_id;
    auto& into = counts[facet];
    auto add = [&](std::size_t combination, std::int64_t n) {
      if (in_profile) {
        into[index.profiles[combination][slot]] += n;
        return;
      }
      for (auto k = index.links_begin[combination]; k < index.links_begin[combination + 1]; ++k)
        if (index.link_codes[k] >> Index::kLinkOrdinalBits == facet)
          into[index.link_codes[k] & ((1u << Index::kLinkOrdinalBits) - 1)] += n;
    };
    // As in tally: a base much smaller than the combinations adds each entry's at once, rather
    // than zeroing and reading a counter for each of tens of thousands of combinations.
    const std::size_t combinations = in_profile ? index.profiles.size() : index.links_begin.size() - 1;
    const bool by_combination = base.cardinality() * 4 > combinations;
    std::vector<std::uint32_t> per(by_combination ? combinations : 0, 0);
    roaring_uint32_iterator_t it;
    roaring_init_iterator(&base.roaring, &it);
    std::array<std::uint32_t, 256> ids;
    while (auto n = roaring_read_uint32_iterator(&it, ids.data(), static_cast<std::uint32_t>(ids.size())))
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint16_t combination = column[ids[i]];
        if (combination == Index::Compact::kSpilled) {
          for (auto code : index.spilled.at(ids[i]))
            if (code >> Index::kOrdinalBits == facet) into[code & ((1u << Index::kOrdinalBits) - 1)] += step;
        } else if (by_combination) {
          ++per[combination];
        } else {
          add(combination, step);
        }
      }
    for (std::size_t c = 0; c < per.size(); ++c)
      if (per[c]) add(c, step * static_cast<std::int64_t>(per[c]));
  };
  auto tally = [&](const Roaring& base, auto&& counted, std::int64_t step) {
    using Compact = Index::Compact;
    // Every value of every facet has a counter in one flat array (a facet not counted here
    // counts into a scrap area, so that adding has no branch). A large base is first counted per
    // profile and per combination of links, each added to its values at the end; a smaller one
    // adds each entry's values as they come (a combination's count saves nothing when most of
    // them occur once).
    std::size_t single = kCountedFacets, how_many = 0;
    for (std::size_t f = 0; f < kCountedFacets; ++f)
      if (counted(f)) single = f, ++how_many;
    if (how_many == 1 && single != kCountry) return tally_column(base, single, step);
    constexpr std::uint32_t kScrap = 1u << Index::kLinkOrdinalBits;
    std::array<std::uint32_t, kCountedFacets> offset{};
    std::uint32_t size = kScrap;
    for (std::size_t f = 0; f < kCountedFacets; ++f)
      if (counted(f)) {
        offset[f] = size;
        size += static_cast<std::uint32_t>(counts[f].size());
      }
    std::vector<std::uint32_t> flat(size, 0);
    std::array<std::uint32_t, Index::kProfileFacets.size()> profile_offset;
    for (std::size_t slot = 0; slot < profile_offset.size(); ++slot) profile_offset[slot] = offset[Index::kProfileFacets[slot]];
    auto add_profile = [&](std::uint16_t profile, std::uint32_t n) {
      const auto& ordinals = index.profiles[profile];
      for (std::size_t slot = 0; slot < ordinals.size(); ++slot) flat[profile_offset[slot] + ordinals[slot]] += n;
    };
    auto add_links = [&](std::uint16_t links, std::uint32_t n) {
      for (auto k = index.links_begin[links]; k < index.links_begin[links + 1u]; ++k) {
        const std::uint16_t code = index.link_codes[k];
        flat[offset[code >> Index::kLinkOrdinalBits] + (code & (kScrap - 1))] += n;
      }
    };
    // (At a million entries both cost about 25 ns an entry at 10,000 entries; bench/catalog_facets.)
    const bool by_combination = base.cardinality() * 4 > index.profiles.size() + index.links_begin.size();
    std::vector<std::uint32_t> per_profile(by_combination ? index.profiles.size() : 0, 0);
    std::vector<std::uint32_t> per_links(by_combination ? index.links_begin.size() - 1 : 0, 0);
    const std::uint32_t countries = offset[kCountry];
    roaring_uint32_iterator_t it;
    roaring_init_iterator(&base.roaring, &it);
    std::array<std::uint32_t, 256> ids;
    while (auto n = roaring_read_uint32_iterator(&it, ids.data(), static_cast<std::uint32_t>(ids.size()))) {
      // A search's matches are scattered over a million entries: asking for a batch's records
      // before reading any overlaps the cache misses instead of waiting on each.
      for (std::uint32_t i = 0; i < n; ++i) __builtin_prefetch(index.compact_by_id.data() + ids[i]);
      for (std::uint32_t i = 0; i < n; ++i) {
        const Compact& record = index.compact_by_id[ids[i]];
        if (record.profile == Compact::kSpilled) {
          for (auto code : index.spilled.at(ids[i]))
            if (std::size_t f = code >> Index::kOrdinalBits; f < kCountedFacets && counted(f))
              ++flat[offset[f] + (code & ((1u << Index::kOrdinalBits) - 1))];
          continue;
        }
        if (by_combination) {
          ++per_profile[record.profile];
          ++per_links[record.links];
        } else {
          add_profile(record.profile, 1);
          add_links(record.links, 1);
        }
        // Two places always (adding 0 past the last), the rare others in a loop: a loop of as
        // many turns as the entry has countries mispredicted its end at nearly every entry.
        flat[countries + record.country[0]] += record.countries > 0 ? 1u : 0u;
        flat[countries + record.country[1]] += record.countries > 1 ? 1u : 0u;
        for (unsigned k = 2; k < record.countries; ++k) ++flat[countries + record.country[k]];
      }
    }
    for (std::size_t p = 0; p < per_profile.size(); ++p)
      if (per_profile[p]) add_profile(static_cast<std::uint16_t>(p), per_profile[p]);
    for (std::size_t l = 0; l < per_links.size(); ++l)
      if (per_links[l]) add_links(static_cast<std::uint16_t>(l), per_links[l]);
    for (std::size_t f = 0; f < kCountedFacets; ++f)
      if (counted(f))
        for (std::size_t v = 0; v < counts[f].size(); ++v) counts[f][v] += step * flat[offset[f] + v];
  };
  // Counts the facets `counted` selects (all of which have `base` as their base).
  auto count = [&](const Roaring& base, auto&& counted) {
    const std::uint64_t size = base.cardinality();
    auto counting = options_.counting;
    if (counting == Counting::choose) {
      if (static_cast<double>(total - std::min(size, total)) < walk_limit) counting = Counting::walk_rest;
      else if (static_cast<double>(size) < walk_limit) counting = Counting::walk;
      else counting = Counting::bitmaps;
    }
    if (counting == Counting::walk_rest) {
      for (std::size_t f = 0; f < kCountedFacets; ++f)
        if (counted(f))
          for (std::size_t v = 0; v < counts[f].size(); ++v)
            counts[f][v] = static_cast<std::int64_t>(index.facets[f].bitmaps[v].cardinality());
      if (size < total) tally(index.all - base, counted, -1);
    } else if (counting == Counting::walk) {
      tally(base, counted, 1);
    } else {
      for (std::size_t f = 0; f < kCountedFacets; ++f)
        if (counted(f))
          for (std::size_t v = 0; v < counts[f].size(); ++v)
            counts[f][v] = static_cast<std::int64_t>(index.facets[f].bitmaps[v].and_cardinality(base));
    }
  };
  count(everything, [&](std::size_t f) { return bases[f] == &everything; });
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    if (bases[f] == &everything) continue;
    // One facet of a few values over its own base (a filtered region, language...): its few
    // bitmaps are cheaper than walking the base (kFewValues).
    if (options_.counting == Counting::choose && index.facets[f].names.size() <= kFewValues) {
      for (std::size_t v = 0; v < counts[f].size(); ++v)
        counts[f][v] = static_cast<std::int64_t>(index.facets[f].bitmaps[v].and_cardinality(*bases[f]));
      continue;
    }
    count(*bases[f], [f](std::size_t facet) { return facet == f; });
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

std::optional<Roaring> EntryCatalog::restricting(const EntryFilter& filter) const {
  std::shared_lock lock(mutex_);
  return index_->matching(filter_values(filter), kFacetCount, nullptr);
}

Roaring EntryCatalog::matching(const EntryFilter& filter) const {
  std::shared_lock lock(mutex_);
  auto result = index_->matching(filter_values(filter), kFacetCount, nullptr);
  return result ? std::move(*result) : index_->all;
}

}  // namespace wsis::stocktaking
