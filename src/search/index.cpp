#include "search/index.h"

#include <spdlog/spdlog.h>
#include <roaring/roaring.hh>

#include <algorithm>
#include <array>
#include <bit>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "db/change_feed.h"
#include "stocktaking/catalog.h"
#include "stocktaking/entry.h"

namespace json = boost::json;

namespace wsis::search {

namespace {

// Instances of a field in one entry: 0 the original title, 1 the original description, then
// each translation's title and description. Even: a title; odd: a description.
constexpr std::size_t kMaxInstances = 2 + 2 * 5;
enum Kind : std::size_t { kTitle = 0, kDescription = 1 };

// BM25 with field weights (BM25F): a word's frequency in each field, normalised by the field's
// length against that kind's average, weighted (titles count more) and saturated once.
constexpr double kK1 = 1.2;
constexpr std::array<double, 2> kB = {0.3, 0.75};      // titles are short: less length normalisation
constexpr std::array<double, 2> kWeight = {2.5, 1.0};  // title, description
// A word matched through a form the user did not type counts less than one typed as is.
constexpr double kExact = 1.0, kPrefix = 0.7, kTypo = 0.5;
// An entry linked to a concept the query names, per word of the name: about a title match.
constexpr double kConcept = 0.8;
constexpr std::uint32_t kNoDoc = 0xFFFFFFFFu;

std::u32string decode(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

std::string encode(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string reversed(std::string_view utf8) {
  auto text = decode(utf8);
  std::reverse(text.begin(), text.end());
  return encode(text);
}

// Damerau-Levenshtein distance of at most one (one insertion, deletion, substitution or
// transposition of neighbours).
bool within_one_edit(std::u32string_view a, std::u32string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;
  if (a.size() == b.size())
    return a.substr(i + 1) == b.substr(i + 1) ||
           (i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2));
  return a.substr(i) == b.substr(i + 1);
}

// Frequencies count removed documents until the next rebuild, so they may exceed the live
// count: clamped, so that a word's weight stays positive.
double idf(double documents, double frequency) {
  frequency = std::min(frequency, documents);
  return std::log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5));
}

}  // namespace

// An entry analysed, ready to be added (prepared outside the lock). Flat: one vector each for
// the fields, their terms and the terms' positions, rather than a vector of positions per term
// (allocations were a quarter of the cost of building the index).
struct SearchIndex::Prepared {
  struct Field {
    std::uint8_t instance = 0;
    std::uint16_t length = 0;
    std::uint32_t terms_end = 0;  // its terms: from the previous field's terms_end to this
  };
  struct Term {
    std::string term;
    std::uint32_t first = 0;  // its positions in the field: positions[first, first + count)
    std::uint32_t count = 0;
  };
  std::uint32_t entry = 0;
  std::vector<Field> fields;
  std::vector<Term> terms;  // per field, by term
  std::vector<std::uint16_t> positions;
  // (surface, one of `terms` with the term it was indexed as), by surface and term, no repeats
  std::vector<std::pair<std::string, std::uint32_t>> surfaces;
};

namespace {

void prepare_field(const Analyzer& analyzer, SearchIndex::Prepared& doc, std::uint8_t instance, std::string_view text,
                   std::string_view lang) {
  if (text.empty()) return;
  auto tokens = analyzer.analyze(text, lang);
  if (tokens.empty()) return;
  SearchIndex::Prepared::Field field;
  field.instance = instance;
  field.length = static_cast<std::uint16_t>(std::min<std::size_t>(tokens.size(), 0xFFFF));
  // Grouped by term with a sort rather than a map: fewer allocations (this runs for every
  // field of every entry at start-up).
  std::vector<std::uint32_t> order(tokens.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return tokens[a].term < tokens[b].term; });
  const std::size_t field_begin = doc.terms.size();
  std::vector<std::uint32_t> term_of(tokens.size());  // by token
  for (auto i : order) {
    auto position = static_cast<std::uint16_t>(std::min<std::uint32_t>(tokens[i].position, 0xFFFF));
    if (doc.terms.size() == field_begin || doc.terms.back().term != tokens[i].term)
      doc.terms.push_back({std::move(tokens[i].term), static_cast<std::uint32_t>(doc.positions.size()), 0});
    doc.positions.push_back(position);
    ++doc.terms.back().count;
    term_of[i] = static_cast<std::uint32_t>(doc.terms.size() - 1);
  }
  field.terms_end = static_cast<std::uint32_t>(doc.terms.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) doc.surfaces.emplace_back(std::move(tokens[i].surface), term_of[i]);
  doc.fields.push_back(field);
}

SearchIndex::Prepared prepare(const Analyzer& analyzer, std::uint32_t entry, const stocktaking::EntryContent& content) {
  SearchIndex::Prepared doc;
  doc.entry = entry;
  prepare_field(analyzer, doc, 0, content.title, content.language);
  prepare_field(analyzer, doc, 1, content.description, content.language);
  std::uint8_t instance = 2;
  for (const auto& t : content.translations) {
    if (std::size_t{instance} + 1 >= kMaxInstances) break;
    prepare_field(analyzer, doc, instance, t.title, t.lang);
    prepare_field(analyzer, doc, instance + 1, t.description, t.lang);
    instance += 2;
  }
  // Sorted and without repeats, by sorting their indexes (moving the strings cost more than
  // comparing them).
  std::vector<std::uint32_t> order(doc.surfaces.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::uint32_t i) {
    return std::pair<std::string_view, std::string_view>(doc.surfaces[i].first, doc.terms[doc.surfaces[i].second].term);
  };
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
  std::vector<std::pair<std::string, std::uint32_t>> surfaces;
  surfaces.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    if (k == 0 || key(order[k - 1]) != key(order[k])) surfaces.push_back(std::move(doc.surfaces[order[k]]));
  doc.surfaces = std::move(surfaces);
  return doc;
}

// Where a term occurs in one document: the field instance (0-11) and the word's position in it.
struct Occurrence {
  std::uint32_t instance;
  std::uint32_t position;
};

// One term's documents, in the order added (documents only grow, so ascending), each with the
// term's impact there and where it occurs. Arrays by document rather than a record per
// (document, field): scoring a query's matches reads one id and one impact per document,
// in order, and most documents have the term once, which fits in `where` itself.
struct TermData {
  // `where` holds either one occurrence (kInline | instance << 15 | position) or the offset in
  // `spilled` of several: runs of a marker (kRun | instance) followed by that instance's
  // positions, ascending, ended by kEnd. Positions are kept under 32,768: a description is at
  // most 10,000 characters (EntryLimits).
  static constexpr std::uint32_t kInline = 0x80000000u;
  static constexpr std::uint16_t kRun = 0x8000, kEnd = 0xFFFF, kMaxPosition = 0x7FFF;

  std::vector<std::uint32_t> doc;  // ascending
  // The term's part of the document's score before the query weighs it (Index::impact), with
  // the averages of the last ranking: every score reads it here, so any two ways of scoring a
  // document give the same number, bit for bit.
  std::vector<float> impact;
  std::vector<std::uint32_t> where;
  std::vector<std::uint16_t> spilled;
  Roaring docs;  // the same documents as a set: a word's matches without a walk
  // The term's live documents as of the last ranking (Index::rank), by impact: highest first,
  // ties by entry id. All of them when `ranked_complete`; else only the best (the rest rank
  // lower than the last one kept).
  std::vector<std::uint32_t> ranked;
  std::vector<float> ranked_impact;
  bool ranked_complete = true;

  std::size_t documents() const { return doc.size(); }  // removed ones included

  // Adds document `d` with its occurrences, sorted by instance then position.
  void append(std::uint32_t d, std::span<const Occurrence> occurrences) {
    doc.push_back(d);
    impact.push_back(0.0f);
    if (occurrences.size() == 1) {
      const auto& o = occurrences.front();
      where.push_back(kInline | o.instance << 15 | std::min<std::uint32_t>(o.position, kMaxPosition));
      return;
    }
    where.push_back(static_cast<std::uint32_t>(spilled.size()));
    std::uint32_t instance = 0xFFFFFFFFu;
    for (const auto& o : occurrences) {
      if (o.instance != instance) spilled.push_back(static_cast<std::uint16_t>(kRun | (instance = o.instance)));
      spilled.push_back(static_cast<std::uint16_t>(std::min<std::uint32_t>(o.position, kMaxPosition)));
    }
    spilled.push_back(kEnd);
  }

  // Calls f(instance, position) for each occurrence in the i-th document, by instance then
  // position.
  template <class F>
  void each_occurrence(std::size_t i, F&& f) const {
    const std::uint32_t w = where[i];
    if (w & kInline) {
      f((w >> 15) & 0xF, w & kMaxPosition);
      return;
    }
    std::uint32_t instance = 0;
    for (const std::uint16_t* p = spilled.data() + w; *p != kEnd; ++p)
      if (*p & kRun) instance = *p & 0xF;
      else f(instance, std::uint32_t{*p});
  }

