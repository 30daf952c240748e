// The `wsis` command line: serve, migrate, backup, admin. Each subcommand is a thin shell over
// services that the server uses too.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "app/commands.h"
#include "app/platform.h"

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::move(fallback);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wsis::app;
  CLI::App cli{"WSIS Hub: the World Summit on the Information Society follow-up platform"};
  cli.require_subcommand(1);

  ServeConfig serve_config;
  serve_config.listen = env_or("WSIS_LISTEN", serve_config.listen);
  serve_config.data_dir = env_or("WSIS_DATA_DIR", serve_config.data_dir);
  serve_config.web_root = env_or("WSIS_WEB_ROOT", serve_config.web_root);
  serve_config.log_level = env_or("WSIS_LOG_LEVEL", serve_config.log_level);
  serve_config.smtp_url = env_or("WSIS_SMTP_URL", serve_config.smtp_url);
  serve_config.mail_from = env_or("WSIS_MAIL_FROM", serve_config.mail_from);
  serve_config.public_url = env_or("WSIS_PUBLIC_URL", serve_config.public_url);
  const std::string trusted_env = env_or("WSIS_TRUSTED_PROXIES", "");
  for (std::string_view rest = trusted_env; !rest.empty();) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    if (item.find_first_not_of(" \t") != std::string_view::npos) serve_config.trusted_proxies.emplace_back(item);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }

  auto* serve_cmd = cli.add_subcommand("serve", "Serve the API and the web front end");
  serve_cmd->add_option("--listen", serve_config.listen, "Address and port (env WSIS_LISTEN)")->capture_default_str();
  serve_cmd->add_option("--data-dir", serve_config.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  serve_cmd->add_option("--web-root", serve_config.web_root, "Built front end (env WSIS_WEB_ROOT; default web/dist)");
  serve_cmd->add_option("--threads", serve_config.threads, "Worker threads (0: one per core)")->capture_default_str();
  // Zero would make the server refuse every body or header, or drop every connection at once.
  serve_cmd->add_option("--body-limit", serve_config.body_limit, "Largest request body in bytes")
      ->capture_default_str()->check(CLI::PositiveNumber);
  serve_cmd->add_option("--header-limit", serve_config.header_limit, "Largest request head in bytes")
      ->capture_default_str()->check(CLI::PositiveNumber);
  serve_cmd->add_option("--read-timeout", serve_config.read_timeout_seconds, "Seconds to receive a request")
      ->capture_default_str()->check(CLI::PositiveNumber);
  serve_cmd->add_option("--idle-timeout", serve_config.idle_timeout_seconds, "Seconds a keep-alive connection may idle")
      ->capture_default_str()->check(CLI::PositiveNumber);
  serve_cmd->add_option("--log-level", serve_config.log_level, "trace, debug, info, warn, error (env WSIS_LOG_LEVEL)")->capture_default_str();
  serve_cmd->add_flag("--access-log,!--no-access-log", serve_config.access_log, "One JSON line per request on stdout")->capture_default_str();
  serve_cmd->add_option("--port-file", serve_config.port_file, "Write the bound port here once listening");
  serve_cmd->add_flag("--secure-cookies", serve_config.secure_cookies, "Mark cookies Secure (serving behind HTTPS)");
  serve_cmd->add_option("--trusted-proxy", serve_config.trusted_proxies,
                        "Reverse proxy whose X-Forwarded-For names the client: an address or CIDR range, repeatable"
                        " (env WSIS_TRUSTED_PROXIES, comma-separated)")
      ->delimiter(',');
  serve_cmd->add_option("--smtp-url", serve_config.smtp_url, "SMTP server for outgoing mail, smtp://host:port (env WSIS_SMTP_URL)");
  serve_cmd->add_option("--mail-from", serve_config.mail_from, "Sender of outgoing mail (env WSIS_MAIL_FROM)")->capture_default_str();
  serve_cmd->add_option("--public-url", serve_config.public_url, "Public address for links in mails (env WSIS_PUBLIC_URL)")->capture_default_str();

  CommandOptions options;
  options.data_dir = serve_config.data_dir;
  auto add_data_dir = [&](CLI::App* command) {
    command->add_option("--data-dir", options.data_dir, "Data directory (env WSIS_DATA_DIR)")->capture_default_str();
  };

  auto* migrate_cmd = cli.add_subcommand("migrate", "Create or upgrade the database schema");
  add_data_dir(migrate_cmd);

  std::string backup_output;
  auto* backup_cmd = cli.add_subcommand("backup", "Write a consistent copy of the live database");
  add_data_dir(backup_cmd);
  backup_cmd->add_option("--output", backup_output, "The copy's path")->required();

  register_extra_commands(cli, options);

  CLI11_PARSE(cli, argc, argv);
  if (options.exit_code) return *options.exit_code;

  if (serve_cmd->parsed()) return serve(serve_config);
  if (migrate_cmd->parsed()) return migrate_command(options);
  if (backup_cmd->parsed()) return backup_command(options, backup_output);
  return run_extra_commands(cli, options);
}
