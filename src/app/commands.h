// The subcommands other than serve.
#pragma once

#include <CLI/App.hpp>
#include <optional>
#include <string>

namespace wsis::app {

struct CommandOptions {
  std::string data_dir = "wsis-data";
  // admin create
  std::string email;
  std::string display_name;
  bool password_stdin = false;
  // Set by a module subcommand's CLI11 callback when it has run (see register_extra_commands).
  std::optional<int> exit_code;
};

int migrate_command(const CommandOptions& options);
int backup_command(const CommandOptions& options, const std::string& output);

// Subcommands of the domain modules (`wsis admin create`, `wsis import`, `wsis demo`...). A
// module adds its own with a function like stocktaking::add_commands(cli, options), whose
// subcommands run from a CLI11 callback and put their exit code in options.exit_code.
void register_extra_commands(CLI::App& cli, CommandOptions& options);
int run_extra_commands(CLI::App& cli, const CommandOptions& options);

}  // namespace wsis::app