  // The index of document `d` among this term's, if it has the term.
  std::optional<std::size_t> find(std::uint32_t d) const {
    auto it = std::lower_bound(doc.begin(), doc.end(), d);
    if (it == doc.end() || *it != d) return std::nullopt;
    return static_cast<std::size_t>(it - doc.begin());
  }

  void shrink_to_fit() {
    doc.shrink_to_fit();
    impact.shrink_to_fit();
    where.shrink_to_fit();
    spilled.shrink_to_fit();
  }
};

// Every term keeps at least SearchLimits::ranked_at_least of its documents ranked by impact, and
// this share of them beyond: enough for the best page under all but the rarest filters (then
// every match is scored).
constexpr std::size_t kRankedShare = 8;

struct Doc {
  std::array<std::uint16_t, kMaxInstances> length{};  // of each field instance (0: none)
};

// The first position in [first, last) not less than `value`, searching forward in growing
// steps: cheap when it is near, as it is when merging a short list into a long one.
template <class It, class T>
It gallop(It first, It last, const T& value) {
  std::ptrdiff_t step = 1;
  It low = first;
  while (true) {
    if (last - low <= step) return std::lower_bound(low, last, value);
    It probe = low + step;
    if (!(*probe < value)) return std::lower_bound(low, probe, value);
    low = probe;
    step *= 2;
  }
}

// Calls f(index in a, index in b) for each value in both of two ascending lists. Each side
// skips ahead by galloping, so a short list against a long one costs its length times the
// logarithm of the gaps, and two long ones about their lengths.
template <class F>
void for_each_common(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b, F&& f) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      i = gallop(i, a.end(), *j);
    } else if (*j < *i) {
      j = gallop(j, b.end(), *i);
    } else {
      f(static_cast<std::size_t>(i - a.begin()), static_cast<std::size_t>(j - b.begin()));
      ++i;
      ++j;
    }
  }
}
}  // namespace

struct SearchIndex::Index {
  std::unordered_map<std::string, std::uint32_t> term_ids;
  std::vector<std::string> terms;
  std::vector<TermData> data;
  // Unstemmed words -> the terms they were indexed as: hashed for adding, ordered for prefix
  // scans, and spelled backwards for typos in a word's first half.
  std::unordered_map<std::string, std::uint32_t> surface_ids;
  std::vector<std::vector<std::uint32_t>> surface_terms;
  std::map<std::string, std::uint32_t, std::less<>> surfaces;
  std::set<std::string, std::less<>> reversed_surfaces;
  // Documents are numbered as their entries at a rebuild (ids without a published entry are
  // left empty), and from the largest on in the order added after (an edit adds a document):
  // a set of matching documents is mostly the set of their entries as it is, with no id
  // to look up per match.
  std::vector<Doc> docs;
  std::vector<std::uint32_t> entry_of;      // each document's entry (read per match)
  bool bulk = false;  // loading at start-up: the terms' document sets are made at the end, at once
  std::vector<std::uint32_t> doc_by_entry;  // entry id -> its live document, or kNoDoc
  Roaring live;
  Roaring same_ids;  // the documents numbered as their entries: [0, the end of the last rebuild)
  Roaring moved;     // the entries whose live document was added since (not numbered as they are)
  std::uint32_t same_ids_end = 0;
  bool same_ids_broken = false;  // a rebuild met entries out of order (then none are the same)
  std::array<double, 2> length_sum{};
  std::array<std::uint64_t, 2> instance_count{};
  std::size_t dead = 0;
  // BM25F's average field lengths as of the last ranking: every score uses these rather than
  // today's, so that the ranked lists' impacts stay exactly what a score computes until the
  // next ranking (which follows once the index has changed by an eighth).
  std::array<double, 2> ranking_average{1.0, 1.0};
  std::uint32_t ranked_upto = 0;  // documents added since (from this one on) are in no ranked list
  std::uint64_t ranked_live = 0;
  // Bigrams of common terms (SearchLimits::bigram_terms_from): for each (first << 32 | second),
  // the documents in which the first term is directly followed by the second in one field.
  // Which terms are common is decided at a rebuild; documents added since add their bigrams of
  // those terms, so each set stays complete (a term common today but not then has none).
  std::vector<char> common;  // by term id; ids past its end are not common
  std::unordered_map<std::uint64_t, Roaring> bigrams;

  std::uint32_t intern(const std::string& term) {
    if (auto it = term_ids.find(term); it != term_ids.end()) return it->second;
    auto id = static_cast<std::uint32_t>(terms.size());
    term_ids.emplace(term, id);
    terms.push_back(term);
    data.emplace_back();
    return id;
  }

  std::uint32_t doc_of(std::uint64_t entry) const { return entry < doc_by_entry.size() ? doc_by_entry[entry] : kNoDoc; }

