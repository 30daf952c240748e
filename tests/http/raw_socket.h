// A plain TCP client for tests that need control over the bytes and their timing (partial
// requests, slow clients, a client that keeps sending while the server answers), which the
// Beast-based HttpClient hides. POSIX sockets, blocking, with receive timeouts.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace wsis::testing {

class RawSocket {
 public:
  // Connects to 127.0.0.1:port; connected() tells whether it worked (a refused connection is
  // an expected outcome in some tests).
  explicit RawSocket(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    connect_errno_ = connected_ ? 0 : errno;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return connected_; }
  int connect_errno() const { return connect_errno_; }

  // Sends everything it can; false once the peer has closed or reset the connection.
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until the peer closes (or resets) the connection or `timeout` passes without data.
  // `closed` tells which: true for end of stream or reset, false for the timeout.
  std::string read_until_closed(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    set_timeout(timeout);
    std::string out;
    char buffer[16384];
    while (true) {
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (closed) *closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
      return out;
    }
  }

  // Reads one response with a Content-Length body (or none, for HEAD/304): enough for
  // keep-alive tests. Empty on timeout or close.
  std::string read_response(std::chrono::milliseconds timeout, bool head = false) {
    set_timeout(timeout);
    char buffer[16384];
    while (true) {
      auto end = pending_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        auto header = pending_.substr(0, end);
        for (auto& c : header) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (auto at = header.find("\r\ncontent-length:"); at != std::string::npos && !head)
          length = std::stoul(header.substr(at + 17));
        if (header.starts_with("http/1.1 304") || header.starts_with("http/1.1 204")) length = 0;
        if (pending_.size() >= end + 4 + length) {
          auto response = pending_.substr(0, end + 4 + length);
          pending_.erase(0, end + 4 + length);
          return response;
        }
      }
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return {};
      pending_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  int fd() const { return fd_; }

 private:
  void set_timeout(std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  int fd_ = -1;
  bool connected_ = false;
  int connect_errno_ = 0;
  std::string pending_;
};

// The status code of a raw response ("HTTP/1.1 413 ..." -> 413), or 0.
inline int status_of(const std::string& response) {
  if (response.size() < 12 || !response.starts_with("HTTP/1.")) return 0;
  return std::stoi(response.substr(9, 3));
}

// The value of a header in a raw response (case-insensitive name), or "".
inline std::string header_of(const std::string& response, std::string name) {
  auto end = response.find("\r\n\r\n");
  std::string head = response.substr(0, end);
  std::string lower = head;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lower.find("\r\n" + name + ":");
  if (at == std::string::npos) return {};
  auto start = at + name.size() + 3;
  auto stop = head.find("\r\n", start);
  std::string value = head.substr(start, stop - start);
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  return value;
}

// The body of a raw response (everything after the header).
inline std::string body_of(const std::string& response) {
  auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string{} : response.substr(end + 4);
}

}  // namespace wsis::testing
