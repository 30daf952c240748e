// Secrets from libsodium's CSPRNG, and their hashing for storage.
#pragma once

#include <string>
#include <string_view>

namespace wsis {

// Initialises libsodium once (thread-safe); every function here calls it.
void ensure_sodium();

// `bytes` random bytes as unpadded base64url (session ids, CSRF and API tokens).
std::string random_token(std::size_t bytes = 32);

// Hex of BLAKE2b-256 of a secret: tokens are stored hashed, so a copy of the database does
// not hand out working credentials.
std::string hash_secret(std::string_view secret);

// Constant-time comparison of two strings of any length.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace wsis
