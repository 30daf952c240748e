#include "matrix/reference_matrix.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "core/json_input.h"
#include "core/resources.h"
#include "db/change_feed.h"
#include "reference/reference_data.h"

namespace json = boost::json;

namespace wsis::matrix {

namespace {

constexpr std::string_view kSeedPath = "data/reference/wsis-sdg-matrix/matrix.jsonl";

Error forbidden() { return make_error(ErrorCode::forbidden, "only moderators edit the matrix"); }

constexpr std::string_view kLinkColumns =
    "action_line, goal, target, rationale, source, source_date, entered_by, entered_at";

// Reads the columns of kLinkColumns from `first` on.
Link read_link(db::Statement& s, int first = 0) {
  Link link;
  link.key.action_line = s.string(first);
  link.key.goal = static_cast<int>(s.int64(first + 1));
  link.key.target = s.string(first + 2);
  link.rationale = s.string(first + 3);
  link.source = s.string(first + 4);
  link.source_date = s.string(first + 5);
  link.entered_by = s.optional_int64(first + 6);
  link.entered_at = s.int64(first + 7);
  return link;
}

// Targets sort in SDG order ("1.2" before "1.10" before "1.a").
int target_order(std::string_view target) {
  if (target.empty()) return -1;
  const auto& targets = reference::ReferenceData::instance().targets();
  for (std::size_t i = 0; i < targets.size(); ++i)
    if (targets[i].code == target) return static_cast<int>(i);
  return static_cast<int>(targets.size());
}

int action_line_order(std::string_view code) {
  const auto* line = reference::ReferenceData::instance().action_line(code);
  return line ? line->order : 1000;
}

void sort_links(std::vector<Link>& links) {
  std::sort(links.begin(), links.end(), [](const Link& a, const Link& b) {
    auto ka = std::tuple(action_line_order(a.key.action_line), a.key.goal, target_order(a.key.target));
    auto kb = std::tuple(action_line_order(b.key.action_line), b.key.goal, target_order(b.key.target));
    return ka < kb;
  });
}

Result<std::vector<Link>> read_links(db::Connection& c, std::string_view sql, std::optional<std::int64_t> param) {
  auto s = c.prepare(sql);
  if (param) s->bind(1, *param);
  std::vector<Link> links;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    links.push_back(read_link(*s, 1));
    links.back().id = s->int64(0);
  }
  sort_links(links);
  return links;
}

Result<std::vector<Link>> draft_links(db::Connection& c) {
  return read_links(c, "SELECT id, " + std::string(kLinkColumns) + " FROM matrix_links", std::nullopt);
}

Result<std::vector<Link>> version_links(db::Connection& c, std::int64_t version_id) {
  return read_links(
      c, "SELECT 0, " + std::string(kLinkColumns) + " FROM matrix_version_links WHERE version_id = ?", version_id);
}

Result<void> audit_and_feed(db::Connection& c, const Actor* actor, std::string_view action, std::string_view op,
                            const std::string& target_id, const json::object& detail, std::int64_t now) {
  db::AuditEvent event;
  event.actor_user_id = actor ? actor->user_id : 0;
  event.action = std::string(action);
  event.target_type = "matrix";
  event.target_id = target_id;
  event.detail = json::serialize(detail);
  event.at_ms = now;
  WSIS_TRY(db::append_audit(c, event));
  // The seed (no actor) is part of setting the database up, like a migration: it is audited
  // but is no change for followers of the feed, and a fresh database keeps an empty feed.
  if (!actor) return Ok{};
  WSIS_ASSIGN(auto seq, db::append_change(c, "matrix", target_id, op, event.detail, now));
  (void)seq;
  return Ok{};
}

json::object key_json(const LinkKey& key) {
  return {{"action_line", key.action_line}, {"goal", key.goal}, {"target", key.target}};
}

Result<std::vector<Version>> read_versions(db::Connection& c, std::optional<std::int64_t> number) {
  std::string sql = "SELECT id, number, published_at, published_by, note, link_count FROM matrix_versions";
  if (number) sql += " WHERE number = ?";
  sql += " ORDER BY number";
  auto s = c.prepare(sql);
  if (number) s->bind(1, *number);
  std::vector<Version> out;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    Version v;
    v.number = s->int64(1);
    v.published_at = s->int64(2);
    v.published_by = s->optional_int64(3);
    v.note = s->string(4);
    v.link_count = s->int64(5);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::int64_t> version_id_of(db::Connection& c, std::int64_t number) {
  auto s = c.prepare("SELECT id FROM matrix_versions WHERE number = ?");
  s->bind(1, number);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return make_error(ErrorCode::not_found, "no matrix version " + std::to_string(number));
  return s->int64(0);
}

Result<Version> publish_in(db::Connection& c, const Actor* actor, const std::string& note, std::int64_t now) {
  WSIS_ASSIGN(auto links, draft_links(c));
  std::int64_t number = 1;
  std::optional<std::int64_t> previous_id;
  {
    auto s = c.prepare("SELECT id, number FROM matrix_versions ORDER BY number DESC LIMIT 1");
    WSIS_ASSIGN(bool row, s->step());
    if (row) {
      previous_id = s->int64(0);
      number = s->int64(1) + 1;
    }
  }
  if (previous_id) {
    WSIS_ASSIGN(auto previous, version_links(c, *previous_id));
    auto keys = [](const std::vector<Link>& list) {
      std::vector<LinkKey> k;
      for (const auto& l : list) k.push_back(l.key);
      std::sort(k.begin(), k.end());
      return k;
    };
    if (keys(previous) == keys(links))
      return make_error(ErrorCode::conflict, "the draft has the same links as the latest version");
  }
  std::int64_t version_id = 0;
  {
    auto s = c.prepare(
        "INSERT INTO matrix_versions (number, published_at, published_by, note, link_count) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id");
    s->bind_all(number, now, actor ? std::optional<std::int64_t>(actor->user_id) : std::nullopt, note,
                static_cast<std::int64_t>(links.size()));
    WSIS_ASSIGN(bool row, s->step());
    if (!row) return make_error(ErrorCode::internal, "no id for the new version");
    version_id = s->int64(0);
  }
  for (const auto& l : links) {
    auto s = c.prepare("INSERT INTO matrix_version_links (version_id, " + std::string(kLinkColumns) +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s->bind_all(version_id, l.key.action_line, l.key.goal, l.key.target, l.rationale, l.source, l.source_date,
                l.entered_by, l.entered_at);
    WSIS_TRY(s->run());
  }
  for (auto table : {"matrix_draft_edits", "matrix_guidance_decisions"}) {
    auto s = c.prepare(std::string("UPDATE ") + table + " SET version_id = ? WHERE version_id IS NULL");
    s->bind(1, version_id);
    WSIS_TRY(s->run());
  }
  WSIS_TRY(audit_and_feed(c, actor, "matrix.publish", "publish", std::to_string(number),
                          {{"number", number}, {"links", links.size()}, {"note", note}}, now));
  Version v;
  v.number = number;
  v.published_at = now;
  v.published_by = actor ? std::optional<std::int64_t>(actor->user_id) : std::nullopt;
  v.note = note;
  v.link_count = static_cast<std::int64_t>(links.size());
  v.links = std::move(links);
  return v;
}

Result<void> record_edit(db::Connection& c, const Actor& actor, std::string_view op, const LinkKey& key,
                         const std::string& comment, std::int64_t now) {
  auto s = c.prepare(
      "INSERT INTO matrix_draft_edits (op, action_line, goal, target, comment, actor_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s->bind_all(op, key.action_line, key.goal, key.target, comment, actor.user_id, now);
  WSIS_TRY(s->run());
  auto detail = key_json(key);
  detail["comment"] = comment;
  return audit_and_feed(c, &actor, std::string("matrix.draft_") + std::string(op), "draft", "draft", detail, now);
}

}  // namespace

bool is_moderator(const Actor& actor) { return actor.has(Role::moderator) || actor.has(Role::administrator); }

Result<void> check_link_key(const LinkKey& key) {
  const auto& data = reference::ReferenceData::instance();
  FieldErrors errors;
  if (!data.action_line(key.action_line)) errors.add("action_line", "unknown_code", {{"code", key.action_line.substr(0, 64)}});
  if (!data.goal(key.goal)) errors.add("goal", "unknown_code", {{"code", std::to_string(key.goal)}});
  if (!key.target.empty()) {
    const auto* target = data.target(key.target);
    if (!target) errors.add("target", "unknown_code", {{"code", key.target.substr(0, 64)}});
    else if (target->goal != key.goal) errors.add("target", "invalid_value");
  }
  if (!errors.empty()) return errors.to_error();
  return Ok{};
}

std::optional<std::string> action_line_of_label(std::string_view label) {
  for (std::string_view sub : {"e-government", "e-business", "e-learning", "e-health", "e-employment", "e-environment",
                               "e-agriculture", "e-science"})
    if (label.starts_with("C7") && label.find(sub) != std::string_view::npos) return "C7-" + std::string(sub);
  if (label.size() < 2 || label[0] != 'C') return std::nullopt;
  std::size_t end = 1;
  while (end < label.size() && label[end] >= '0' && label[end] <= '9') ++end;
  std::string code(label.substr(0, end));
  if (!reference::ReferenceData::instance().action_line(code)) return std::nullopt;
  return code;
}

Result<std::vector<Link>> agencies_links() {
  auto text = resource(kSeedPath);
  if (!text) return make_error(ErrorCode::internal, std::string(kSeedPath) + " is not embedded");
  const auto& data = reference::ReferenceData::instance();
  std::map<LinkKey, Link> links;
  std::size_t start = 0, line_number = 0;
  while (start < text->size()) {
    auto end = text->find('\n', start);
    if (end == std::string_view::npos) end = text->size();
    auto line = text->substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty()) continue;
    auto fail = [&](const std::string& what) {
      return make_error(ErrorCode::internal, std::string(kSeedPath) + " line " + std::to_string(line_number) + ": " + what);
    };
    boost::system::error_code ec;
    auto value = json::parse(line, ec);
    if (ec || !value.is_object()) return fail("not a JSON object");
    const auto& o = value.as_object();
    auto code = action_line_of_label(o.contains("action_line_label") && o.at("action_line_label").is_string()
                                         ? std::string_view(o.at("action_line_label").as_string())
                                         : std::string_view{});
    if (!code) return fail("unknown action line");
    std::string source = o.contains("source") && o.at("source").is_string() ? std::string(o.at("source").as_string())
                                                                            : std::string(kSeedPath);
    if (!o.contains("sdg_links") || !o.at("sdg_links").is_array()) return fail("no sdg_links");
    for (const auto& item : o.at("sdg_links").as_array()) {
      if (!item.is_object()) return fail("an sdg link is not an object");
      const auto& l = item.as_object();
      if (!l.contains("sdg_goal") || !l.at("sdg_goal").is_int64()) return fail("an sdg link has no goal");
      int goal = static_cast<int>(l.at("sdg_goal").as_int64());
      std::string rationale = l.contains("rationale") && l.at("rationale").is_string()
                                  ? std::string(l.at("rationale").as_string())
                                  : std::string{};
      std::vector<LinkKey> keys;
      const json::array* targets = l.contains("targets") && l.at("targets").is_array() ? &l.at("targets").as_array() : nullptr;
      if (!targets || targets->empty()) keys.push_back({*code, goal, ""});
      else
        for (const auto& t : *targets) {
          if (!t.is_string()) return fail("a target is not a string");
          std::string target(t.as_string());
          if (target.find('.') == std::string::npos) {
            keys.push_back({*code, std::stoi(target), ""});
          } else {
            const auto* known = data.target(target);
            if (!known) return fail("unknown target " + target);
            keys.push_back({*code, known->goal, target});
          }
        }
      for (auto& key : keys) {
        if (!data.goal(key.goal)) return fail("unknown goal " + std::to_string(key.goal));
        if (links.contains(key)) continue;
        Link link;
        link.key = key;
        link.rationale = rationale;
        link.source = source;
        links.emplace(key, std::move(link));
      }
    }
  }
  std::vector<Link> out;
  for (auto& [key, link] : links) out.push_back(std::move(link));
  sort_links(out);
  return out;
}

MatrixService::MatrixService(db::Database& database, const Clock& clock) : database_(database), clock_(clock) {}

Result<void> MatrixService::ensure_seeded() {
  WSIS_ASSIGN(auto links, agencies_links());
  const std::string source = links.empty() ? std::string(kSeedPath) : links.front().source;
  std::int64_t now = clock_.now_ms();
  return db::with_transaction(database_, db::TransactionMode::write, [&](db::Connection& c) -> Result<void> {
    {
      auto s = c.prepare("SELECT (SELECT COUNT(*) FROM matrix_seeds) + (SELECT COUNT(*) FROM matrix_versions)");
      WSIS_ASSIGN(bool row, s->step());
      if (row && s->int64(0) > 0) return Ok{};
    }
    for (const auto& l : links) {
      auto s = c.prepare("INSERT INTO matrix_links (" + std::string(kLinkColumns) +
                         ") VALUES (?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING");
      s->bind_all(l.key.action_line, l.key.goal, l.key.target, l.rationale, l.source, l.source_date, now);
      WSIS_TRY(s->run());
    }
    {
      auto s = c.prepare("INSERT INTO matrix_seeds (source, seeded_at) VALUES (?, ?)");
      s->bind_all(source, now);
      WSIS_TRY(s->run());
    }
    WSIS_ASSIGN(auto version, publish_in(c, nullptr, "The WSIS-SDG Matrix as proposed by the UN agencies (" + source + ")", now));
    (void)version;
    return Ok{};
  });
}

Result<std::vector<Version>> MatrixService::versions() {
  WSIS_ASSIGN(auto c, database_.connect());
  return read_versions(*c, std::nullopt);
}

Result<Version> MatrixService::version(std::int64_t number) {
  WSIS_ASSIGN(auto c, database_.connect());
  WSIS_ASSIGN(auto t, db::Transaction::begin(*c, db::TransactionMode::read));
  WSIS_ASSIGN(auto found, read_versions(*c, number));
  if (found.empty()) return make_error(ErrorCode::not_found, "no matrix version " + std::to_string(number));
  WSIS_ASSIGN(auto id, version_id_of(*c, number));
  WSIS_ASSIGN(found.front().links, version_links(*c, id));
  return std::move(found.front());
}

Result<std::optional<Version>> MatrixService::latest() {
  std::int64_t number = 0;
  {
    WSIS_ASSIGN(auto c, database_.connect());
    auto s = c->prepare("SELECT COALESCE(MAX(number), 0) FROM matrix_versions");
    WSIS_ASSIGN(bool row, s->step());
    if (row) number = s->int64(0);
  }
  if (number == 0) return std::optional<Version>{};
  WSIS_ASSIGN(auto v, version(number));
  return std::optional<Version>(std::move(v));
}

Result<Comparison> MatrixService::compare(std::int64_t from, std::int64_t to) {
  WSIS_ASSIGN(auto a, version(from));
  WSIS_ASSIGN(auto b, version(to));
  Comparison out;
  out.from = from;
  out.to = to;
  auto contains = [](const std::vector<Link>& list, const LinkKey& key) {
    return std::any_of(list.begin(), list.end(), [&](const Link& l) { return l.key == key; });
  };
  for (const auto& l : b.links)
    if (!contains(a.links, l.key)) out.added.push_back(l);
  for (const auto& l : a.links)
    if (!contains(b.links, l.key)) out.removed.push_back(l);
  return out;
}

Result<std::vector<Link>> MatrixService::draft(const Actor& actor) {
  if (!is_moderator(actor)) return forbidden();
  WSIS_ASSIGN(auto c, database_.connect());
  return draft_links(*c);
}

Result<std::vector<DraftEdit>> MatrixService::pending_edits(const Actor& actor) {
  if (!is_moderator(actor)) return forbidden();
  WSIS_ASSIGN(auto c, database_.connect());
  auto s = c->prepare(
      "SELECT id, op, action_line, goal, target, comment, actor_id, at_ms FROM matrix_draft_edits"
      " WHERE version_id IS NULL ORDER BY id");
  std::vector<DraftEdit> out;
  while (true) {
    WSIS_ASSIGN(bool row, s->step());
    if (!row) break;
    DraftEdit e;
    e.id = s->int64(0);
    e.op = s->string(1);
    e.key = {s->string(2), static_cast<int>(s->int64(3)), s->string(4)};
    e.comment = s->string(5);
    e.actor_id = s->optional_int64(6);
    e.at_ms = s->int64(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<Link> MatrixService::add_link_in(db::Connection& c, const Actor& actor, const LinkChange& change) {
  WSIS_TRY(check_link_key(change.key));
  std::int64_t now = clock_.now_ms();
  Link link;
  link.key = change.key;
  link.rationale = change.rationale;
  link.source = change.source.empty() ? "WSIS Hub moderator" : change.source;
  link.source_date = change.source_date;
  link.entered_by = actor.user_id;
  link.entered_at = now;
  auto s = c.prepare("INSERT INTO matrix_links (" + std::string(kLinkColumns) +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
  s->bind_all(link.key.action_line, link.key.goal, link.key.target, link.rationale, link.source, link.source_date,
              link.entered_by, link.entered_at);
  WSIS_ASSIGN(bool row, s->step());
  if (!row) return make_error(ErrorCode::conflict, "the draft already has this link");
  link.id = s->int64(0);
  s->reset();
  WSIS_TRY(record_edit(c, actor, "add", link.key, change.comment, now));
  return link;
}

Result<void> MatrixService::remove_link_in(db::Connection& c, const Actor& actor, const LinkKey& key,
                                           const std::string& comment) {
  WSIS_TRY(check_link_key(key));
  {
    auto s = c.prepare("DELETE FROM matrix_links WHERE action_line = ? AND goal = ? AND target = ?");
    s->bind_all(key.action_line, key.goal, key.target);
    WSIS_TRY(s->run());
    if (s->changes() == 0) return make_error(ErrorCode::not_found, "the draft has no such link");
  }
  return record_edit(c, actor, "remove", key, comment, clock_.now_ms());
}

Result<Link> MatrixService::add_link(const Actor& actor, const LinkChange& change) {
  if (!is_moderator(actor)) return forbidden();
  return db::with_transaction(database_, db::TransactionMode::write,
                              [&](db::Connection& c) { return add_link_in(c, actor, change); });
}

Result<void> MatrixService::remove_link(const Actor& actor, const LinkKey& key, const std::string& comment) {
  if (!is_moderator(actor)) return forbidden();
  return db::with_transaction(database_, db::TransactionMode::write,
                              [&](db::Connection& c) { return remove_link_in(c, actor, key, comment); });
}

Result<Version> MatrixService::publish(const Actor& actor, const std::string& note) {
  if (!is_moderator(actor)) return forbidden();
  return db::with_transaction(database_, db::TransactionMode::write,
                              [&](db::Connection& c) { return publish_in(c, &actor, note, clock_.now_ms()); });
}

}  // namespace wsis::matrix
