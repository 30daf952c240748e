// `wsis import FILE [--skip-invalid]` and `wsis export --format jsonl|csv|xlsx|iati --output
// FILE [--all]`: the command line over importer.h and exporter.h, with a progress bar when
// standard error is a terminal. Exit codes are in docs/IMPORT_EXPORT.md.
#pragma once

#include <CLI/App.hpp>

#include "app/commands.h"

namespace wsis::stocktaking {

// Adds the two subcommands; each runs from its CLI11 callback and sets options.exit_code.
void add_exchange_commands(CLI::App& cli, app::CommandOptions& options);

}  // namespace wsis::stocktaking
