// The real `wsis serve` binary started as a child process on 127.0.0.1 with an ephemeral
// port and its own data directory: integration tests speak HTTP to exactly what users run.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace wsis::testing {

class TestServer {
 public:
  // Starts the server; extra arguments are appended to `wsis serve`. Fails the test (and
  // throws) if it is not listening within 15 s.
  explicit TestServer(std::vector<std::string> extra_args = {});
  ~TestServer();  // SIGTERM, then wait

  std::uint16_t port() const { return port_; }
  const std::string& data_dir() const { return data_dir_.path(); }
  pid_t pid() const { return pid_; }

  // Sends SIGTERM and waits; returns the exit status (WEXITSTATUS) or -1 if killed by a signal.
  int stop();
  void kill_hard();  // SIGKILL, and wait
  // Starts the binary again on the same data directory (new port).
  void restart();

  // Runs `wsis <args...>` to completion with the server's data directory appended as
  // --data-dir; returns the exit code, output in `out` (stdout and stderr).
  int run_command(std::vector<std::string> args, std::string* out = nullptr, const std::string& stdin_text = "") const;

  std::string log() const;  // what the server wrote to stderr so far

 private:
  void start();
  TempDir data_dir_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int generation_ = 0;
};

// Runs any command to completion; returns its exit code and output (stdout and stderr).
int run_process(const std::vector<std::string>& argv, std::string* out = nullptr, const std::string& stdin_text = "");

}  // namespace wsis::testing