  void insert(Prepared&& prepared) {
    // At a rebuild entries come in id order, each numbered as itself; later, after the last.
    auto doc = static_cast<std::uint32_t>(docs.size());
    if (bulk && prepared.entry >= doc) {
      doc = prepared.entry;
      docs.resize(doc);
      entry_of.resize(doc, kNoDoc);
    } else if (bulk) {
      same_ids_broken = true;
    }
    Doc d;
    // Each prepared term (listed per field, by term) with its field instance, grouped by term:
    // fields come in instance order, so a term's occurrences come out by instance, then position.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> by_term;  // (term id, index in prepared.terms)
    std::vector<std::uint8_t> instance_of(prepared.terms.size());
    std::uint32_t terms_begin = 0;
    for (const auto& field : prepared.fields) {
      d.length[field.instance] = field.length;
      length_sum[field.instance & 1] += field.length;
      ++instance_count[field.instance & 1];
      for (auto k = terms_begin; k < field.terms_end; ++k) {
        instance_of[k] = field.instance;
        by_term.emplace_back(intern(prepared.terms[k].term), k);
      }
      terms_begin = field.terms_end;
    }
    docs.push_back(d);
    std::stable_sort(by_term.begin(), by_term.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::uint32_t> term_ids_of(prepared.terms.size());  // of prepared.terms
    std::vector<Occurrence> occurrences;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> common_occurrences;  // (instance << 16 | position, term)
    for (std::size_t g = 0; g < by_term.size();) {
      const std::uint32_t id = by_term[g].first;
      occurrences.clear();
      for (; g < by_term.size() && by_term[g].first == id; ++g) {
        const auto k = by_term[g].second;
        term_ids_of[k] = id;
        const auto& term = prepared.terms[k];
        for (auto p = term.first; p < term.first + term.count; ++p)
          occurrences.push_back({instance_of[k], prepared.positions[p]});
      }
      TermData& t = data[id];
      t.append(doc, occurrences);
      if (!bulk) {
        t.impact.back() = impact(t, t.doc.size() - 1);
        t.docs.add(doc);
        if (is_common(id))
          for (const auto& o : occurrences) common_occurrences.emplace_back(o.instance << 16 | std::min<std::uint32_t>(o.position, TermData::kMaxPosition), id);
      }
    }
    if (!common_occurrences.empty()) add_bigrams(doc, common_occurrences);
    for (auto& [surface, term] : prepared.surfaces) {
      auto id = term_ids_of[term];
      auto it = surface_ids.find(surface);
      if (it == surface_ids.end()) {
        auto surface_id = static_cast<std::uint32_t>(surface_terms.size());
        surface_terms.emplace_back();
        surfaces.emplace(surface, surface_id);
        reversed_surfaces.insert(reversed(surface));
        it = surface_ids.emplace(surface, surface_id).first;
      }
      auto& ids = surface_terms[it->second];
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    entry_of.push_back(prepared.entry);
    if (doc_by_entry.size() <= prepared.entry)
      doc_by_entry.resize(std::max<std::size_t>(prepared.entry + 1, doc_by_entry.size() * 3 / 2), kNoDoc);
    doc_by_entry[prepared.entry] = doc;
    live.add(doc);
    if (!bulk) moved.add(prepared.entry);
  }

  // Removes an entry from every answer. Its documents stay in the terms (documents only grow)
  // until the next rebuild, which catch_up starts when removed documents outnumber the live ones.
  void erase(std::uint32_t entry) {
    auto doc = doc_of(entry);
    if (doc == kNoDoc) return;
    live.remove(doc);
    for (std::size_t i = 0; i < kMaxInstances; ++i)
      if (auto length = docs[doc].length[i]) {
        length_sum[i & 1] -= length;
        --instance_count[i & 1];
      }
    doc_by_entry[entry] = kNoDoc;
    moved.remove(entry);
    ++dead;
  }

  double average_length(std::size_t kind) const {
    return instance_count[kind] ? length_sum[kind] / static_cast<double>(instance_count[kind]) : 1.0;
  }

  bool is_live(std::uint32_t doc) const { return entry_of[doc] != kNoDoc && doc_of(entry_of[doc]) == doc; }

  // The entries of a set of documents: those numbered as their entries as they are, the others
  // looked up.
  Roaring entries_of(const Roaring& set) const {
    Roaring entries = set & same_ids;
    if (!set.isEmpty() && set.maximum() >= same_ids_end)
      for (auto doc : set - same_ids) entries.add(entry_of[doc]);
    return entries;
  }
  // The live documents of a set of entries (the inverse).
  Roaring docs_of(const Roaring& entries) const {
    Roaring set = entries & same_ids;
    set &= live;
    for (auto entry : entries & moved) set.add(doc_by_entry[entry]);
    return set;
  }

  // The end of a bulk load: each term's document set, from its documents, in one go (their
  // impacts wait for the ranking, which sets the averages they need).
  void finish_bulk() {
    bulk = false;
    for (auto& term : data) {
      term.shrink_to_fit();
      term.docs = Roaring();
      term.docs.addMany(term.doc.size(), term.doc.data());
      term.docs.runOptimize();
      term.docs.shrinkToFit();
    }
    entry_of.shrink_to_fit();
    same_ids_end = same_ids_broken ? 0 : static_cast<std::uint32_t>(docs.size());
    same_ids = Roaring();
    if (same_ids_end > 0) same_ids.addRange(0, same_ids_end);
    same_ids.runOptimize();
    if (same_ids_broken)
      for (auto doc : live) moved.add(entry_of[doc]);
  }

  // The term's part of its i-th document's score before the query weighs it (BM25F): its
  // frequency in each field, normalised by the field's length against the average of the last
  // ranking, weighted by field kind and saturated once.
  float impact(const TermData& term, std::size_t i) const {
    const Doc& doc = docs[term.doc[i]];
    std::array<double, 2> frequency{};
    std::uint32_t instance = kMaxInstances, count = 0;
    auto instance_done = [&] {
      if (count == 0) return;
      std::size_t kind = instance & 1;
      double norm = 1.0 - kB[kind] + kB[kind] * doc.length[instance] / ranking_average[kind];
      // The same word in a title and its translations counts once: the best of them.
      frequency[kind] = std::max(frequency[kind], count / norm);
    };
    term.each_occurrence(i, [&](std::uint32_t in, std::uint32_t) {
      if (in != instance) {
        instance_done();
        instance = in;
        count = 0;
      }
      ++count;
    });
    instance_done();
    double tf = kWeight[kTitle] * frequency[kTitle] + kWeight[kDescription] * frequency[kDescription];
    return static_cast<float>(tf * (kK1 + 1) / (tf + kK1));
  }

  // Sets the averages, recomputes every impact with them and ranks every term's live documents
  // by impact (on a few threads: at a million entries this is a few seconds of work).
  void rank(std::size_t at_least) {
    ranking_average = {average_length(kTitle), average_length(kDescription)};
    ranked_upto = static_cast<std::uint32_t>(docs.size());
    ranked_live = live.cardinality();
    auto work = [&](std::size_t from, std::size_t step) {
      std::vector<std::pair<float, std::uint32_t>> scored;  // (impact, doc)
      for (std::size_t t = from; t < data.size(); t += step) {
        TermData& term = data[t];
        scored.clear();
        for (std::size_t i = 0; i < term.doc.size(); ++i) {
          term.impact[i] = impact(term, i);
          if (is_live(term.doc[i])) scored.emplace_back(term.impact[i], term.doc[i]);
        }
        auto better = [&](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : entry_of[a.second] < entry_of[b.second];
        };
        std::size_t keep = std::max(at_least, scored.size() / kRankedShare);
        term.ranked_complete = keep >= scored.size();
        if (!term.ranked_complete) {
          std::nth_element(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(), better);
          scored.resize(keep);
        }
        std::sort(scored.begin(), scored.end(), better);
        term.ranked.resize(scored.size());
        term.ranked_impact.resize(scored.size());
        for (std::size_t i = 0; i < scored.size(); ++i) {
          term.ranked_impact[i] = scored[i].first;
          term.ranked[i] = scored[i].second;
        }
        term.ranked.shrink_to_fit();
        term.ranked_impact.shrink_to_fit();
      }
    };
    std::size_t threads = data.size() < 256 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
    work(0, threads);
    for (auto& thread : pool) thread.join();
  }

  bool is_common(std::uint32_t term) const { return term < common.size() && common[term]; }

  // The end of a rebuild: which terms are common, and the documents of each bigram of them, from
  // the terms' occurrences.
  void index_bigrams(const SearchLimits& limits) {
    const double from = std::max(static_cast<double>(limits.bigram_terms_from),
                                 limits.bigram_terms_share * static_cast<double>(live.cardinality()));
    common.assign(data.size(), 0);
    std::vector<std::uint32_t> common_ids;
    for (std::uint32_t t = 0; t < data.size(); ++t)
      if (static_cast<double>(data[t].documents()) >= from) {
        common[t] = 1;
        common_ids.push_back(t);
      }
    bigrams.clear();
    if (common_ids.empty()) return;
    // Each thread takes a contiguous share of the documents and builds sets of its own; the
    // shares are disjoint, so the sets are merged by union at the end (5.9 s on one thread at a
    // million entries, docs/PERFORMANCE.md).
    const std::size_t threads = limits.bigram_threads != 0 ? limits.bigram_threads
                                : docs.size() < 65536     ? 1
                                                          : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::unordered_map<std::uint64_t, Roaring>> shares(threads);
    auto work = [&](std::size_t share) {
      const std::size_t per = (docs.size() + threads - 1) / threads;
      const auto from = static_cast<std::uint32_t>(std::min(docs.size(), share * per));
      const auto to = static_cast<std::uint32_t>(std::min(docs.size(), (share + 1) * per));
      bigrams_of_documents(common_ids, from, to, threads == 1 ? bigrams : shares[share]);
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& thread : pool) thread.join();
    if (threads > 1) {
      bigrams = std::move(shares[0]);
      for (std::size_t t = 1; t < threads; ++t)
        for (auto& [bigram, set] : shares[t]) {
          auto [at, added] = bigrams.try_emplace(bigram, std::move(set));
          if (!added) at->second |= set;
        }
    }
    for (auto& [bigram, set] : bigrams) {
      set.runOptimize();
      set.shrinkToFit();
    }
  }

  // The bigram sets of documents [from, to) into `out`, a range of documents at a time (each
  // document's occurrences of common terms put in position order, the neighbours read off).
  void bigrams_of_documents(const std::vector<std::uint32_t>& common_ids, std::uint32_t from, std::uint32_t to,
                            std::unordered_map<std::uint64_t, Roaring>& out) const {
    // Documents of each bigram gathered in order and added to its set a batch at a time.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> pending;
    auto flush = [&](std::uint64_t bigram, std::vector<std::uint32_t>& docs_of) {
      out[bigram].addMany(docs_of.size(), docs_of.data());
      docs_of.clear();
    };
    constexpr std::uint32_t kRange = 16384;
    std::vector<std::size_t> at(common_ids.size());  // each common term's next document
    for (std::size_t c = 0; c < common_ids.size(); ++c) {
      const auto& doc = data[common_ids[c]].doc;
      at[c] = static_cast<std::size_t>(std::lower_bound(doc.begin(), doc.end(), from) - doc.begin());
    }
    std::vector<std::uint32_t> count(kRange + 1);
    struct Occurrence {
      std::uint32_t key;  // instance << 16 | position
      std::uint32_t term;
    };
    std::vector<Occurrence> occurrences;
    std::vector<std::uint64_t> found;
    for (std::uint32_t low = from; low < to; low += kRange) {
      const std::uint32_t high = std::min(to, low + kRange);
      // Counted per document, then placed: grouped by document without sorting them all.
      std::fill(count.begin(), count.end(), 0);
      for (std::size_t c = 0; c < common_ids.size(); ++c) {
        const TermData& t = data[common_ids[c]];
        for (std::size_t i = at[c]; i < t.doc.size() && t.doc[i] < high; ++i)
          t.each_occurrence(i, [&](std::uint32_t, std::uint32_t) { ++count[t.doc[i] - low + 1]; });
      }
      for (std::uint32_t d = 0; d < kRange; ++d) count[d + 1] += count[d];
      occurrences.resize(count[kRange]);
      for (std::size_t c = 0; c < common_ids.size(); ++c) {
        const TermData& t = data[common_ids[c]];
        for (; at[c] < t.doc.size() && t.doc[at[c]] < high; ++at[c])
          t.each_occurrence(at[c], [&](std::uint32_t instance, std::uint32_t position) {
            occurrences[count[t.doc[at[c]] - low]++] = {instance << 16 | position, common_ids[c]};
          });
      }
      // count[d] is now where document low + d + 1's occurrences begin.
      std::uint32_t begin = 0;
      for (std::uint32_t d = 0; low + d < high; ++d) {
        const std::uint32_t end = count[d];
        auto first = occurrences.begin() + begin, last = occurrences.begin() + end;
        std::sort(first, last, [](const Occurrence& a, const Occurrence& b) { return a.key < b.key; });
        found.clear();
        for (auto o = first; o != last && o + 1 != last; ++o)
          if ((o + 1)->key == o->key + 1) found.push_back(std::uint64_t{o->term} << 32 | (o + 1)->term);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        for (auto bigram : found) {
          auto& docs_of = pending[bigram];
          docs_of.push_back(low + d);
          if (docs_of.size() == 4096) flush(bigram, docs_of);
        }
        begin = end;
      }
    }
    for (auto& [bigram, docs_of] : pending)
      if (!docs_of.empty()) flush(bigram, docs_of);
  }

  // Adds document `doc`'s bigrams of common terms; `occurrences` are its common terms' (key, term).
  void add_bigrams(std::uint32_t doc, std::vector<std::pair<std::uint32_t, std::uint32_t>>& occurrences) {
    std::sort(occurrences.begin(), occurrences.end());
    for (std::size_t k = 0; k + 1 < occurrences.size(); ++k)
      if (occurrences[k + 1].first == occurrences[k].first + 1)
        bigrams[std::uint64_t{occurrences[k].second} << 32 | occurrences[k + 1].second].add(doc);
  }

  // A small index is ranked after every change (cheap, and its averages move fast); a large one
  // once an eighth of it is new, or its size has moved by an eighth.
  bool needs_ranking(std::size_t small) const {
    const std::uint64_t now = live.cardinality();
    const std::uint64_t drift = ranked_live / kRankedShare;
    return now < small || docs.size() - ranked_upto > drift ||
           (now > ranked_live ? now - ranked_live : ranked_live - now) > drift;
  }
};

SearchIndex::SearchIndex(db::Database& database, const Clock& clock, const Analyzer& analyzer,
                         const ConceptVocabulary& vocabulary, const stocktaking::EntryCatalog* catalog,
                         SearchLimits limits)
    : database_(database),
      analyzer_(analyzer),
      vocabulary_(vocabulary),
      catalog_(catalog),
      limits_(limits),
      index_(std::make_unique<Index>()),
      follower_(clock) {}
SearchIndex::~SearchIndex() = default;

namespace {

// The public content of published entries: their published revision. Read from the
// Stocktaking tables directly (read-only), as the catalog does, because the index must read
// every entry at start-up in one snapshot with the change feed's position, which the service's
// one-entry-at-a-time get() cannot give; the content is parsed by the module's own
// content_from_json.
constexpr std::string_view kPublishedContent =
    "SELECT e.id, r.content FROM entries e JOIN entry_revisions r ON r.entry_id = e.id"
    " AND r.number = COALESCE(e.published_revision, e.current_revision) WHERE e.state = 'published'";

std::optional<stocktaking::EntryContent> parse_content(std::string_view text) {
  std::error_code ec;
  auto value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return stocktaking::content_from_json(value.as_object());
}

using Rows = std::vector<std::pair<std::uint32_t, std::string>>;  // (entry, stored content)

SearchIndex::Prepared prepare_row(const Analyzer& analyzer, const std::pair<std::uint32_t, std::string>& row) {
  if (auto content = parse_content(row.second)) return prepare(analyzer, row.first, *content);
  SearchIndex::Prepared empty;
  empty.entry = row.first;
  return empty;
}

std::size_t analysis_threads() { return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4); }

// Analyses a batch of rows on a few threads.
std::vector<SearchIndex::Prepared> prepare_all(const Analyzer& analyzer, const Rows& rows) {
  std::vector<SearchIndex::Prepared> out(rows.size());
  auto work = [&](std::size_t from, std::size_t step) {
    for (std::size_t i = from; i < rows.size(); i += step) out[i] = prepare_row(analyzer, rows[i]);
  };
  std::size_t threads = analysis_threads();
  if (rows.size() < 64) threads = 1;
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (auto& thread : pool) thread.join();
  return out;
}

// For a rebuild: batches of rows analysed by worker threads that live as long as the pipeline,
// while the caller reads the next rows from SQL and adds the batches already analysed, in the
// order submitted. Adding (one thread) no longer leaves the other cores idle, and the workers'
// stem caches stay warm from one batch to the next.
class AnalysisPipeline {
 public:
  AnalysisPipeline(const Analyzer& analyzer, std::size_t workers) : analyzer_(analyzer) {
    for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
  }
  ~AnalysisPipeline() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }
  AnalysisPipeline(const AnalysisPipeline&) = delete;
  AnalysisPipeline& operator=(const AnalysisPipeline&) = delete;

  std::size_t in_flight() const { return submitted_.size(); }
  void submit(Rows rows) {
    auto batch = std::make_shared<Batch>();
    batch->rows = std::move(rows);
    submitted_.push_back(batch);
    {
      std::lock_guard lock(mutex_);
      waiting_.push_back(std::move(batch));
    }
    wake_.notify_one();
  }
  // The oldest batch submitted and not yet taken, once analysed.
  std::vector<SearchIndex::Prepared> take_oldest() {
    auto batch = std::move(submitted_.front());
    submitted_.pop_front();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return batch->done; });
    return std::move(batch->prepared);
  }

 private:
  struct Batch {
    Rows rows;
    std::vector<SearchIndex::Prepared> prepared;
    bool done = false;
  };
  void work() {
    while (true) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
        if (stopping_) return;
        batch = std::move(waiting_.front());
        waiting_.pop_front();
      }
      std::vector<SearchIndex::Prepared> prepared(batch->rows.size());
      for (std::size_t i = 0; i < prepared.size(); ++i) prepared[i] = prepare_row(analyzer_, batch->rows[i]);
      Rows{}.swap(batch->rows);
      {
        std::lock_guard lock(mutex_);
        batch->prepared = std::move(prepared);
        batch->done = true;
      }
      done_.notify_all();
    }
  }

  const Analyzer& analyzer_;
  std::deque<std::shared_ptr<Batch>> submitted_;  // the caller's
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<std::shared_ptr<Batch>> waiting_;  // not yet taken by a worker
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

