#include "core/random.h"

#include <sodium.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>

namespace wsis {
namespace {
struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};

// Bumped in a forked child, so that it never hands out bytes its parent also holds.
std::atomic<unsigned> fork_generation{0};

// Random bytes from a per-thread pool the kernel's CSPRNG fills 4 KiB at a time: one
// getrandom() system call per pool instead of one per token (a vote's receipt secret paid
// about 0.6 us, 2% of a vote, for its own call; docs/PERFORMANCE.md). Each byte is handed out
// once and wiped from the pool as it goes, and a forked child refills before its first use.
void random_bytes(unsigned char* out, std::size_t size) {
  static const int registered = pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); });
  (void)registered;
  struct Pool {
    unsigned char bytes[4096];
    std::size_t used = sizeof bytes;
    unsigned generation = 0;
    ~Pool() { sodium_memzero(bytes, sizeof bytes); }
  };
  thread_local Pool pool;
  if (unsigned now = fork_generation.load(std::memory_order_relaxed); now != pool.generation) {
    pool.generation = now;
    pool.used = sizeof pool.bytes;
  }
  while (size > 0) {
    if (pool.used == sizeof pool.bytes) {
      randombytes_buf(pool.bytes, sizeof pool.bytes);
      pool.used = 0;
    }
    std::size_t take = std::min(size, sizeof pool.bytes - pool.used);
    std::memcpy(out, pool.bytes + pool.used, take);
    sodium_memzero(pool.bytes + pool.used, take);
    pool.used += take;
    out += take;
    size -= take;
  }
}

}  // namespace

void ensure_sodium() { static SodiumInit init; }

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string hash_secret(std::string_view secret) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 64);
}

bool secrets_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace wsis
