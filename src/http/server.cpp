#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace wsis::http {

class Session;

// Lets an asynchronous handler's answer reach its connection only while the server exists: the
// answer may come (from a committer thread, say) after the server is gone.
struct AnswerGate {
  std::mutex mutex;
  bool open = true;
};

class Server::Impl {
 public:
  Impl(const Pipeline& pipeline, ServerOptions options)
      : pipeline(pipeline),
        options(options),
        threads(options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
        ioc(static_cast<int>(threads)),
        acceptor(net::make_strand(ioc)),
        signals(ioc),
        grace_timer(net::make_strand(ioc)) {}
  ~Impl();

  void accept();
  void session_opened(const std::shared_ptr<Session>& session);
  void session_closed(Session* session);
  void stop();

  const Pipeline& pipeline;
  ServerOptions options;
  unsigned threads;
  // Declared before the io_context so that they outlive it: when the grace period runs out
  // with connections still open, those sessions are destroyed by ~io_context, and their
  // destructors report to session_closed().
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};  // then sessions closing do not touch the grace timer
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  // Connections whose handler answers later: nothing else holds them meanwhile, and they
  // have no operation pending, so each also keeps the io_context from running out of work.
  struct Waiting {
    std::shared_ptr<Session> session;
    net::executor_work_guard<net::io_context::executor_type> work;
  };
  std::unordered_map<Session*, Waiting> waiting;
  std::shared_ptr<AnswerGate> gate = std::make_shared<AnswerGate>();
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  // On a strand of its own: arming it at a stop and cancelling it when the last connection
  // closes are posted from different threads, and must happen in the order they were decided
  // (with both on the io_context, a cancel could run first and the stop then wait out the grace
  // period for a connection already gone; it did under load).
  net::steady_timer grace_timer;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server) : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      // A dual-stack socket's IPv4 peer is written as IPv4, so that its network is its /24.
      peer_ = unmapped(endpoint.address());
      remote_ip_ = peer_.to_string();
      peer_trusted_ = server_.options.trusted_proxies.contains(peer_);
    }
  }
  ~Session() { server_.session_closed(this); }

  void start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

  // Called on stop: a connection waiting for its next request is closed now; one in the middle
  // of a request is left to finish and then closed.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      // Idle means no byte of a next request has arrived: not in our buffer (a partial
      // header) and not yet read from the kernel (a header we have not got round to).
      beast::error_code ec;
      bool bytes_waiting = self->buffer_.size() > 0 || self->stream_.socket().available(ec) > 0;
      if (self->idle_ && !bytes_waiting) self->stream_.socket().cancel(ec);
    });
  }

  // The answer of an asynchronous handler, from any thread.
  void answer_later(Response response) {
    net::post(stream_.get_executor(), [self = shared_from_this(), response = std::move(response)]() mutable {
      {
        std::lock_guard lock(self->server_.sessions_mutex);
        self->server_.waiting.erase(self.get());
      }
      self->respond(self->server_.pipeline.complete(self->request_, std::move(response)));
    });
  }

 private:
  void read_header() {
    if (server_.stopping.load()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    // The body limit depends on the route, known only once the header is read (on_header).
    // Beast compares a Content-Length with the limit while it parses the header, so a limit
    // set here would refuse what a route allows above the default: none until then.
    body_limit_ = server_.pipeline.options().body_limit;
    parser_->body_limit(boost::none);
    idle_ = buffer_.size() == 0;
    stream_.expires_after(idle_ ? server_.options.idle_timeout : server_.options.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    idle_ = false;
    if (ec) return on_error(ec);
    // RFC 9112 6.3: when a request's Transfer-Encoding does not end in chunked, its length
    // cannot be known; Beast would read it as having no body and its bytes as the next request
    // (a way to smuggle requests past a proxy). Answer 400 and close, as the RFC requires.
    if (!parser_->chunked() && parser_->get().count(bhttp::field::transfer_encoding) > 0)
      return send_error(make_error(ErrorCode::bad_request, "Transfer-Encoding without chunked"));
    // Only a request with a body needs its route's body limit. Most requests (GET, HEAD) have
    // none, and the lookup parses the target and matches the route a second time.
    // A body within every route's limit (a vote, a form) needs no lookup either.
    auto length = parser_->content_length();
    if (!parser_->chunked() && length && *length <= server_.pipeline.smallest_body_limit()) {
      body_limit_ = server_.pipeline.smallest_body_limit();
      parser_->body_limit(body_limit_);
    } else if (parser_->chunked() || length.value_or(0) > 0) {
      auto& request = parser_->get();
      body_limit_ = server_.pipeline.body_limit_for(request.method_string(), request.target());
      // Beast does not check a Content-Length again once the header is parsed; chunked
      // bodies are counted against the limit set here as they arrive.
      if (parser_->content_length().value_or(0) > body_limit_) return on_error(bhttp::error::body_limit);
      parser_->body_limit(body_limit_);
    }
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_error(ec);
    handle();
  }

  void on_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      Error error = make_error(ErrorCode::payload_too_large, "request body over the limit",
                               {{"limit", static_cast<std::int64_t>(body_limit_)}});
      return send_error(error);
    }
    if (ec == bhttp::error::header_limit)
      return send_error(make_error(ErrorCode::headers_too_large, "request headers over the limit"));
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
      return send_error(make_error(ErrorCode::bad_request, "malformed HTTP request: " + ec.message()));
    // end of stream, timeout, cancellation, reset: nothing to answer.
    close();
  }

  // Answers a request that could not be read whole, then closes: the rest of its bytes are
  // still on the wire and cannot be skipped safely.
  void send_error(const Error& error) {
    std::string accept_language;
    if (parser_ && parser_->is_header_done()) accept_language = std::string(parser_->get()[bhttp::field::accept_language]);
    Response response = server_.pipeline.error_response(error, accept_language);
    write(std::move(response), false, 11, false);
  }

  void handle() {
    auto& message = parser_->get();
    Request& request = request_;
    request = Request{};
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.headers.reserve(16);
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.push_back(Header{std::move(name), std::string(field.value())});
    }
    request.body = std::move(message.body());
    request.remote_ip = peer_trusted_ ? forwarded_client(message) : remote_ip_;
    std::weak_ptr<Session> weak = shared_from_this();
    auto later = [weak, gate = server_.gate](Response response) {
      std::lock_guard lock(gate->mutex);
      if (!gate->open) return;
      if (auto session = weak.lock()) session->answer_later(std::move(response));
    };
    auto response = server_.pipeline.begin(request, std::move(later));
    if (response) return respond(std::move(*response));
    // The handler answers later: answer_later() runs on this strand, so not before this
    // handler returns, even if the answer is already on its way.
    std::lock_guard lock(server_.sessions_mutex);
    server_.waiting.emplace(this, Server::Impl::Waiting{shared_from_this(), net::make_work_guard(server_.ioc)});
  }

  // The client behind a trusted proxy: every X-Forwarded-For field, in order, is one list.
  std::string forwarded_client(const bhttp::request<bhttp::string_body>& message) const {
    std::string forwarded;
    for (auto [it, end] = message.equal_range("X-Forwarded-For"); it != end; ++it) {
      if (!forwarded.empty()) forwarded += ',';
      forwarded += it->value();
    }
    return server_.options.trusted_proxies.client_address(peer_, forwarded);
  }

  void respond(Response response) {
    auto& message = parser_->get();
    write(std::move(response), message.keep_alive() && !server_.stopping.load(), message.version(),
          message.method() == bhttp::verb::head);
  }

  void write(Response&& response, bool keep_alive, unsigned version, bool head) {
    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(bhttp::field::server, "wsis");
    if (!response.content_type.empty()) response_.set(bhttp::field::content_type, response.content_type);
    for (auto& header : response.headers) {
      // Beast writes field values as they are: a CR or LF from a handler (a value built from
      // client input) would let the client add headers or a whole response of its own.
      if (header.value.find_first_of("\r\n") != std::string::npos ||
          header.name.find_first_of("\r\n: ") != std::string::npos) {
        spdlog::error("dropped a response header with a line break in it (handler bug)");
        continue;
      }
      response_.set(header.name, header.value);
    }
    response_.keep_alive(keep_alive);
    bool bodiless_status = response.status == 204 || response.status == 304 || response.status < 200;
    if (bodiless_status) {
      // no body and no Content-Length
    } else if (head) {
      response_.content_length(response.body.size());
    } else {
      response_.body() = std::move(response.body);
      response_.prepare_payload();
    }
    keep_alive_ = keep_alive;
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !keep_alive_ || server_.stopping.load()) return close();
    read_header();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;  // the one being answered; alive until its response is written
  bhttp::response<bhttp::string_body> response_;
  net::ip::address peer_;
  std::string remote_ip_;
  bool peer_trusted_ = false;
  std::size_t body_limit_ = 0;
  bool idle_ = true;
  bool keep_alive_ = false;
};