Result<void> SearchIndex::rebuild() {
  auto follow = follower_.lock();
  return rebuild_locked();
}

Result<void> SearchIndex::rebuild_locked() {
  const auto started = std::chrono::steady_clock::now();
  auto index = std::make_unique<Index>();
  index->bulk = true;
  WSIS_ASSIGN(auto connection, database_.connect());
  // One snapshot: the entries as of the change feed's last sequence number.
  WSIS_ASSIGN(auto transaction, db::Transaction::begin(*connection, db::TransactionMode::read));
  WSIS_ASSIGN(std::int64_t seq, db::latest_change(*connection));
  auto s = connection->prepare(std::string(kPublishedContent) + " ORDER BY e.id");
  // Small batches: the pipeline holds a few at once (rows, then their analysis), and what they
  // took stays resident for a while once freed (2,000 kept about 40 MB more at a million).
  constexpr std::size_t kBatch = 500;
  const std::size_t workers = analysis_threads();
  AnalysisPipeline pipeline(analyzer_, workers);
  auto add_oldest = [&] {
    for (auto& doc : pipeline.take_oldest()) index->insert(std::move(doc));
  };
  Rows batch;
  auto flush = [&] {
    // One batch more than workers in flight: each worker has the next one to start.
    if (pipeline.in_flight() > workers) add_oldest();
    pipeline.submit(std::move(batch));
    batch = {};
    batch.reserve(kBatch);
  };
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    batch.emplace_back(static_cast<std::uint32_t>(s->int64(0)), s->string(1));
    if (batch.size() == kBatch) flush();
  }
  if (!batch.empty()) flush();
  while (pipeline.in_flight() > 0) add_oldest();
  // Each step's time in the log: the build's target (60 s at a million entries) is met by
  // their sum.
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point from) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from).count();
  };
  const auto read_ms = since(started);
  auto step = Clock::now();
  index->finish_bulk();
  const auto sets_ms = since(step);
  step = Clock::now();
  index->index_bigrams(limits_);
  const auto bigrams_ms = since(step);
  index->live.runOptimize();
  step = Clock::now();
  index->rank(limits_.ranked_at_least);
  spdlog::info("search index: read and analysed in {} ms; term sets {} ms, {} bigrams {} ms, ranked lists {} ms",
               read_ms, sets_ms, index->bigrams.size(), bigrams_ms, since(step));
  {
    std::unique_lock lock(mutex_);
    index_ = std::move(index);
  }
  follower_.rebuilt_at(seq);
  return Ok{};
}

