#include "fts5_baseline.h"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>
#include <stdexcept>

namespace json = boost::json;

namespace wsis::bench {

namespace {

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(sql + ": " + message);
  }
}

struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(s); }
  bool step() { return sqlite3_step(s) == SQLITE_ROW; }
  std::string text(int i) const {
    auto p = sqlite3_column_text(s, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
};

// Each facet as SQL over the main database's tables: the value expression and its source.
struct FacetSql {
  const char* name;
  const char* value;
  const char* from;  // joined on entry id = m.id
};
constexpr FacetSql kFacets[] = {
    {"action_line", "x.code", "entry_action_lines x ON x.entry_id"},
    {"sdg", "x.goal", "entry_goals x ON x.entry_id"},
    {"target", "x.target", "entry_targets x ON x.entry_id"},
    {"country", "x.iso3", "entry_countries x ON x.entry_id"},
    {"region", "DISTINCT x.region", "entry_countries x ON x.entry_id"},
    {"stakeholder_type", "x.stakeholder_type", "entries x ON x.id"},
    {"language", "x.language", "entries x ON x.id"},
    {"status", "x.project_status", "entries x ON x.id"},
    {"type", "x.entry_type", "entries x ON x.id"},
    {"year", "x.reporting_year", "entries x ON x.id"},
    {"success_story", "CASE x.success_story WHEN 1 THEN 'true' ELSE 'false' END", "entries x ON x.id"},
};

std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// The entries matching one facet's values, as an SQL condition on `id`.
std::string condition(const std::string& facet, const std::vector<std::string>& values) {
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : ",") + quoted(v);
  for (const auto& f : kFacets) {
    if (facet != f.name) continue;
    std::string column = f.value;
    if (column.rfind("DISTINCT ", 0) == 0) column = column.substr(9);
    std::string table = f.from;
    table = table.substr(0, table.find(" x ON"));
    std::string key = std::string(f.from).substr(std::string(f.from).find("ON ") + 3);
    return "id IN (SELECT " + key + " FROM " + table + " x WHERE " + column + " IN (" + list + "))";
  }
  throw std::runtime_error("unknown facet " + facet);
}

}  // namespace

Fts5Baseline::Fts5Baseline(const std::string& database_path) {
  // The index in memory (main), the entries read from the database attached read-only; the
  // facet queries name its tables unqualified, which SQLite resolves in the attached one.
  if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot open an in-memory database");
  exec(db_, "ATTACH " + quoted("file:" + database_path + "?mode=ro") + " AS w");
  auto started = std::chrono::steady_clock::now();
  exec(db_, "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')");
  exec(db_, "BEGIN");
  {
    Statement read(db_,
                   "SELECT e.id, r.content FROM entries e JOIN entry_revisions r ON r.entry_id = e.id AND "
                   "r.number = e.published_revision WHERE e.state = 'published' ORDER BY e.id");
    Statement insert(db_, "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)");
    while (read.step()) {
      auto content = json::parse(read.text(1)).as_object();
      auto text = [](const json::object& o, const char* key) {
        const auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
      };
      std::string title = text(content, "title"), body = text(content, "description");
      if (const auto* translations = content.if_contains("translations"); translations && translations->is_object())
        for (const auto& [lang, t] : translations->as_object()) {
          if (!t.is_object()) continue;
          title += "\n" + text(t.as_object(), "title");
          body += "\n" + text(t.as_object(), "description");
        }
      sqlite3_bind_int64(insert.s, 1, sqlite3_column_int64(read.s, 0));
      sqlite3_bind_text(insert.s, 2, title.data(), static_cast<int>(title.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(insert.s, 3, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
      sqlite3_step(insert.s);
      sqlite3_reset(insert.s);
      ++documents_;
    }
  }
  exec(db_, "COMMIT");
  exec(db_, "INSERT INTO fts (fts) VALUES ('optimize')");
  build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

Fts5Baseline::~Fts5Baseline() { sqlite3_close_v2(db_); }

std::int64_t Fts5Baseline::index_bytes() const {
  Statement s(db_, "SELECT (SELECT page_count FROM pragma_page_count('main')) * (SELECT page_size FROM pragma_page_size('main'))");
  s.step();
  return sqlite3_column_int64(s.s, 0);
}

std::string Fts5Baseline::fts_query(const std::string& text) {
  std::vector<std::string> parts;
  std::string word;
  bool in_phrase = false;
  auto flush = [&] {
    if (!word.empty()) parts.push_back("\"" + word + "\"");
    word.clear();
  };
  for (char c : text) {
    if (c == '"') {
      flush();
      in_phrase = !in_phrase;
    } else if (!in_phrase && (c == ' ' || c == '\t')) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

BaselineAnswer Fts5Baseline::search(const std::string& query, const BaselineFilter& filter, int limit) {
  BaselineAnswer answer;
  std::string match = fts_query(query);
  // The matches once, then everything else over them.
  exec(db_, "DROP TABLE IF EXISTS temp.m");
  if (match.empty()) {
    exec(db_, "CREATE TEMP TABLE m AS SELECT id, 0.0 AS rank FROM entries WHERE state = 'published'");
  } else {
    exec(db_, "CREATE TEMP TABLE m AS SELECT rowid AS id, bm25(fts, 2.0, 1.0) AS rank FROM fts WHERE fts MATCH " +
                  quoted(match));
  }
  auto where_except = [&](const std::string& skip) {
    std::string where;
    for (const auto& [facet, values] : filter.values)
      if (facet != skip && !values.empty()) where += (where.empty() ? " WHERE " : " AND ") + condition(facet, values);
    return where;
  };
  {
    Statement s(db_, "SELECT id FROM m" + where_except("") + " ORDER BY rank, id LIMIT " + std::to_string(limit));
    while (s.step()) answer.ids.push_back(sqlite3_column_int64(s.s, 0));
  }
  {
    Statement s(db_, "SELECT COUNT(*) FROM m" + where_except(""));
    s.step();
    answer.total = sqlite3_column_int64(s.s, 0);
  }
  for (const auto& f : kFacets) {
    std::string value = f.value;
    bool distinct = value.rfind("DISTINCT ", 0) == 0;
    if (distinct) value = value.substr(9);
    std::string sql = "SELECT " + value + ", COUNT(" + (distinct ? "DISTINCT m.id" : "*") + ") FROM (SELECT id FROM m" +
                      where_except(f.name) + ") m JOIN " + f.from + " = m.id GROUP BY 1 ORDER BY 2 DESC, 1";
    Statement s(db_, sql);
    auto& list = answer.facets[f.name];
    while (s.step()) list.emplace_back(s.text(0), sqlite3_column_int64(s.s, 1));
  }
  return answer;
}

}  // namespace wsis::bench
