// The subcommands other than serve.
#pragma once

#include <CLI/App.hpp>
#include <string>

namespace wsis::app {

struct CommandOptions {
  std::string data_dir = "wsis-data";
  // admin create
  std::string email;
  std::string display_name;
  bool password_stdin = false;
};

int migrate_command(const CommandOptions& options);
int backup_command(const CommandOptions& options, const std::string& output);

// Subcommands of the domain modules (`wsis admin create`, later import/export/demo...).
void register_extra_commands(CLI::App& cli, CommandOptions& options);
int run_extra_commands(CLI::App& cli, const CommandOptions& options);

}  // namespace wsis::app