Result<void> SearchIndex::catch_up() {
  return follower_.catch_up(database_, [&](db::Connection& connection, const std::vector<std::uint32_t>& ids) -> Result<bool> {
    Rows published;
    for (auto id : ids) {
      auto s = connection.prepare(std::string(kPublishedContent) + " AND e.id = ?");
      s->bind(1, static_cast<std::int64_t>(id));
      WSIS_ASSIGN(bool row, s->step());
      if (row) published.emplace_back(id, s->string(1));
    }
    auto prepared = prepare_all(analyzer_, published);
    bool compact = false;
    {
      std::unique_lock lock(mutex_);
      for (auto id : ids) index_->erase(id);
      for (auto& doc : prepared) index_->insert(std::move(doc));
      if (index_->needs_ranking(limits_.ranked_at_least)) index_->rank(limits_.ranked_at_least);
      compact = index_->dead >= limits_.rebuild_after_removed && index_->dead > index_->live.cardinality();
    }
    if (!compact) return true;
    WSIS_TRY(rebuild_locked());  // the follower's lock is held: a rebuild takes over
    return false;
  });
}

void SearchIndex::refresh_if_stale(std::int64_t interval_ms) {
  // The catalog catches up as soon as this server writes (EntriesService::after_write): when
  // it is ahead, follow at once, so that a publish here is searchable on the next request.
  bool behind = catalog_ && catalog_->last_sequence() > follower_.last_sequence();
  if (!behind && !follower_.stale(interval_ms)) return;
  if (auto result = catch_up(); !result)
    spdlog::warn("search index could not follow the change feed: {}", result.error().detail);
}

std::size_t SearchIndex::size() const {
  std::shared_lock lock(mutex_);
  return index_->live.cardinality();
}

std::size_t SearchIndex::removed_documents() const {
  std::shared_lock lock(mutex_);
  return index_->dead;
}

IndexFootprint SearchIndex::footprint() const {
  std::shared_lock lock(mutex_);
  IndexFootprint f;
  f.documents = index_->live.cardinality();
  f.terms = index_->terms.size();
  for (const auto& t : index_->data) {
    f.term_documents += t.doc.size();
    f.by_document += t.doc.capacity() * sizeof(t.doc[0]) + t.impact.capacity() * sizeof(t.impact[0]) +
                     t.where.capacity() * sizeof(t.where[0]);
    f.spilled += t.spilled.capacity() * sizeof(t.spilled[0]);
    f.sets += t.docs.getSizeInBytes();
    f.ranked += t.ranked.capacity() * sizeof(t.ranked[0]) + t.ranked_impact.capacity() * sizeof(t.ranked_impact[0]);
  }
  f.bigrams = index_->bigrams.size();
  for (const auto& [bigram, set] : index_->bigrams) {
    f.bigram_documents += set.cardinality();
    f.bigram_sets += set.getSizeInBytes();
  }
  return f;
}

std::size_t SearchIndex::term_count() const {
  std::shared_lock lock(mutex_);
  return index_->terms.size();
}

namespace {

struct Alternative {
  std::uint32_t term;
  double weight;
};

// Adds `term` unless it is there with at least this weight.
void add_alternative(std::vector<Alternative>& list, std::uint32_t term, double weight) {
  for (auto& a : list)
    if (a.term == term) {
      a.weight = std::max(a.weight, weight);
      return;
    }
  list.push_back({term, weight});
}

// The `keep` most frequent of `found` (term ids), most frequent first.
std::vector<std::uint32_t> most_frequent(std::vector<std::uint32_t> found, const std::vector<TermData>& data,
                                         std::size_t keep) {
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  auto by_frequency = [&](std::uint32_t a, std::uint32_t b) {
    return data[a].documents() != data[b].documents() ? data[a].documents() > data[b].documents() : a < b;
  };
  if (found.size() > keep) {
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(), by_frequency);
    found.resize(keep);
  }
  return found;
}

stocktaking::EntryFilter filter_for(const Concept& c) {
  stocktaking::EntryFilter filter;
  switch (c.kind) {
    case Concept::Kind::action_line:
      filter.action_lines.push_back(c.code);
      break;
    case Concept::Kind::sdg:
      filter.goals.push_back(std::stoi(c.code));
      break;
    case Concept::Kind::target:
      filter.targets.push_back(c.code);
      break;
  }
  return filter;
}

// A query's candidates (ascending documents) as a bit per document with the number of candidates
// before each 64 documents: a term's documents walked in order are each found among the
// candidates (or not) with a load and a bit count, where merging two long lists mispredicts
// a branch at every other step.
class CandidateRanks {
 public:
  CandidateRanks(const std::vector<std::uint32_t>& candidates, std::size_t documents)
      : bits_((documents + 63) / 64, 0), before_(bits_.size(), 0), spare_(candidates.size()) {
    for (auto doc : candidates) bits_[doc >> 6] |= std::uint64_t{1} << (doc & 63);
    std::uint32_t count = 0;
    for (std::size_t w = 0; w < bits_.size(); ++w) {
      before_[w] = count;
      count += static_cast<std::uint32_t>(std::popcount(bits_[w]));
    }
  }
  static constexpr std::size_t kSpares = 8;
  // The index of `doc` among the candidates, or one of kSpares slots past the last when it is
  // none (several, so that additions to a spare slot do not wait on each other):
  // without a branch, which a walk where a third of the documents are candidates would
  // mispredict at every other one.
  std::size_t slot(std::uint32_t doc) const {
    const std::uint64_t word = bits_[doc >> 6], bit = std::uint64_t{1} << (doc & 63);
    const std::size_t rank = before_[doc >> 6] + static_cast<std::size_t>(std::popcount(word & (bit - 1)));
    return (word & bit) ? rank : spare_ + (doc & (kSpares - 1));
  }

 private:
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint32_t> before_;
  std::size_t spare_;
};

// Relevance order: score descending, then entry id ascending.
bool before(const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.id < b.id; }

// The best `ranking.top` of the hits offered that rank after `ranking.after` (the caller checks
// the filter), in a heap whose front is the worst kept.
class Best {
 public:
  explicit Best(const Ranking& ranking) : ranking_(ranking) { kept_.reserve(ranking.top); }
  void offer(const Hit& hit) {
    if (ranking_.after && !before(*ranking_.after, hit)) return;
    if (kept_.size() < ranking_.top) {
      kept_.push_back(hit);
      std::push_heap(kept_.begin(), kept_.end(), before);
    } else if (before(hit, kept_.front())) {
      std::pop_heap(kept_.begin(), kept_.end(), before);
      kept_.back() = hit;
      std::push_heap(kept_.begin(), kept_.end(), before);
    }
  }
  bool full() const { return kept_.size() == ranking_.top; }
  const Hit& worst() const { return kept_.front(); }
  std::vector<Hit> take() {
    std::sort(kept_.begin(), kept_.end(), before);
    return std::move(kept_);
  }

 private:
  const Ranking& ranking_;
  std::vector<Hit> kept_;
};

// A term with at most this many documents per candidate is walked whole against the candidates'
// bits; a longer one is searched for each candidate (galloping).
constexpr std::size_t kWalkPerCandidate = 16;

// The walk down the ranked lists (top_k) gives up, and every match is scored, after as many
// steps as scoring every match would cost in (term, document) pairs read, over this. A step (a
// document met, found in each term by a binary search, most of whose probes miss the cache) costs
// hundreds of such pairs: in the walks that gave up at a million entries, the walk took 1.5 to
// 15 times as long as the scoring that followed. With 128, "learning in" walked 2 ms before
// 1.7 ms of scoring; 512 gives up four times sooner, and the few walks that needed more than a
// quarter of the old budget (20 of 114 that succeeded, in the 200-query mix) score instead
// (3 rounds, CPU time: words p99 6.3-6.6 -> 4.5-4.7 ms; all p50 and p99 unchanged within noise).
constexpr std::size_t kWalkStepCost = 512;
constexpr std::size_t kMinWalkSteps = 256;

// One query against one state of the index, in steps: each word's alternatives, the entries
// of the concepts it names, the entries matching every word, the phrases, the scores.
struct QueryRun {
  QueryRun(const SearchIndex::Index& index, const ParsedQuery& query, const SearchLimits& limits,
           const std::vector<ConceptVocabulary::Span>& spans, MatchedForms& forms)
      : index(index),
        words(query.words),
        query(query),
        limits(limits),
        spans(spans),
        forms(forms),
        alternatives(query.words.size()),
        documents(std::max<double>(1.0, static_cast<double>(index.live.cardinality()))) {}

