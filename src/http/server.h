// The HTTP/1.1 server (Boost.Beast): keep-alive, a pool of threads running one io_context,
// header and body limits, read timeouts, and a graceful stop that lets requests in flight
// finish. Socket I/O only; everything about a request's meaning is in Pipeline. A handler that
// answers later (Router::add_async) holds no thread while it waits: its connection is parked
// until the answer arrives, which is then written on the connection's strand. An answer that
// arrives after the server is destroyed is dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/client_address.h"
#include "http/pipeline.h"

namespace wsis::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;              // 0: an ephemeral port, see Server::port()
  unsigned threads = 0;                   // 0: one per core
  std::size_t header_limit = 16u << 10;   // bytes of request line and headers
  std::chrono::seconds read_timeout{30};  // to receive a whole request
  std::chrono::seconds idle_timeout{60};  // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{15};
  // Reverse proxies whose X-Forwarded-For is believed (Request::remote_ip is then the client
  // behind them, see client_address.h); empty: the header is ignored.
  TrustedProxies trusted_proxies;
};

class Server {
 public:
  Server(const Pipeline& pipeline, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; errors (address in use, permission) are returned, not thrown.
  Result<void> start();
  std::uint16_t port() const;
  // Runs the worker threads and returns after stop() once in-flight requests are answered,
  // or the grace period ran out. SIGINT and SIGTERM call stop() when `handle_signals`.
  void run(bool handle_signals);
  // Stops accepting, closes idle keep-alive connections, lets the others finish. Thread-safe.
  void stop();

  class Impl;  // opaque; public so that connection sessions in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace wsis::http
