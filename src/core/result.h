// Result<T>: the value of an operation that can fail in an expected way (bad input, not found,
// conflict, a busy database). See STYLE.md: expected failures are values, exceptions are kept
// for start-up and programmer errors and never cross an Asio handler.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wsis {

// Each code maps to one HTTP status and one stable problem type (http/problem.cpp) and to a
// message key "problem.<slug>" in data/messages/server.json.
enum class ErrorCode {
  bad_request,
  validation,
  invalid_query,
  not_found,
  method_not_allowed,
  malformed_json,
  invalid_utf8,
  payload_too_large,
  headers_too_large,
  unsupported_media_type,
  not_acceptable,
  unauthorized,
  forbidden,
  csrf,
  conflict,
  precondition_failed,
  precondition_required,
  too_many_requests,
  phase_closed,  // a prize cycle's phase is not open at the server's clock
  login_failed,
  email_taken,
  busy,
  internal,
};

// A named argument of an ICU MessageFormat pattern.
struct MessageArg {
  std::string name;
  std::variant<std::int64_t, std::string> value;
};
using MessageArgs = std::vector<MessageArg>;

// One invalid field. `field` is a JSON pointer-like path ("title", "countries/2");
// `code` selects the message "field.<code>" and is what tests and clients match on.
struct FieldError {
  std::string field;
  std::string code;
  MessageArgs args;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  // Stable English sentence for logs and tests; never shown as the localized message.
  std::string detail;
  std::vector<FieldError> fields;
  // Arguments of the localized detail message ("problem.<slug>.detail").
  MessageArgs args;
  // Seconds the client should wait (429, 503); 0 means no Retry-After header.
  int retry_after_seconds = 0;
  // For 405: the methods the resource accepts.
  std::string allow;
};

inline Error make_error(ErrorCode code, std::string detail, MessageArgs args = {}) {
  Error e;
  e.code = code;
  e.detail = std::move(detail);
  e.args = std::move(args);
  return e;
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
struct Ok {};
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Ok) {}
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace wsis

// Propagates the error of a Result-returning expression. Use inside functions that return a
// Result of any type.
#define WSIS_TRY(expr)                                   \
  do {                                                   \
    auto wsis_try_result_ = (expr);                      \
    if (!wsis_try_result_) return std::move(wsis_try_result_).error(); \
  } while (0)

#define WSIS_CONCAT_INNER(a, b) a##b
#define WSIS_CONCAT(a, b) WSIS_CONCAT_INNER(a, b)
// WSIS_ASSIGN(auto x, expr): binds the value of a Result or returns its error.
#define WSIS_ASSIGN(decl, expr) WSIS_ASSIGN_IMPL(WSIS_CONCAT(wsis_assign_, __LINE__), decl, expr)
#define WSIS_ASSIGN_IMPL(tmp, decl, expr)               \
  auto tmp = (expr);                                     \
  if (!tmp) return std::move(tmp).error();               \
  decl = std::move(tmp).value()