  // Each word's alternatives: its forms found in the dictionary; for the last word being typed,
  // the most frequent words it begins; for a word found nowhere, its one-typo neighbours.
  void expand() {
    auto add_surface = [&](std::vector<Alternative>& list, const std::string& surface,
                           const std::vector<std::uint32_t>& ids, double weight) {
      for (auto id : ids) {
        add_alternative(list, id, weight);
        forms.terms.insert(index.terms[id]);
      }
      forms.surfaces.insert(surface);
    };
    std::size_t typo_words = 0;
    for (std::size_t w = 0; w < words.size(); ++w) {
      const QueryWord& word = words[w];
      auto& list = alternatives[w];
      for (const auto& term : word.terms) {
        if (auto it = index.term_ids.find(term); it != index.term_ids.end()) add_alternative(list, it->second, kExact);
        forms.terms.insert(term);
      }
      for (const auto& surface : word.surfaces) forms.surfaces.insert(surface);
      bool exact = !list.empty();
      if (word.in_phrase) continue;

      if (w + 1 == words.size() && query.last_is_prefix && (!exact || query.complete_known_word)) {
        std::vector<std::uint32_t> found;
        std::size_t shortest = std::numeric_limits<std::size_t>::max();
        for (const auto& prefix : word.surfaces) {
          std::size_t length = decode(prefix).size();
          if (length < limits.prefix_min_chars) continue;
          shortest = std::min(shortest, length);
          std::size_t scanned = 0;
          for (auto it = index.surfaces.lower_bound(prefix);
               it != index.surfaces.end() && it->first.starts_with(prefix) && scanned < limits.prefix_scan;
               ++it, ++scanned)
            found.insert(found.end(), index.surface_terms[it->second].begin(), index.surface_terms[it->second].end());
        }
        // A short prefix begins many frequent words: each costs a walk over many entries, and the
        // first few are what the person is most likely typing.
        std::size_t keep = shortest < limits.prefix_long_chars ? limits.prefix_terms_short : limits.prefix_terms;
        for (auto id : most_frequent(std::move(found), index.data, keep)) {
          add_alternative(list, id, kPrefix);
          forms.terms.insert(index.terms[id]);
        }
      }
      auto long_enough = [&](const std::string& surface) { return decode(surface).size() >= limits.typo_min_chars; };
      if (exact || !list.empty() || typo_words == limits.typo_words ||
          std::none_of(word.surfaces.begin(), word.surfaces.end(), long_enough))
        continue;
      ++typo_words;

      for (const auto& surface : word.surfaces) {
        auto text = decode(surface);
        if (text.size() < limits.typo_min_chars) continue;
        // One edit leaves either the first or the last (n-1)/2 characters intact: scan the
        // dictionary words that share that beginning, and (spelled backwards) that ending.
        std::size_t keep = (text.size() - 1) / 2;
        std::vector<std::pair<std::string, std::vector<std::uint32_t>>> near;
        std::string head = encode(std::u32string_view(text).substr(0, keep));
        std::size_t scanned = 0;
        for (auto it = index.surfaces.lower_bound(head);
             it != index.surfaces.end() && it->first.starts_with(head) && scanned < limits.typo_scan; ++it, ++scanned)
          if (within_one_edit(decode(it->first), text)) near.emplace_back(it->first, index.surface_terms[it->second]);
        std::u32string backwards(text.rbegin(), text.rend());
        std::string tail = encode(std::u32string_view(backwards).substr(0, keep));
        scanned = 0;
        for (auto it = index.reversed_surfaces.lower_bound(tail);
             it != index.reversed_surfaces.end() && it->starts_with(tail) && scanned < limits.typo_scan;
             ++it, ++scanned) {
          auto candidate = decode(*it);
          std::reverse(candidate.begin(), candidate.end());
          if (!within_one_edit(candidate, text)) continue;
          auto forward = encode(candidate);
          if (auto s = index.surface_ids.find(forward); s != index.surface_ids.end())
            near.emplace_back(forward, index.surface_terms[s->second]);
        }
        std::vector<std::uint32_t> found;
        for (auto& [s, ids] : near) found.insert(found.end(), ids.begin(), ids.end());
        auto kept = most_frequent(std::move(found), index.data, limits.typo_terms);
        for (auto& [s, ids] : near) {
          std::vector<std::uint32_t> chosen;
          for (auto id : ids)
            if (std::find(kept.begin(), kept.end(), id) != kept.end()) chosen.push_back(id);
          if (!chosen.empty()) add_surface(list, s, chosen, kTypo);
        }
      }
    }
  }

  // The concepts' entries (from the catalog) as our documents.
  void concept_documents(const std::vector<Roaring>& concept_entries) {
    for (const auto& entries : concept_entries) concept_docs.push_back(index.docs_of(entries));
  }

  // The documents (live or not) word `w` matches: through its alternatives or a concept
  // covering it.
  Roaring documents_of(std::size_t w) const {
    Roaring any;
    for (const auto& alt : alternatives[w]) any |= index.data[alt.term].docs;
    if (covered_by_concept(w))
      for (std::size_t s = 0; s < spans.size(); ++s)
        if (w >= spans[s].first && w < spans[s].first + spans[s].count) any |= concept_docs[s];
    return any;
  }

  // The live documents in which every word matches (through its alternatives or a concept that
  // covers it): the intersection of the words' document sets (each a union of its
  // alternatives' sets), smallest first.
  Roaring match_every_word() const {
    std::vector<Roaring> sets = bigram_sets;
    for (std::size_t w = 0; w < words.size(); ++w) sets.push_back(documents_of(w));
    std::sort(sets.begin(), sets.end(), [](const Roaring& a, const Roaring& b) { return a.cardinality() < b.cardinality(); });
    Roaring every = std::move(sets.front());
    for (std::size_t k = 1; k < sets.size() && !every.isEmpty(); ++k) every &= sets[k];
    every &= index.live;
    return every;
  }

