#include "matrix/evidence.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "core/language.h"
#include "core/string_hash.h"
#include "db/change_feed.h"
#include "reference/reference_data.h"
#include "stocktaking/entry.h"

namespace wsis::matrix {

namespace {

// Looked up by string_view without building a std::string per lookup (millions at rebuild).
using CodeIndex = std::unordered_map<std::string, int, StringViewHash, std::equal_to<>>;

template <typename List, typename Code>
CodeIndex index_of(const List& list, Code code) {
  CodeIndex out;
  for (std::size_t i = 0; i < list.size(); ++i) out.emplace(code(list[i]), static_cast<int>(i));
  return out;
}

struct Indices {
  CodeIndex action_lines, targets, countries, regions, stakeholders;
};

const Indices& indices() {
  static const Indices instance = [] {
    const auto& data = reference::ReferenceData::instance();
    Indices i;
    i.action_lines = index_of(data.action_lines(), [](const auto& a) { return a.code; });
    i.targets = index_of(data.targets(), [](const auto& t) { return t.code; });
    i.countries = index_of(data.countries(), [](const auto& c) { return c.iso3; });
    i.regions = index_of(data.regions(), [](const auto& r) { return r.code; });
    i.stakeholders = index_of(data.stakeholder_types(), [](const auto& s) { return s.code; });
    return i;
  }();
  return instance;
}

int find(const CodeIndex& map, std::string_view code) {
  auto it = map.find(code);
  return it == map.end() ? -1 : it->second;
}

template <std::size_t N>
int position(const std::array<std::string_view, N>& list, std::string_view value) {
  auto it = std::find(list.begin(), list.end(), value);
  return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

std::size_t block_offset(Profile::Block block) {
  const auto& d = Dimensions::instance();
  std::size_t sizes[] = {d.action_lines, d.goals, d.targets, d.countries, d.regions, d.stakeholders, d.years};
  std::size_t offset = 0;
  for (int b = 0; b < block; ++b) offset += sizes[b];
  return offset;
}

struct Offsets {
  std::size_t of[Profile::kBlocks + 1];
};
const Offsets& offsets() {
  static const Offsets o = [] {
    Offsets out;
    for (int b = 0; b <= Profile::kBlocks; ++b) out.of[b] = block_offset(static_cast<Profile::Block>(b));
    return out;
  }();
  return o;
}

}  // namespace

const Dimensions& Dimensions::instance() {
  static const Dimensions d = [] {
    const auto& data = reference::ReferenceData::instance();
    Dimensions out;
    out.action_lines = data.action_lines().size();
    out.goals = data.goals().size();
    out.targets = data.targets().size();
    out.countries = data.countries().size();
    out.regions = data.regions().size();
    out.stakeholders = data.stakeholder_types().size();
    for (const auto& t : data.targets()) out.target_goal.push_back(t.goal - 1);
    return out;
  }();
  return d;
}

int Dimensions::action_line(std::string_view code) const { return find(indices().action_lines, code); }
int Dimensions::target(std::string_view code) const { return find(indices().targets, code); }
int Dimensions::country(std::string_view iso3) const { return find(indices().countries, iso3); }
int Dimensions::region(std::string_view code) const { return find(indices().regions, code); }
int Dimensions::stakeholder(std::string_view code) const { return find(indices().stakeholders, code); }

std::int32_t Profile::at(Block block, std::size_t index) const {
  if (counts.empty()) return 0;
  return counts[offsets().of[block] + index];
}

// --- PairCounts: linear probing, backward-shift deletion -------------------------------------

std::size_t PairCounts::slot_of(std::uint64_t key) const {
  std::size_t mask = keys_.size() - 1;
  std::size_t slot = mix(key) & mask;
  while (keys_[slot] != kEmpty && keys_[slot] != key) slot = (slot + 1) & mask;
  return slot;
}

void PairCounts::grow() {
  std::vector<std::uint64_t> keys(std::max<std::size_t>(64, keys_.size() * 2), kEmpty);
  std::vector<std::uint32_t> values(keys.size(), 0);
  std::swap(keys, keys_);
  std::swap(values, values_);
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] != kEmpty) {
      auto slot = slot_of(keys[i]);
      keys_[slot] = keys[i];
      values_[slot] = values[i];
    }
}

std::uint32_t PairCounts::increment(std::uint64_t key) {
  if ((size_ + 1) * 10 > keys_.size() * 7) grow();
  auto slot = slot_of(key);
  if (keys_[slot] == kEmpty) {
    keys_[slot] = key;
    ++size_;
  }
  return ++values_[slot];
}