Server::Impl::~Impl() {
  destroying = true;
  {
    std::lock_guard lock(gate->mutex);
    gate->open = false;
  }
  // Still waiting for an answer that can no longer be sent: closed while the io_context exists.
  std::unordered_map<Session*, Waiting> abandoned;
  {
    std::lock_guard lock(sessions_mutex);
    abandoned.swap(waiting);
  }
  abandoned.clear();
}

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors and the like: wait a little instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      auto timer = std::make_shared<net::steady_timer>(acceptor.get_executor(), std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) { accept(); });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), *this);
    session_opened(session);
    session->start();
    accept();
  });
}

void Server::Impl::session_opened(const std::shared_ptr<Session>& session) {
  pipeline.metrics().connection_opened();
  std::lock_guard lock(sessions_mutex);
  sessions.emplace(session.get(), session);
}

void Server::Impl::session_closed(Session* session) {
  pipeline.metrics().connection_closed();
  bool last = false;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
    last = sessions.empty();
  }
  if (last && stopping.load() && !destroying.load())
    net::post(grace_timer.get_executor(), [this] { grace_timer.cancel(); });
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  spdlog::info("stopping: no new connections, finishing requests in flight");
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  net::post(ioc, [this] {
    beast::error_code ec;
    signals.cancel(ec);
  });
  net::post(grace_timer.get_executor(), [this] {
    bool none_open;
    {
      std::lock_guard lock(sessions_mutex);
      none_open = sessions.empty();
    }
    if (none_open) return;
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](beast::error_code wait_error) {
      if (wait_error) return;  // cancelled: the last connection closed in time
      spdlog::warn("shutdown grace period over; closing the remaining connections");
      ioc.stop();
    });
  });
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [ptr, weak] : sessions)
      if (auto s = weak.lock()) open.push_back(std::move(s));
  }
  for (auto& s : open) s->close_if_idle();
}

Server::Server(const Pipeline& pipeline, ServerOptions options) : impl_(std::make_unique<Impl>(pipeline, options)) {}
Server::~Server() = default;

Result<void> Server::start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) return make_error(ErrorCode::internal, "not an IP address: " + impl_->options.address);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error(ErrorCode::internal, "cannot listen on " + impl_->options.address + ":" +
                                               std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->accept();
  return Ok{};
}

std::uint16_t Server::port() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::run(bool handle_signals) {
  if (handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < impl_->threads; ++i) workers.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& w : workers) w.join();
}

void Server::stop() { impl_->stop(); }

}  // namespace wsis::http