  // When every word together finds too little ("cybersecurity small businesses", where the
  // entries say "small and medium-sized enterprises"), the documents that match most of them:
  // at least half the words, and not among `full` (sorted), with how many words each matches.
  // Only for queries of several words and no quoted phrase (a phrase is an explicit demand).
  bool can_relax() const {
    return words.size() >= 2 && std::none_of(words.begin(), words.end(), [](const auto& w) { return w.in_phrase; });
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> match_most_words(const std::vector<std::uint32_t>& full) const {
    // Words per document, counted in a flat array (query words are at most 32: a byte each).
    std::vector<std::uint8_t> matched(index.docs.size(), 0);
    for (std::size_t w = 0; w < words.size(); ++w) {
      Roaring any = documents_of(w);
      any &= index.live;
      any.iterate(
          [](std::uint32_t doc, void* counts) {
            ++static_cast<std::uint8_t*>(counts)[doc];
            return true;
          },
          matched.data());
    }
    const std::uint32_t need = static_cast<std::uint32_t>((words.size() + 1) / 2);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (std::uint32_t doc = 0; doc < matched.size(); ++doc)
      if (matched[doc] >= need && !std::binary_search(full.begin(), full.end(), doc)) out.emplace_back(doc, matched[doc]);
    return out;
  }

  // Narrows quoted runs with the bigrams of common terms (Index::bigrams). For two neighbouring
  // words of a run, each pair of their alternatives that are both common has the documents where
  // they stand next to each other (exact); any other pair, the documents that have both (to be
  // read). Every match is in one or the other. A run of two words is answered by the exact set
  // when nothing is left to read, and otherwise only the documents outside it are read.
  void phrase_bigrams() {
    for (std::uint32_t run = 0; run <= words.back().run; ++run) {
      std::vector<std::size_t> members;
      for (std::size_t w = 0; w < words.size(); ++w)
        if (words[w].run == run && words[w].in_phrase) members.push_back(w);
      for (std::size_t k = 0; k + 1 < members.size(); ++k) {
        const std::size_t a = members[k], b = members[k + 1];
        if (words[b].offset != words[a].offset + 1) continue;
        Roaring exact, unsure;
        bool some_common = false;
        for (const auto& first : alternatives[a])
          for (const auto& second : alternatives[b])
            if (index.is_common(first.term) && index.is_common(second.term)) {
              some_common = true;
              if (auto it = index.bigrams.find(std::uint64_t{first.term} << 32 | second.term); it != index.bigrams.end())
                exact |= it->second;
            } else {
              unsure |= index.data[first.term].docs & index.data[second.term].docs;
            }
        if (!some_common) continue;
        bigram_sets.push_back(exact | unsure);
        if (members.size() == 2) {
          if (unsure.isEmpty()) answered_runs.push_back(run);
          else exact_runs.emplace_back(run, std::move(exact));
        }
      }
    }
  }

  // Keeps the matches in which the words of each quoted run follow each other in one field
  // (after phrase_bigrams); whether the query has such a run (so that they may have changed).
  bool keep_phrases(Roaring& matching) const {
    bool phrases = false;
    for (std::uint32_t run = 0; !matching.isEmpty() && run <= words.back().run; ++run) {
      std::vector<std::size_t> members;
      for (std::size_t w = 0; w < words.size(); ++w)
        if (words[w].run == run && words[w].in_phrase) members.push_back(w);
      if (members.size() < 2) continue;
      phrases = true;
      if (std::find(answered_runs.begin(), answered_runs.end(), run) != answered_runs.end()) continue;
      Roaring sure, unsure = matching;
      for (const auto& [exact_run, exact] : exact_runs)
        if (exact_run == run) {
          sure = matching & exact;
          unsure = matching - exact;
        }
      std::vector<std::uint32_t> candidates(unsure.cardinality());
      unsure.toUint32Array(candidates.data());
      matching = std::move(sure);
      read_phrase(members, candidates);
      matching.addMany(candidates.size(), candidates.data());
    }
    return phrases;
  }

  // Keeps the candidates (ascending) in which the run's words (`members`) follow each other in
  // one field. Candidate by candidate (so each term's documents are walked forward once): where
  // the run's rarest word occurs gives where the phrase could start, and each other word keeps
  // the starts at which it stands at its own place in the phrase.
  void read_phrase(std::vector<std::size_t> members, std::vector<std::uint32_t>& candidates) const {
    const auto first_offset = words[members[0]].offset;
    auto documents_of = [&](std::size_t w) {
      std::size_t n = 0;
      for (const auto& alt : alternatives[w]) n += index.data[alt.term].documents();
      return n;
    };
    std::sort(members.begin(), members.end(),
              [&](std::size_t a, std::size_t b) { return documents_of(a) < documents_of(b); });
    struct Cursor {
      const TermData* term;
      std::size_t at = 0;
    };
    std::vector<std::vector<Cursor>> cursors(members.size());
    for (std::size_t m = 0; m < members.size(); ++m)
      for (const auto& alt : alternatives[members[m]]) cursors[m].push_back({&index.data[alt.term]});
    // Occurrences as instance << 16 | position, so that one further along is the key plus the
    // distance (positions are under 32,768).
    std::vector<std::uint32_t> starts, occurrences;
    auto gather = [&](std::size_t m, std::uint32_t doc, std::uint32_t minus, std::vector<std::uint32_t>& out) {
      out.clear();
      for (auto& cursor : cursors[m]) {
        const auto& list = cursor.term->doc;
        cursor.at = static_cast<std::size_t>(gallop(list.begin() + static_cast<std::ptrdiff_t>(cursor.at), list.end(), doc) -
                                             list.begin());
        if (cursor.at == list.size() || list[cursor.at] != doc) continue;
        cursor.term->each_occurrence(cursor.at, [&](std::uint32_t instance, std::uint32_t position) {
          if (position >= minus) out.push_back(instance << 16 | (position - minus));
        });
      }
      // One alternative lists them in order already; several may need sorting together.
      if (cursors[m].size() > 1 && !std::is_sorted(out.begin(), out.end())) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
      }
    };
    std::vector<std::uint32_t> kept;
    for (auto doc : candidates) {
      gather(0, doc, words[members[0]].offset - first_offset, starts);
      for (std::size_t m = 1; m < members.size() && !starts.empty(); ++m) {
        const std::uint32_t distance = words[members[m]].offset - first_offset;
        gather(m, doc, 0, occurrences);
        std::erase_if(starts, [&](std::uint32_t start) {
          return !std::binary_search(occurrences.begin(), occurrences.end(), start + distance);
        });
      }
      if (!starts.empty()) kept.push_back(doc);
    }
    candidates.swap(kept);
  }

  // How much an alternative's impact counts: how it was matched, times how rare it is.
  double weight(const Alternative& alt) const {
    return alt.weight * idf(documents, static_cast<double>(index.data[alt.term].documents()));
  }

  // Per word the best of its alternatives, summed over words, plus the concepts.
  std::vector<double> scores(const std::vector<std::uint32_t>& candidates) const {
    // + CandidateRanks' spare slots
    std::vector<double> score(candidates.size() + CandidateRanks::kSpares, 0.0), best;
    std::optional<CandidateRanks> ranks;  // made when a term is walked whole
    for (std::size_t w = 0; w < words.size(); ++w) {
      // A word of one alternative adds to the scores at once (0 + x is x: the same sums as
      // score_of's); several keep their best first.
      const bool one = alternatives[w].size() == 1;
      if (!one) best.assign(score.size(), 0.0);
      auto& into = one ? score : best;
      for (const auto& alt : alternatives[w]) {
        const double q = weight(alt);
        const TermData& t = index.data[alt.term];
        auto take = [&](double& slot, double value) { slot = one ? slot + value : std::max(slot, value); };
        if (t.doc.size() <= kWalkPerCandidate * candidates.size()) {
          if (!ranks) ranks.emplace(candidates, index.docs.size());
          for (std::size_t i = 0; i < t.doc.size(); ++i) take(into[ranks->slot(t.doc[i])], q * t.impact[i]);
        } else {
          for_each_common(t.doc, candidates, [&](std::size_t i, std::size_t c) { take(into[c], q * t.impact[i]); });
        }
      }
      if (!one)
        for (std::size_t c = 0; c < candidates.size(); ++c) score[c] += best[c];
    }
    for (std::size_t s = 0; s < spans.size(); ++s) {
      const double bonus = concept_bonus(s);
      for (std::size_t c = 0; c < candidates.size(); ++c)
        if (concept_docs[s].contains(candidates[c])) score[c] += bonus;
    }
    score.resize(candidates.size());
    return score;
  }

  // About what scores() costs for `n` candidates, in (term, document) pairs read: a term walked
  // whole costs its length, one searched for each candidate about the logarithm of the gap.
  std::size_t scoring_cost(std::size_t n) const {
    std::size_t cost = n;
    for (const auto& list : alternatives)
      for (const auto& alt : list) {
        const std::size_t df = index.data[alt.term].documents();
        cost += df <= kWalkPerCandidate * n ? df : n * static_cast<std::size_t>(std::bit_width(df / std::max<std::size_t>(n, 1)));
      }
    return cost;
  }

  // scores() for one document, found in each alternative's documents by binary search. The same
  // sums in the same order, so that equal documents get bitwise equal scores either way.
  double score_of(std::uint32_t doc) const {
    double score = 0;
    for (std::size_t w = 0; w < words.size(); ++w) {
      double best = 0;
      for (const auto& alt : alternatives[w]) {
        const TermData& t = index.data[alt.term];
        if (auto i = t.find(doc)) best = std::max(best, weight(alt) * t.impact[*i]);
      }
      score += best;
    }
    for (std::size_t s = 0; s < spans.size(); ++s)
      if (concept_docs[s].contains(doc)) score += concept_bonus(s);
    return score;
  }

  // What being linked to the s-th concept the query names adds to an entry's score.
  double concept_bonus(std::size_t s) const {
    return kConcept * spans[s].count * idf(documents, static_cast<double>(concept_docs[s].cardinality()));
  }

  // Whether a concept the query names stands for word `w`: not in a quoted phrase, which asks
  // for the words themselves.
  bool covered_by_concept(std::size_t w) const {
    return !words[w].in_phrase && std::any_of(spans.begin(), spans.end(), [&](const auto& span) {
      return w >= span.first && w < span.first + span.count;
    });
  }