std::uint32_t PairCounts::decrement(std::uint64_t key) {
  if (keys_.empty()) return 0;
  auto slot = slot_of(key);
  if (keys_[slot] == kEmpty) return 0;
  if (--values_[slot] > 0) return values_[slot];
  // Remove, shifting back the entries of the run that follows so lookups still find them.
  std::size_t mask = keys_.size() - 1;
  std::size_t hole = slot;
  std::size_t next = (hole + 1) & mask;
  while (keys_[next] != kEmpty) {
    std::size_t home = mix(keys_[next]) & mask;
    // Move `next` into the hole if its home is not in (hole, next].
    bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (!stays) {
      keys_[hole] = keys_[next];
      values_[hole] = values_[next];
      hole = next;
    }
    next = (next + 1) & mask;
  }
  keys_[hole] = kEmpty;
  values_[hole] = 0;
  --size_;
  return 0;
}

// --- Tally ----------------------------------------------------------------------------------

Tally::Tally(Scope s) : scope(s) {
  const auto& d = Dimensions::instance();
  auto make = [](std::size_t n) { return std::vector<Profile>(n); };
  if (scope.cells) {
    goal_cells = make(d.action_lines * d.goals);
    target_cells = make(d.action_lines * d.targets);
  }
  if (scope.sdgs) {
    by_action_line = make(d.action_lines);
    by_goal = make(d.goals);
    by_target = make(d.targets);
  }
  if (scope.groups) {
    by_region = make(d.regions);
    by_country = make(d.countries);
    by_stakeholder = make(d.stakeholders);
  }
}

void Tally::add_to(std::size_t number, Profile& p, const EntryFacts& e, int sign, bool breakdown) {
  const auto& o = offsets().of;
  if (p.counts.empty()) p.counts.assign(o[Profile::kBlocks], 0);
  p.entries += sign;
  std::int32_t* c = p.counts.data();
  for (std::size_t i = 0; i < e.n_countries; ++i) {
    auto& n = c[o[Profile::kCountry] + e.countries()[i]];
    if (sign > 0 && n++ == 0) ++p.countries;
    if (sign < 0 && --n == 0) --p.countries;
  }
  c[o[Profile::kYear] + static_cast<std::size_t>(std::clamp(e.year - Dimensions::first_year, 0, 99))] += sign;
  std::uint64_t key = (static_cast<std::uint64_t>(number) << 32) | e.organisation;
  if (sign > 0 && organisations_.increment(key) == 1) ++p.organisations;
  if (sign < 0 && organisations_.decrement(key) == 0) --p.organisations;
  c[o[Profile::kStakeholder] + e.stakeholder] += sign;
  for (std::size_t i = 0; i < e.n_regions; ++i) c[o[Profile::kRegion] + e.regions()[i]] += sign;
  if (!breakdown) return;
  for (std::size_t i = 0; i < e.n_action_lines; ++i) c[o[Profile::kActionLine] + e.action_lines()[i]] += sign;
  for (std::size_t i = 0; i < e.n_goals; ++i) c[o[Profile::kGoal] + e.goals()[i]] += sign;
  for (std::size_t i = 0; i < e.n_targets; ++i) c[o[Profile::kTarget] + e.targets()[i]] += sign;
}

void Tally::add(const EntryFacts& e, int sign) {
  const auto& d = Dimensions::instance();
  // Profiles are numbered for the organisation table: total 0, then each list in turn.
  std::size_t base = 1;
  add_to(0, total, e, sign, true);
  auto next_base = [&](std::size_t n) {
    std::size_t b = base;
    base += n;
    return b;
  };
  std::size_t goal_base = next_base(goal_cells.size()), target_base = next_base(target_cells.size());
  std::size_t line_base = next_base(by_action_line.size()), sdg_base = next_base(by_goal.size()),
              tgt_base = next_base(by_target.size());
  std::size_t region_base = next_base(by_region.size()), country_base = next_base(by_country.size()),
              stakeholder_base = next_base(by_stakeholder.size());
  for (std::size_t a = 0; a < e.n_action_lines; ++a) {
    std::size_t line = e.action_lines()[a];
    if (scope.cells) {
      for (std::size_t g = 0; g < e.n_goals; ++g) {
        std::size_t i = line * d.goals + e.goals()[g];
        add_to(goal_base + i, goal_cells[i], e, sign, false);
      }
      for (std::size_t t = 0; t < e.n_targets; ++t) {
        std::size_t i = line * d.targets + e.targets()[t];
        add_to(target_base + i, target_cells[i], e, sign, false);
      }
    }
    if (scope.sdgs) add_to(line_base + line, by_action_line[line], e, sign, true);
  }
  if (scope.sdgs) {
    for (std::size_t g = 0; g < e.n_goals; ++g) add_to(sdg_base + e.goals()[g], by_goal[e.goals()[g]], e, sign, true);
    for (std::size_t t = 0; t < e.n_targets; ++t)
      add_to(tgt_base + e.targets()[t], by_target[e.targets()[t]], e, sign, true);
  }
  if (scope.groups) {
    for (std::size_t r = 0; r < e.n_regions; ++r)
      add_to(region_base + e.regions()[r], by_region[e.regions()[r]], e, sign, true);
    for (std::size_t c = 0; c < e.n_countries; ++c)
      add_to(country_base + e.countries()[c], by_country[e.countries()[c]], e, sign, true);
    add_to(stakeholder_base + e.stakeholder, by_stakeholder[e.stakeholder], e, sign, true);
  }
}

