// `wsis demo --entries N --seed S [--if-empty] [--data-dir DIR]`: fills an empty database with
// a deterministic, multilingual demo set (demo.h). Exit codes: 0 done (or, with --if-empty, the
// database already had entries and nothing was written); 1 the database could not be opened or
// written; 2 bad arguments; 3 the database already has entries (nothing written).
#pragma once

#include <CLI/App.hpp>

#include "app/commands.h"

namespace wsis::stocktaking {

// Adds `demo`; it runs from its CLI11 callback and sets options.exit_code.
void add_demo_commands(CLI::App& cli, app::CommandOptions& options);

}  // namespace wsis::stocktaking
