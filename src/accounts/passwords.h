// Password hashing with argon2id (libsodium), and the password policy.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

#include "core/json_input.h"
#include "core/result.h"

namespace wsis::accounts {

// Limits in characters (code points), so a password in any script gets the same room.
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;

struct PasswordCost {
  unsigned long long opslimit = 0;
  std::size_t memlimit = 0;
  // What the server uses: libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE (64 MiB, 2 passes).
  static PasswordCost interactive();
  // libsodium's minimum: for unit tests that hash many passwords, never for real accounts.
  static PasswordCost minimum();
};

// The form a password is hashed and compared in: Unicode NFC, so that "é" typed as one code
// point on one device and as "e" + accent on another is the same password. Not trimmed:
// spaces are part of a password.
std::string normalize_password(std::string_view password);

// Checks a new password against the policy, adding errors under `field` (weak_password {min}
// when shorter than kMinPasswordLength, too_long {max}, control_characters); returns it
// normalised when it passes.
std::optional<std::string> check_new_password(std::string_view password, std::string_view field, FieldErrors& errors);

// Thread-safe. Each hash or verification holds about `memlimit` bytes for ~50-100 ms, so at
// most `max_concurrent` run at once: a burst of logins queues instead of exhausting memory.
class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost = PasswordCost::interactive(), unsigned max_concurrent = 4);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // "$argon2id$v=19$m=...,t=...,p=1$salt$hash". Fails (internal) only when libsodium cannot
  // allocate the memory.
  Result<std::string> hash(std::string_view password) const;
  // Constant time in the password; false for a malformed stored hash.
  bool verify(std::string_view stored, std::string_view password) const;
  // True when `stored` was made with other parameters than this hasher's, or is not argon2id:
  // the caller then stores a fresh hash while it has the plain password at hand (login).
  bool needs_rehash(std::string_view stored) const;
  // A verification against a fixed hash of this hasher's cost, whose result is thrown away:
  // login with an unknown email costs the same time as with a known one.
  void verify_dummy(std::string_view password) const;

  const PasswordCost& cost() const { return cost_; }

 private:
  class Slot;
  PasswordCost cost_;
  mutable std::counting_semaphore<64> slots_;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_hash_;
};

}  // namespace wsis::accounts