// --- FactFilter -----------------------------------------------------------------------------

FactFilter::FactFilter(const stocktaking::EntryFilter& f) {
  const auto& d = Dimensions::instance();
  auto set = [&](std::vector<bool>& bits, std::size_t size, const auto& values, auto index_of) {
    if (values.empty()) return;
    empty_ = false;
    bits.assign(size, false);
    for (const auto& v : values) {
      int i = index_of(v);
      if (i >= 0 && static_cast<std::size_t>(i) < size) bits[static_cast<std::size_t>(i)] = true;
    }
  };
  set(action_lines_, d.action_lines, f.action_lines, [&](const std::string& v) { return d.action_line(v); });
  set(goals_, d.goals, f.goals, [](int g) { return g - 1; });
  set(targets_, d.targets, f.targets, [&](const std::string& v) { return d.target(v); });
  set(countries_, d.countries, f.countries, [&](const std::string& v) { return d.country(v); });
  set(regions_, d.regions, f.regions, [&](const std::string& v) { return d.region(v); });
  set(stakeholders_, d.stakeholders, f.stakeholder_types, [&](const std::string& v) { return d.stakeholder(v); });
  set(languages_, kLanguages.size(), f.languages, [](const std::string& v) { return position(kLanguages, v); });
  set(statuses_, stocktaking::kProjectStatuses.size(), f.project_statuses,
      [](const std::string& v) { return position(stocktaking::kProjectStatuses, v); });
  set(types_, stocktaking::kEntryTypes.size(), f.entry_types,
      [](const std::string& v) { return position(stocktaking::kEntryTypes, v); });
  set(years_, Dimensions::years, f.years, [](int y) { return y - Dimensions::first_year; });
  if (f.organisation_id) {
    empty_ = false;
    organisation_ = static_cast<std::uint32_t>(*f.organisation_id);
  }
  if (f.success_story) {
    empty_ = false;
    success_ = f.success_story;
  }
}

bool FactFilter::matches(const EntryFacts& e) const {
  auto any = [](const std::vector<bool>& bits, const std::uint16_t* values, std::size_t n) {
    if (bits.empty()) return true;
    for (std::size_t i = 0; i < n; ++i)
      if (bits[values[i]]) return true;
    return false;
  };
  auto one = [](const std::vector<bool>& bits, std::size_t value) {
    return bits.empty() || (value < bits.size() && bits[value]);
  };
  if (organisation_ && *organisation_ != e.organisation) return false;
  if (success_ && *success_ != e.success) return false;
  return one(stakeholders_, e.stakeholder) && one(languages_, e.language) && one(statuses_, e.status) &&
         one(types_, e.type) && one(years_, static_cast<std::size_t>(std::max(0, e.year - Dimensions::first_year))) &&
         any(action_lines_, e.action_lines(), e.n_action_lines) && any(goals_, e.goals(), e.n_goals) &&
         any(targets_, e.targets(), e.n_targets) && any(countries_, e.countries(), e.n_countries) &&
         any(regions_, e.regions(), e.n_regions);
}

// --- EvidenceIndex --------------------------------------------------------------------------

