// `wsis report --region REGION|world [--year Y|Y1-Y2] [--lang L] [--format pdf|xlsx|csv|json]
// --output FILE [--data-dir DIR]`: the regional report from the command line (report.h).
// Exit codes: 0 written; 1 the database could not be read or the file written; 2 bad arguments.
#pragma once

#include <CLI/App.hpp>

#include "app/commands.h"

namespace wsis::matrix {

void add_report_commands(CLI::App& cli, app::CommandOptions& options);

}  // namespace wsis::matrix
