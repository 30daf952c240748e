#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <termios.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <iostream>

#include "accounts/accounts_service.h"
#include "accounts/forms.h"
#include "app/platform.h"
#include "core/messages.h"
#include "core/text.h"
#include "db/migrations.h"
#include "matrix/cli_report.h"
#include "matrix/reference_matrix.h"
#include "stocktaking/cli_demo.h"
#include "stocktaking/cli_exchange.h"

namespace wsis::app {

int migrate_command(const CommandOptions& options) {
  SystemClock clock;
  auto database = open_database(options.data_dir, clock);
  if (!database) {
    std::cerr << "wsis migrate: " << database.error().detail << "\n";
    return 1;
  }
  // Reference data the schema starts with: the agencies' WSIS-SDG Matrix as version 1 (once).
  if (auto seeded = matrix::MatrixService(**database, clock).ensure_seeded(); !seeded) {
    std::cerr << "wsis migrate: " << seeded.error().detail << "\n";
    return 1;
  }
  auto version = db::schema_version(**database);
  std::cout << "database schema at version " << (version ? *version : 0) << "\n";
  return 0;
}

int backup_command(const CommandOptions& options, const std::string& output) {
  auto database = open_existing_database(options.data_dir);
  if (!database) {
    std::cerr << "wsis backup: " << database.error().detail << "\n";
    return 1;
  }
  if (auto done = (*database)->backup_to(output); !done) {
    std::cerr << "wsis backup: " << done.error().detail << "\n";
    return 1;
  }
  std::cout << "backup written to " << output << "\n";
  return 0;
}

namespace {

// Exit codes of `wsis admin create`, documented in docs/ACCOUNTS.md.
constexpr int kExitFailed = 1;    // the database could not be opened or written
constexpr int kExitUsage = 2;     // no --password-stdin, or nothing on standard input
constexpr int kExitRejected = 3;  // a field is invalid (weak password, malformed email, ...)
constexpr int kExitTaken = 4;     // the email already has an account

// One line of standard input, without its line ending. On a terminal the typing is not echoed;
// a password in the command line itself would be visible to every user in the process list.
std::string read_password_line() {
  bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal && tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::cerr << "Password: " << std::flush;
  } else {
    terminal = false;
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int admin_create_command(const CommandOptions& options) {
  const std::string prefix = "wsis admin create: ";
  if (!options.password_stdin) {
    std::cerr << prefix << "pass --password-stdin and give the password on standard input\n";
    return kExitUsage;
  }
  std::string password = read_password_line();
  if (password.empty()) {
    std::cerr << prefix << "no password on standard input\n";
    return kExitUsage;
  }
  if (!is_valid_utf8(password) || !is_valid_utf8(options.email) || !is_valid_utf8(options.display_name)) {
    std::cerr << prefix << "arguments and password must be UTF-8\n";
    return kExitRejected;
  }
  std::string name = options.display_name;
  if (name.empty()) name = options.email.substr(0, options.email.find('@'));
  // Read through the same form as POST /auth/register: the same rules, the same messages.
  boost::json::object input{{"email", options.email}, {"password", password}, {"display_name", name}};
  auto form = accounts::read_registration(input, "en");
  if (!form) {
    const auto& messages = Messages::instance();
    for (const auto& field : form.error().fields) {
      std::string flag = field.field == "email" ? "--email" : field.field == "display_name" ? "--name" : "password";
      std::cerr << prefix << flag << ": " << messages.format("en", "field." + field.code, field.args) << " ("
                << field.code << ")\n";
    }
    return kExitRejected;
  }
  SystemClock clock;
  auto database = open_database(options.data_dir, clock);
  if (!database) {
    std::cerr << prefix << database.error().detail << "\n";
    return kExitFailed;
  }
  accounts::AccountsService service(**database, clock);
  auto user = service.create_administrator(*form, accounts::Caller{});
  if (!user) {
    if (user.error().code == ErrorCode::email_taken) {
      std::cerr << prefix << "an account with the email " << form->email << " already exists\n";
      return kExitTaken;
    }
    std::cerr << prefix << user.error().detail << "\n";
    return kExitFailed;
  }
  std::cout << "administrator " << user->email << " created (user " << user->id << ")\n";
  return 0;
}

}  // namespace

void register_extra_commands(CLI::App& cli, CommandOptions& options) {
  auto* admin = cli.add_subcommand("admin", "Manage administrator accounts");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand("create", "Create an administrator (the first one, typically)");
  create->add_option("--email", options.email, "The administrator's email")->required();
  create->add_flag("--password-stdin", options.password_stdin,
                   "Read the password from standard input (required; at least 10 characters)");
  create->add_option("--name", options.display_name, "Display name (default: the part of the email before @)");
  create->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  stocktaking::add_exchange_commands(cli, options);
  stocktaking::add_demo_commands(cli, options);
  matrix::add_report_commands(cli, options);
}

int run_extra_commands(CLI::App& cli, const CommandOptions& options) {
  auto* admin = cli.get_subcommand("admin");
  if (admin->parsed() && admin->get_subcommand("create")->parsed()) return admin_create_command(options);
  return 2;
}

}  // namespace wsis::app