namespace {

constexpr Scope kFullScope{.cells = true, .sdgs = true, .groups = true};

constexpr std::string_view kFactColumns =
    "e.id, e.organisation_id, e.reporting_year, e.stakeholder_type, e.language, e.project_status, e.entry_type,"
    " e.success_story";

struct Partial {
  EntryFacts facts;
  std::vector<std::uint16_t> lines, goals, targets, countries, regions;
};

void read_row(db::Statement& s, Partial& p) {
  const auto& d = Dimensions::instance();
  p.facts.id = static_cast<std::uint32_t>(s.int64(0));
  p.facts.organisation = static_cast<std::uint32_t>(s.int64(1));
  p.facts.year = static_cast<std::int16_t>(s.int64(2));
  p.facts.stakeholder = static_cast<std::uint8_t>(std::max(0, d.stakeholder(s.text(3))));
  p.facts.language = static_cast<std::uint8_t>(std::max(0, position(kLanguages, s.text(4))));
  p.facts.status = static_cast<std::uint8_t>(std::max(0, position(stocktaking::kProjectStatuses, s.text(5))));
  p.facts.type = static_cast<std::uint8_t>(std::max(0, position(stocktaking::kEntryTypes, s.text(6))));
  p.facts.success = s.int64(7) != 0;
}

// Adds one row of a link table ("code" column) to the partial facts.
void add_link(Partial& p, int table, std::string_view value) {
  const auto& d = Dimensions::instance();
  auto push = [](std::vector<std::uint16_t>& list, int i) {
    if (i >= 0 && std::find(list.begin(), list.end(), i) == list.end()) list.push_back(static_cast<std::uint16_t>(i));
  };
  switch (table) {
    case 0: push(p.lines, d.action_line(value)); break;
    case 1: {
      int goal = 0;
      std::from_chars(value.data(), value.data() + value.size(), goal);
      if (goal >= 1 && static_cast<std::size_t>(goal) <= d.goals) push(p.goals, goal - 1);
      break;
    }
    case 2: push(p.targets, d.target(value)); break;
    case 3: push(p.countries, d.country(value)); break;
    case 4: push(p.regions, d.region(value)); break;
  }
}

EntryFacts finish(Partial& p) {
  EntryFacts f = std::move(p.facts);
  f.n_action_lines = static_cast<std::uint8_t>(p.lines.size());
  f.n_goals = static_cast<std::uint8_t>(p.goals.size());
  f.n_targets = static_cast<std::uint8_t>(p.targets.size());
  f.n_countries = static_cast<std::uint8_t>(std::min<std::size_t>(p.countries.size(), 255));
  f.n_regions = static_cast<std::uint8_t>(p.regions.size());
  f.codes.reserve(p.lines.size() + p.goals.size() + p.targets.size() + f.n_countries + p.regions.size());
  for (auto* list : {&p.lines, &p.goals, &p.targets}) f.codes.insert(f.codes.end(), list->begin(), list->end());
  f.codes.insert(f.codes.end(), p.countries.begin(), p.countries.begin() + f.n_countries);
  f.codes.insert(f.codes.end(), p.regions.begin(), p.regions.end());
  f.codes.shrink_to_fit();
  return f;
}

struct LinkTable {
  std::string_view column, table;
};
constexpr LinkTable kLinkTables[] = {{"x.code", "entry_action_lines"},
                                     {"x.goal", "entry_goals"},
                                     {"x.target", "entry_targets"},
                                     {"x.iso3", "entry_countries"},
                                     {"x.region", "entry_countries"}};

}  // namespace

EvidenceIndex::EvidenceIndex(db::Database& database, const Clock& clock)
    : database_(database), tally_(std::make_unique<Tally>(kFullScope)), follower_(clock) {}
EvidenceIndex::~EvidenceIndex() = default;

Result<std::optional<EntryFacts>> EvidenceIndex::read_facts(db::Connection& c, std::uint32_t id) {
  auto s = c.prepare("SELECT " + std::string(kFactColumns) + " FROM entries e WHERE e.id = ? AND e.state = 'published'");
  s->bind(1, static_cast<std::int64_t>(id));
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return std::optional<EntryFacts>{};
  Partial p;
  read_row(*s, p);
  for (int t = 0; t < 5; ++t) {
    auto l = c.prepare("SELECT " + std::string(kLinkTables[t].column) + " FROM " + std::string(kLinkTables[t].table) +
                       " x WHERE x.entry_id = ?");
    l->bind(1, static_cast<std::int64_t>(id));
    while (true) {
      WSIS_ASSIGN(bool link_row, l->step());
      if (!link_row) break;
      add_link(p, t, l->text(0));
    }
  }
  return std::optional<EntryFacts>(finish(p));
}

