#include "accounts/passwords.h"

#include <sodium.h>

#include <algorithm>

#include "core/random.h"
#include "core/text.h"

namespace wsis::accounts {

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

std::string normalize_password(std::string_view password) {
  return is_valid_utf8(password) ? to_nfc(password) : std::string(password);
}

std::optional<std::string> check_new_password(std::string_view password, std::string_view field, FieldErrors& errors) {
  if (!is_valid_utf8(password) || has_control_characters(password, false)) {
    errors.add(std::string(field), "control_characters");
    return std::nullopt;
  }
  std::string normalized = to_nfc(password);
  std::size_t length = count_code_points(normalized);
  if (length < kMinPasswordLength) {
    errors.add(std::string(field), "weak_password", {{"min", static_cast<std::int64_t>(kMinPasswordLength)}});
    return std::nullopt;
  }
  if (length > kMaxPasswordLength) {
    errors.add(std::string(field), "too_long", {{"max", static_cast<std::int64_t>(kMaxPasswordLength)}});
    return std::nullopt;
  }
  return normalized;
}

// Holds one of the hasher's concurrency slots for the lifetime of a hash or verification.
class PasswordHasher::Slot {
 public:
  explicit Slot(std::counting_semaphore<64>& slots) : slots_(slots) { slots_.acquire(); }
  ~Slot() { slots_.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::counting_semaphore<64>& slots_;
};

PasswordHasher::PasswordHasher(PasswordCost cost, unsigned max_concurrent)
    : cost_(cost), slots_(static_cast<std::ptrdiff_t>(std::clamp(max_concurrent, 1u, 64u))) {
  ensure_sodium();
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  Slot slot(slots_);
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.opslimit, cost_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error(ErrorCode::internal, "password hashing failed (out of memory)");
  return std::string(out);
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) const {
  // libsodium reads the stored hash as a C string of at most STRBYTES bytes.
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(stored);
  Slot slot(slots_);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  if (!stored.starts_with("$argon2id$") || stored.size() >= crypto_pwhash_STRBYTES) return true;
  std::string terminated(stored);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost_.opslimit, cost_.memlimit) != 0;
}

void PasswordHasher::verify_dummy(std::string_view password) const {
  std::call_once(dummy_once_, [this] {
    auto hashed = hash(random_token(24));
    dummy_hash_ = hashed ? std::move(*hashed) : std::string();
  });
  (void)verify(dummy_hash_, password);
}

}  // namespace wsis::accounts
