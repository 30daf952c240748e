#include "support/test_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace wsis::testing {

namespace {
std::vector<char*> to_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}
}  // namespace

TestServer::TestServer(std::vector<std::string> extra_args) : extra_args_(std::move(extra_args)) { start(); }

TestServer::~TestServer() {
  if (pid_ > 0) stop();
}

void TestServer::start() {
  ++generation_;
  std::string port_file = data_dir_.file("port-" + std::to_string(generation_));
  std::vector<std::string> args = {WSIS_BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir_.path(),
                                   "--port-file", port_file, "--no-access-log", "--log-level", "warn",
                                   "--web-root", data_dir_.file("no-web")};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  auto argv = to_argv(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string log_path = data_dir_.file("server.log");
  posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  int rc = posix_spawn(&pid_, WSIS_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(WSIS_BINARY));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "server exited at start-up:\n" << log();
      throw std::runtime_error("server exited at start-up");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "server not listening after 15 s:\n" << log();
  throw std::runtime_error("server did not start");
}

int TestServer::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void TestServer::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void TestServer::restart() {
  if (pid_ > 0) stop();
  start();
}

std::string TestServer::log() const {
  std::ifstream in(data_dir_.file("server.log"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int TestServer::run_command(std::vector<std::string> args, std::string* out, const std::string& stdin_text) const {
  args.insert(args.begin(), WSIS_BINARY);
  args.push_back("--data-dir");
  args.push_back(data_dir_.path());
  return run_process(args, out, stdin_text);
}

int run_process(const std::vector<std::string>& argv_in, std::string* out, const std::string& stdin_text) {
  // A child that exits before reading its input (a usage error) must not kill the test with
  // SIGPIPE: the write below then just fails.
  static const bool sigpipe_ignored = [] {
    signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;
  std::vector<std::string> args = argv_in;
  auto argv = to_argv(args);
  int out_pipe[2], in_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(in_pipe) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 2);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(in_pipe[0]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(in_pipe[1]);
    return -1;
  }
  // Small inputs only (passwords, short files): written before reading, which cannot deadlock
  // while the input fits the pipe buffer.
  if (!stdin_text.empty()) {
    auto written = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)written;
  }
  close(in_pipe[1]);
  std::string output;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buffer, sizeof buffer)) > 0) output.append(buffer, static_cast<std::size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = std::move(output);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace wsis::testing
