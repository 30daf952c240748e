// Secrets: random tokens (length, alphabet, uniqueness), their hashes for storage, and the
// constant-time comparison.
#include "core/random.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

namespace wsis {
namespace {

bool is_base64url(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  return true;
}

TEST(RandomToken, LengthIsUnpaddedBase64UrlOfTheBytes) {
  EXPECT_EQ(random_token().size(), 43u);  // 32 bytes -> ceil(256 / 6)
  EXPECT_EQ(random_token(32).size(), 43u);
  EXPECT_EQ(random_token(16).size(), 22u);
  EXPECT_EQ(random_token(3).size(), 4u);
  EXPECT_EQ(random_token(1).size(), 2u);
  EXPECT_EQ(random_token(0), "");
}

TEST(RandomToken, UsesOnlyTheUrlSafeAlphabet) {
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    auto token = random_token(48);
    ASSERT_TRUE(is_base64url(token)) << token;
    seen.insert(token.begin(), token.end());
  }
  // 200 tokens of 64 characters use nearly all 64 symbols, including '-' and '_'.
  EXPECT_GT(seen.size(), 60u);
}

TEST(RandomToken, TokensAreUniqueAcrossThreads) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread)
    threads.emplace_back([&out] {
      for (int i = 0; i < 2500; ++i) out.push_back(random_token(16));
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : per_thread) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 10000u);
}

TEST(RandomToken, TokensStayUniqueAcrossManyRefillsOfTheThreadsPool) {
  // The bytes come from a 4 KiB pool per thread: 20,000 tokens of 18 bytes (a vote's receipt)
  // cross about 90 refills and a partly used pool each time.
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) seen.insert(random_token(18));
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(RandomToken, AForkedChildDoesNotRepeatItsParentsNextToken) {
  (void)random_token(8);  // the pool is filled and partly used before the fork
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto token = random_token(32);
    ssize_t written = write(pipe_ends[1], token.data(), token.size());
    _exit(written == static_cast<ssize_t>(token.size()) ? 0 : 1);
  }
  close(pipe_ends[1]);
  auto mine = random_token(32);
  std::string theirs(64, '\0');
  ssize_t got = read(pipe_ends[0], theirs.data(), theirs.size());
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, 43);
  theirs.resize(43);
  EXPECT_NE(mine, theirs);
}

TEST(HashSecret, IsStableLowerCaseHexOfBlake2b256) {
  // BLAKE2b-256("abc") as published for BLAKE2b with a 32-byte digest.
  EXPECT_EQ(hash_secret("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  auto token = random_token();
  EXPECT_EQ(hash_secret(token), hash_secret(token));
  EXPECT_EQ(hash_secret(token).size(), 64u);
  EXPECT_NE(hash_secret(token), hash_secret(token + "x"));
  EXPECT_EQ(hash_secret("").size(), 64u);
  EXPECT_EQ(hash_secret(std::string_view("a\0b", 3)).size(), 64u);
  EXPECT_NE(hash_secret(std::string_view("a\0b", 3)), hash_secret("a"));
}

TEST(SecretsEqual, ComparesWholeStrings) {
  EXPECT_TRUE(secrets_equal("", ""));
  EXPECT_TRUE(secrets_equal("token", "token"));
  EXPECT_FALSE(secrets_equal("token", "tokeN"));
  EXPECT_FALSE(secrets_equal("token", "toke"));
  EXPECT_FALSE(secrets_equal("toke", "token"));
  EXPECT_FALSE(secrets_equal("", "x"));
  EXPECT_FALSE(secrets_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  auto token = random_token();
  EXPECT_TRUE(secrets_equal(token, std::string(token)));
}

}  // namespace
}  // namespace wsis
