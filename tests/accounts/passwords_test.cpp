// Password hashing (argon2id at libsodium's interactive limits), the rehash check and the
// password policy. Suite names start with "accounts_" so that `ctest -R accounts` selects them.
#include "accounts/passwords.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace wsis::accounts {
namespace {

TEST(accounts_passwords, HashIsArgon2idAtInteractiveLimits) {
  PasswordHasher hasher;
  auto hash = hasher.hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  // Salted: the same password never hashes the same way twice.
  auto again = hasher.hash("correct horse battery");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*hash, *again);
  EXPECT_TRUE(hasher.verify(*hash, "correct horse battery"));
  EXPECT_TRUE(hasher.verify(*again, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(*hash, "correct horse batterY"));
  EXPECT_FALSE(hasher.verify(*hash, ""));
  EXPECT_FALSE(hasher.needs_rehash(*hash));
}

TEST(accounts_passwords, VerifyRejectsMalformedStoredHashes) {
  PasswordHasher hasher(PasswordCost::minimum());
  EXPECT_FALSE(hasher.verify("", "anything at all"));
  EXPECT_FALSE(hasher.verify("$argon2id$v=19$m=8,t=1,p=1$garbage", "anything at all"));
  EXPECT_FALSE(hasher.verify(std::string(500, 'x'), "anything at all"));
  EXPECT_TRUE(hasher.needs_rehash("not a hash"));
}

TEST(accounts_passwords, HashesOfOtherParametersNeedRehash) {
  PasswordHasher cheap(PasswordCost::minimum());
  PasswordHasher interactive;
  auto old_hash = cheap.hash("correct horse battery");
  ASSERT_TRUE(old_hash.ok());
  EXPECT_FALSE(cheap.needs_rehash(*old_hash));
  EXPECT_TRUE(interactive.needs_rehash(*old_hash));
  // The old hash still verifies, whatever the current parameters: that is how login can
  // upgrade it.
  EXPECT_TRUE(interactive.verify(*old_hash, "correct horse battery"));
  // argon2i strings are upgraded to argon2id.
  char argon2i[crypto_pwhash_STRBYTES];
  const std::string password = "correct horse battery";
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, password.data(), password.size(), crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                  crypto_pwhash_argon2i_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(cheap.needs_rehash(argon2i));
}

TEST(accounts_passwords, DummyVerificationCostsAboutAsMuchAsARealOne) {
  PasswordHasher hasher;
  auto hash = hasher.hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  hasher.verify_dummy("warm-up: the dummy hash is made on first use");
  // The fastest of seven runs each, the two kinds interleaved so that a burst of load on a
  // shared machine falls on both: noise only adds time, so the minimums compare the work.
  auto seconds = [](auto&& run) {
    auto t0 = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double real = 1e9, dummy = 1e9;
  for (int i = 0; i < 7; ++i) {
    real = std::min(real, seconds([&] { (void)hasher.verify(*hash, "wrong password guess"); }));
    dummy = std::min(dummy, seconds([&] { hasher.verify_dummy("wrong password guess"); }));
  }
  // Same parameters, so the same work; generous bounds for a loaded test machine.
  EXPECT_GT(dummy, real * 0.3) << "real " << real << " s, dummy " << dummy << " s";
  EXPECT_LT(dummy, real * 3.0) << "real " << real << " s, dummy " << dummy << " s";
}

TEST(accounts_passwords, PolicyCountsCharactersNotBytes) {
  FieldErrors errors;
  EXPECT_FALSE(check_new_password("123456789", "password", errors));
  ASSERT_EQ(errors.list().size(), 1u);
  EXPECT_EQ(errors.list()[0].field, "password");
  EXPECT_EQ(errors.list()[0].code, "weak_password");
  EXPECT_EQ(std::get<std::int64_t>(errors.list()[0].args.at(0).value), 10);

  FieldErrors ok;
  EXPECT_TRUE(check_new_password("1234567890", "password", ok));
  // Ten Chinese characters are ten characters (30 bytes), not too many and not too few.
  EXPECT_TRUE(check_new_password("密码密码密码密码密码", "password", ok));
  EXPECT_TRUE(check_new_password(std::string(256, 'a'), "password", ok));
  // Spaces are part of a password: not trimmed away.
  auto spaced = check_new_password("  spaced out  ", "password", ok);
  ASSERT_TRUE(spaced);
  EXPECT_EQ(*spaced, "  spaced out  ");
  EXPECT_TRUE(ok.empty());

  FieldErrors too_long;
  EXPECT_FALSE(check_new_password(std::string(257, 'a'), "new_password", too_long));
  ASSERT_EQ(too_long.list().size(), 1u);
  EXPECT_EQ(too_long.list()[0].field, "new_password");
  EXPECT_EQ(too_long.list()[0].code, "too_long");

  FieldErrors control;
  EXPECT_FALSE(check_new_password(std::string("abcdefghij\x01k"), "password", control));
  ASSERT_EQ(control.list().size(), 1u);
  EXPECT_EQ(control.list()[0].code, "control_characters");
}

TEST(accounts_passwords, CanonicallyEquivalentPasswordsMatch) {
  // "é" as one code point and as "e" + combining acute: the same password typed on two
  // keyboards.
  std::string composed = "caf\xC3\xA9-au-lait-12";
  std::string decomposed = "cafe\xCC\x81-au-lait-12";
  EXPECT_EQ(normalize_password(composed), normalize_password(decomposed));
  PasswordHasher hasher(PasswordCost::minimum());
  auto hash = hasher.hash(normalize_password(composed));
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hasher.verify(*hash, normalize_password(decomposed)));
}

}  // namespace
}  // namespace wsis::accounts