  // The best `ranking.top` of `matches` (documents matching the whole query) whose entries the
  // ranking allows, without scoring them all (Fagin's threshold algorithm): walk the
  // alternatives' ranked lists together, highest weighted impact first, score each document met
  // in full, and stop once no document not yet met can beat the last one kept. nullopt when a
  // list that keeps only its best runs out first, or after `budget` documents: the caller then
  // scores every match.
  std::optional<std::vector<Hit>> top_k(const Roaring& matches, const Ranking& ranking, std::size_t budget) const {
    Best kept(ranking);
    Roaring met;
    auto consider = [&](std::uint32_t doc) {
      if (!matches.contains(doc) || !met.addChecked(doc)) return;
      const std::uint32_t entry = index.entry_of[doc];
      if (ranking.allowed && !ranking.allowed->contains(entry)) return;  // before the costlier score
      kept.offer({static_cast<std::int64_t>(entry), score_of(doc)});
    };
    // A list walked from its best: a term's ranked documents, or a concept's documents (all
    // with the same bonus, in document order rather than by entry).
    struct Cursor {
      const TermData* term = nullptr;
      roaring_uint32_iterator_t linked{};  // over a concept's documents
      double weight = 0;     // the alternative's weight, or the concept's bonus
      std::size_t part = 0;  // the word, or words.size() + the concept's span
      std::size_t at = 0;
      bool done() const { return term ? at == term->ranked.size() : !linked.has_value; }
      double next() const { return done() ? -1.0 : term ? weight * term->ranked_impact[at] : weight; }
      std::uint32_t doc() const { return term ? term->ranked[at] : linked.current_value; }
      void advance() {
        if (term) ++at;
        else roaring_advance_uint32_iterator(&linked);
      }
    };
    std::vector<Cursor> cursors;
    for (std::size_t w = 0; w < words.size(); ++w)
      for (const auto& alt : alternatives[w]) {
        const TermData& t = index.data[alt.term];
        Cursor c;
        c.term = &t;
        c.weight = weight(alt);
        c.part = w;
        cursors.push_back(c);
        // Documents added since the last ranking are in no list: each is met first.
        for (auto d = t.doc.rbegin(); d != t.doc.rend() && *d >= index.ranked_upto; ++d) consider(*d);
      }
    for (std::size_t s = 0; s < spans.size(); ++s) {
      Cursor c;
      roaring_init_iterator(&concept_docs[s].roaring, &c.linked);
      c.weight = concept_bonus(s);
      c.part = words.size() + s;
      cursors.push_back(c);
    }
    std::vector<char> covered(words.size());
    for (std::size_t w = 0; w < words.size(); ++w) covered[w] = covered_by_concept(w) ? 1 : 0;
    std::vector<double> frontier(words.size() + spans.size());
    for (std::size_t steps = 0;; ++steps) {
      // The most a document not yet met can score: per word, the highest weighted impact still
      // ahead in its lists, plus each concept's bonus while its documents are not all met. A
      // word whose complete lists are all walked stops the search (every document with it has
      // been met), unless a concept covers it (then it adds nothing); a word whose partial list
      // ran out cannot be bounded.
      std::fill(frontier.begin(), frontier.end(), -1.0);
      for (const auto& c : cursors) {
        if (c.term && c.done() && !c.term->ranked_complete) return std::nullopt;
        frontier[c.part] = std::max(frontier[c.part], c.next());
      }
      double bound = 0;
      bool exhausted = std::none_of(cursors.begin(), cursors.end(), [](const Cursor& c) { return !c.done(); });
      for (std::size_t p = 0; p < frontier.size(); ++p) {
        if (frontier[p] < 0) {
          if (p < words.size() && !covered[p]) exhausted = true;
          frontier[p] = 0;
        }
        bound += frontier[p];
      }
      if (exhausted) break;
      if (kept.full()) {
        const Hit& last = kept.worst();
        if (bound < last.score) break;
        // An equal score ranks by entry id: a document not met yet that reaches the bound sits at
        // or after every list's next place, whose entries (ties are by entry) follow `last`.
        // Concepts' lists are not by entry: with one still at its bound, walk on.
        if (bound == last.score && std::all_of(cursors.begin(), cursors.end(), [&](const Cursor& c) {
              return c.next() < frontier[c.part] || (c.term && index.entry_of[c.doc()] > last.id);
            }))
          break;
      }
      if (steps == budget) return std::nullopt;
      auto best = std::max_element(cursors.begin(), cursors.end(),
                                   [](const Cursor& a, const Cursor& b) { return a.next() < b.next(); });
      consider(best->doc());
      best->advance();
    }
    return kept.take();
  }

  const SearchIndex::Index& index;
  const std::vector<QueryWord>& words;
  const ParsedQuery& query;
  const SearchLimits& limits;
  const std::vector<ConceptVocabulary::Span>& spans;
  MatchedForms& forms;
  std::vector<std::vector<Alternative>> alternatives;
  std::vector<Roaring> concept_docs;
  std::vector<Roaring> bigram_sets;           // phrase_bigrams()
  std::vector<std::uint32_t> answered_runs;  // runs whose bigram set is their answer
  std::vector<std::pair<std::uint32_t, Roaring>> exact_runs;  // runs of two words, their exact set
  const double documents;
};

}  // namespace

namespace {

// The best `ranking.top` of `hits` that the ranking allows, best first.
void keep_best(std::vector<Hit>& hits, const Ranking& ranking) {
  std::erase_if(hits, [&](const Hit& h) {
    return (ranking.allowed && !ranking.allowed->contains(static_cast<std::uint32_t>(h.id))) ||
           (ranking.after && !before(*ranking.after, h));
  });
  auto take = std::min(hits.size(), ranking.top);
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(take), hits.end(), before);
  hits.resize(take);
}

}  // namespace

Matches SearchIndex::search(const ParsedQuery& query, const Ranking& ranking) const {
  Matches matches;
  if (query.words.empty()) return matches;

  // The entries linked to each concept the query names, from the catalog's bitmaps, fetched
  // before taking our lock (the catalog has its own).
  auto spans = vocabulary_.find(query);
  std::vector<Roaring> concept_entries;
  for (const auto& span : spans) {
    const Concept& c = vocabulary_.concepts()[span.concept_index];
    concept_entries.push_back(catalog_ ? catalog_->matching(filter_for(c)) : Roaring{});
  }

  std::shared_lock lock(mutex_);
  const Index& index = *index_;
  QueryRun run(index, query, limits_, spans, matches.forms);
  run.expand();
  run.concept_documents(concept_entries);
  run.phrase_bigrams();
  Roaring matching = run.match_every_word();
  run.keep_phrases(matching);
  std::vector<std::uint32_t> candidates(matching.cardinality());
  matching.toUint32Array(candidates.data());
  matches.entries = index.entries_of(matching);
  const std::size_t matched = candidates.size();

  // With a filter the page comes only from the matches it allows (the facet counts still count
  // every match): those are all that need a score. When it allows few, they are scored at once;
  // walking the terms' lists would pass over every match it refuses until it gave up.
  std::optional<Roaring> allowed_entries;
  auto keep_allowed = [&] {
    auto docs = index.docs_of(*allowed_entries);
    candidates.resize(docs.cardinality());
    docs.toUint32Array(candidates.data());
  };
  if (ranking.top > 0 && ranking.allowed && matched >= limits_.relax_below) {
    allowed_entries = matches.entries & *ranking.allowed;
    if (allowed_entries->cardinality() < limits_.rank_from) keep_allowed();
  }

  // Many matches and a page to fill: rank from the terms' lists when the query allows it.
  // (A query with so few that most words are added too is always scored whole.)
  if (ranking.top > 0 && candidates.size() >= std::max(limits_.rank_from, limits_.relax_below)) {
    auto best = run.top_k(matching, ranking,
                          std::max(kMinWalkSteps, run.scoring_cost(candidates.size()) / kWalkStepCost));
    if (best) {
      matches.hits = std::move(*best);
      matches.ranked_early = true;
      return matches;
    }
    if (allowed_entries) keep_allowed();  // the walk gave up: score what the filter allows
  }

  auto score = run.scores(candidates);
  if (ranking.top > 0 && !(matched < limits_.relax_below && run.can_relax())) {
    // The page straight from the scores, without a hit for every match. Under a filter the
    // candidates are already those it allows, unless the matches are too few to have been
    // narrowed (relax_below).
    const bool check_allowed = ranking.allowed && !allowed_entries;
    Best best(ranking);
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const std::uint32_t entry = index.entry_of[candidates[c]];
      if (!check_allowed || ranking.allowed->contains(entry)) best.offer({static_cast<std::int64_t>(entry), score[c]});
    }
    matches.hits = best.take();
    return matches;
  }
  matches.hits.reserve(candidates.size());
  double lowest_full = std::numeric_limits<double>::max();
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    matches.hits.push_back({static_cast<std::int64_t>(index.entry_of[candidates[c]]), score[c]});
    lowest_full = std::min(lowest_full, score[c]);
  }
  // Too few entries have every word: add those with most of them, each scored by the words it
  // has times the share of the query it covers, and ranked below every entry that has them all.
  if (matched < limits_.relax_below && run.can_relax()) {
    auto relaxed = run.match_most_words(candidates);
    std::vector<std::uint32_t> docs;
    for (const auto& [doc, n] : relaxed) docs.push_back(doc);
    auto partial = run.scores(docs);
    double highest = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      partial[i] *= static_cast<double>(relaxed[i].second) / static_cast<double>(query.words.size());
      highest = std::max(highest, partial[i]);
    }
    const double scale = candidates.empty() || highest <= 0 ? 1.0 : 0.99 * lowest_full / highest;
    for (std::size_t i = 0; i < docs.size(); ++i)
      matches.hits.push_back({static_cast<std::int64_t>(index.entry_of[docs[i]]), partial[i] * scale});
    Roaring relaxed_docs;
    relaxed_docs.addMany(docs.size(), docs.data());
    matches.entries |= index.entries_of(relaxed_docs);
  }
  if (ranking.top > 0) keep_best(matches.hits, ranking);
  return matches;
}

}  // namespace wsis::search