Result<void> EvidenceIndex::rebuild() {
  WSIS_ASSIGN(auto connection, database_.connect());
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(auto seq, db::latest_change(*connection));
  std::vector<Partial> partials;
  std::vector<std::int32_t> slot_of_id;
  {
    auto s = connection->prepare("SELECT " + std::string(kFactColumns) + " FROM entries e WHERE e.state = 'published'");
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      Partial p;
      read_row(*s, p);
      if (p.facts.id >= slot_of_id.size()) slot_of_id.resize(p.facts.id + 1024, -1);
      slot_of_id[p.facts.id] = static_cast<std::int32_t>(partials.size());
      partials.push_back(std::move(p));
    }
  }
  for (int t = 0; t < 5; ++t) {
    auto s = connection->prepare("SELECT x.entry_id, " + std::string(kLinkTables[t].column) + " FROM " +
                                 std::string(kLinkTables[t].table) + " x");
    while (true) {
      WSIS_ASSIGN(bool row, s->step());
      if (!row) break;
      auto id = static_cast<std::size_t>(s->int64(0));
      if (id >= slot_of_id.size() || slot_of_id[id] < 0) continue;  // not published
      add_link(partials[static_cast<std::size_t>(slot_of_id[id])], t, s->text(1));
    }
  }
  std::vector<EntryFacts> facts(slot_of_id.size());
  auto tally = std::make_unique<Tally>(kFullScope);
  for (auto& p : partials) {
    auto f = finish(p);
    tally->add(f, +1);
    auto id = f.id;
    facts[id] = std::move(f);
  }
  {
    std::unique_lock lock(mutex_);
    facts_ = std::move(facts);
    size_ = partials.size();
    tally_ = std::move(tally);
  }
  follower_.rebuilt_at(seq);
  return Ok{};
}

void EvidenceIndex::apply(std::uint32_t id, std::optional<EntryFacts> facts) {
  if (id >= facts_.size()) facts_.resize(static_cast<std::size_t>(id) + 1024);
  auto& slot = facts_[id];
  if (slot.id != 0) {
    tally_->add(slot, -1);
    --size_;
    slot = EntryFacts{};
  }
  if (facts) {
    tally_->add(*facts, +1);
    ++size_;
    slot = std::move(*facts);
  }
}

Result<void> EvidenceIndex::catch_up() {
  return follower_.catch_up(database_, [&](db::Connection& connection, const std::vector<std::uint32_t>& ids) -> Result<bool> {
    std::vector<std::pair<std::uint32_t, std::optional<EntryFacts>>> updates;
    for (auto id : ids) {
      WSIS_ASSIGN(auto facts, read_facts(connection, id));
      updates.emplace_back(id, std::move(facts));
    }
    std::unique_lock lock(mutex_);
    for (auto& [id, facts] : updates) apply(id, std::move(facts));
    return true;
  });
}

void EvidenceIndex::refresh_if_stale(std::int64_t interval_ms) {
  if (!follower_.stale(interval_ms)) return;
  if (auto result = catch_up(); !result)
    spdlog::warn("evidence index could not follow the change feed: {}", result.error().detail);
}

void EvidenceIndex::read(const stocktaking::EntryFilter& filter, Scope scope,
                         const std::function<void(const Tally&)>& reader) const {
  FactFilter compiled(filter);
  std::shared_lock lock(mutex_);
  if (compiled.empty()) {
    reader(*tally_);
    return;
  }
  Tally tally(scope);
  for (const auto& f : facts_)
    if (f.id != 0 && compiled.matches(f)) tally.add(f, +1);
  reader(tally);
}

std::vector<std::uint32_t> EvidenceIndex::entries_of(const stocktaking::EntryFilter& filter, int action_line, int goal,
                                                     int target, std::size_t limit) const {
  FactFilter compiled(filter);
  std::vector<std::uint32_t> out;
  std::shared_lock lock(mutex_);
  auto has = [](const std::uint16_t* values, std::size_t n, int v) {
    return v < 0 || std::find(values, values + n, static_cast<std::uint16_t>(v)) != values + n;
  };
  // Newest ids first: the most recent evidence is what a reviewer reads first.
  for (auto it = facts_.rbegin(); it != facts_.rend() && out.size() < limit; ++it) {
    const auto& f = *it;
    if (f.id == 0 || !has(f.action_lines(), f.n_action_lines, action_line) || !has(f.goals(), f.n_goals, goal) ||
        !has(f.targets(), f.n_targets, target))
      continue;
    if (compiled.empty() || compiled.matches(f)) out.push_back(f.id);
  }
  return out;
}

std::size_t EvidenceIndex::size() const {
  std::shared_lock lock(mutex_);
  return size_;
}

}  // namespace wsis::matrix
