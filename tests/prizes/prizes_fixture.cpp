#include "prizes_fixture.h"

#include <stdexcept>

#include "accounts/roles.h"
#include "app/platform.h"
#include "stocktaking/entry.h"

namespace json = boost::json;

namespace wsis::testing {

namespace {
std::string iso(std::int64_t ms) { return format_timestamp(ms); }
}  // namespace

json::object cycle_body(int year, const CycleTimes& t, const json::object& rules) {
  json::object body{
      {"year", year},
      {"title", "WSIS Prizes " + std::to_string(year)},
      {"phases",
       {{"nominations", {{"opens", iso(t.start)}, {"closes", iso(t.nominations_close())}}},
        {"review", {{"opens", iso(t.review_open())}, {"closes", iso(t.review_close())}}},
        {"voting", {{"opens", iso(t.voting_open())}, {"closes", iso(t.voting_close())}}},
        {"results", iso(t.results())}}}};
  if (!rules.empty()) body["rules"] = rules;
  return body;
}

std::string summary_of(int words) {
  std::string text;
  for (int i = 0; i < words; ++i) text += (i ? " " : "") + std::string(i % 7 == 0 ? "schools" : "connected");
  return text;
}

json::object nomination_body(std::int64_t entry_id, const std::string& category) {
  return {{"category", category},
          {"entry_id", entry_id},
          {"answers",
           {{"summary", summary_of(170)},
            {"sdg_links", json::array{{{"action_line", "C2"}, {"goal", 4}, {"explanation", "Schools get broadband."}}}},
            {"impact", "Twelve thousand pupils online."},
            {"partnerships", "Ministry of Education, two operators."},
            {"challenges", "Power supply in remote areas."}}}};
}

json::object review_body(bool eligible, int score) {
  return {{"scores", {{"impact", score}, {"innovation", score}, {"sustainability", score}, {"replicability", score}}},
          {"eligible", eligible},
          {"reason", eligible ? "Meets the criteria." : "Not an ICT project."}};
}

PrizesWorld::PrizesWorld(const std::string& data_dir, std::int64_t start_ms) : clock(start_ms) {
  auto opened = app::open_database(data_dir, clock);
  if (!opened) throw std::runtime_error("cannot open the database: " + opened.error().detail);
  database = std::move(*opened);
  accounts::AccountsOptions options;
  options.password_cost = accounts::PasswordCost::minimum();
  accounts = std::make_unique<accounts::AccountsService>(*database, clock, options);
  entries = std::make_unique<stocktaking::EntriesService>(*database, clock);
  prizes = std::make_unique<prizes::PrizesService>(*database, clock, *entries);

  auto created = accounts->create_administrator({"admin@example.org", kPassword, "Admin", "en"}, {});
  if (!created) throw std::runtime_error("admin: " + created.error().detail);
  auto login = accounts->login({"admin@example.org", kPassword}, {});
  if (!login) throw std::runtime_error("admin login: " + login.error().detail);
  admin = login->user.id;
  sessions_[admin] = login->session_id;
  emails_[admin] = "admin@example.org";

  moderator = user("moderator@example.org", "Moderator");
  grant(moderator, Role::moderator);
  contributor_a = user("contributor-a@example.org", "Contributor A");
  contributor_a2 = user("contributor-a2@example.org", "Contributor A2");
  contributor_b = user("contributor-b@example.org", "Contributor B");
  expert_a = user("expert-a@example.org", "Expert A");
  expert_x = user("expert-x@example.org", "Expert X");
  grant(expert_a, Role::prize_expert);
  grant(expert_x, Role::prize_expert);
  auto org = [&](std::int64_t focal, const std::string& name, const std::string& type, const std::string& country) {
    auto o = accounts->create_organisation(caller(focal), {name, type, country, std::nullopt});
    if (!o) throw std::runtime_error("organisation: " + o.error().detail);
    return o->id;
  };
  org_a = org(contributor_a, "Organisation A", "civil-society", "SEN");
  org_b = org(contributor_b, "Organisation B", "government", "KEN");
  for (auto email : {"contributor-a2@example.org", "expert-a@example.org"}) {
    auto added = accounts->add_member(caller(contributor_a), org_a, {email, false});
    if (!added) throw std::runtime_error("member: " + added.error().detail);
  }
}

std::int64_t PrizesWorld::user(const std::string& email, const std::string& name) {
  accounts::Caller anonymous;
  anonymous.ip = "192.0.2.1";
  auto grant = accounts->register_user({email, kPassword, name, "en"}, anonymous);
  if (!grant) throw std::runtime_error("register " + email + ": " + grant.error().detail);
  sessions_[grant->user.id] = grant->session_id;
  emails_[grant->user.id] = email;
  return grant->user.id;
}

std::int64_t PrizesWorld::voter(const std::string& email) {
  auto id = user(email, "Voter");
  verify_email(id);
  return id;
}

accounts::Caller PrizesWorld::caller(std::int64_t user_id) {
  accounts::Caller caller;
  caller.ip = "192.0.2.1";
  auto session = accounts->authenticate_session(sessions_.at(user_id));
  if (session && !*session) {
    // Expired as the manual clock moved on by days: log in again.
    auto login = accounts->login({emails_.at(user_id), kPassword}, {});
    if (login) sessions_[user_id] = login->session_id;
    session = accounts->authenticate_session(sessions_.at(user_id));
  }
  if (!session || !*session) throw std::runtime_error("no session for user " + std::to_string(user_id));
  caller.actor = (*session)->actor;
  caller.session_hash = (*session)->credential_id;
  return caller;
}

Actor PrizesWorld::actor(std::int64_t user_id) { return *caller(user_id).actor; }

void PrizesWorld::grant(std::int64_t user_id, Role role) {
  auto current = accounts->find_user(user_id);
  std::uint32_t roles = (current.ok() && *current ? (*current)->roles : 0) & accounts::kGrantableRoles;
  auto set = accounts->set_roles(caller(admin), user_id, {roles | accounts::role_bit(role)});
  if (!set) throw std::runtime_error("roles: " + set.error().detail);
}

void PrizesWorld::verify_email(std::int64_t user_id) {
  auto connection = database->connect();
  auto s = (*connection)->prepare("UPDATE users SET email_verified = 1 WHERE id = ?");
  s->bind(1, user_id);
  if (!s->run()) throw std::runtime_error("verify email");
}

std::int64_t PrizesWorld::published_entry(std::int64_t owner, const std::string& title) {
  return entry_in_state(owner, title, "published");
}

void PrizesWorld::publish_entry(std::int64_t entry) {
  auto published = entries->act(actor(moderator), entry, std::nullopt, "publish", "");
  if (!published) throw std::runtime_error("publish: " + published.error().detail);
}

std::int64_t PrizesWorld::entry_in_state(std::int64_t owner, const std::string& title, const std::string& state) {
  json::object body{{"type", "project"},
                    {"title", title},
                    {"description", "Connects **rural schools** to the internet."},
                    {"language", "en"},
                    {"countries", {"KEN"}},
                    {"action_lines", {"C1"}},
                    {"sdg_targets", {"4.1"}},
                    {"project_status", "ongoing"},
                    {"website", "https://example.org/schools"},
                    {"contact", {{"name", "Wanjiru Kamau"}, {"email", "wanjiru@example.org"}}},
                    {"reporting_year", 2025}};
  auto content = stocktaking::parse_entry_content(body, entries->current_year());
  if (!content) throw std::runtime_error("entry content: " + content.error().detail);
  auto created = entries->create(actor(owner), std::move(*content));
  if (!created) throw std::runtime_error("entry: " + created.error().detail);
  auto id = created->record.id;
  if (state == "draft") return id;
  auto submitted = entries->act(actor(owner), id, std::nullopt, "submit", "");
  if (!submitted) throw std::runtime_error("submit: " + submitted.error().detail);
  if (state != "submitted") publish_entry(id);
  return id;
}

prizes::Cycle PrizesWorld::cycle(int year, const CycleTimes& times, const json::object& rules) {
  auto config = prizes::parse_cycle_config(cycle_body(year, times, rules));
  if (!config) throw std::runtime_error("cycle config: " + config.error().detail);
  auto created = prizes->create_cycle(actor(admin), std::move(*config));
  if (!created) throw std::runtime_error("cycle: " + created.error().detail);
  return *created;
}

namespace {
// Runs `fn` with the clock at `at`, then puts it back.
template <typename Fn>
auto at_time(ManualClock& clock, std::int64_t at, Fn&& fn) {
  auto before = clock.now_ms();
  clock.set(at);
  auto result = fn();
  clock.set(before);
  return result;
}
}  // namespace

std::int64_t PrizesWorld::nominate(const prizes::Cycle& cycle, std::int64_t owner, std::int64_t entry,
                                   const std::string& category) {
  auto form = prizes::parse_nomination_form(nomination_body(entry, category));
  if (!form) throw std::runtime_error("nomination form: " + form.error().detail);
  auto n = at_time(clock, cycle.config.nominations.opens + kHourMs,
                   [&] { return prizes->nominate(actor(owner), cycle.id, *form); });
  if (!n) throw std::runtime_error("nominate: " + n.error().detail);
  return n->id;
}

void PrizesWorld::assign(const prizes::Cycle& cycle, const std::string& category, std::vector<std::int64_t> experts) {
  auto assigned = prizes->assign_experts(actor(admin), cycle.id, category, experts);
  if (!assigned) throw std::runtime_error("assign: " + assigned.error().detail);
}

void PrizesWorld::review(const prizes::Cycle& cycle, std::int64_t nomination, bool eligible, std::int64_t expert) {
  auto form = prizes::parse_review_form(review_body(eligible), cycle.config.rules);
  if (!form) throw std::runtime_error("review form: " + form.error().detail);
  auto done = at_time(clock, cycle.config.review.opens + kHourMs,
                      [&] { return prizes->review(actor(expert ? expert : expert_x), nomination, *form); });
  if (!done) throw std::runtime_error("review: " + done.error().detail);
}

std::int64_t PrizesWorld::count(const std::string& sql) { return query_int(*database, sql); }

std::string PrizesWorld::token(std::int64_t user_id) {
  auto created = accounts->create_token(caller(user_id), {"prizes tests", std::nullopt});
  if (!created) throw std::runtime_error("token: " + created.error().detail);
  return created->secret;
}

}  // namespace wsis::testing
