// The change feed commits or rolls back with the write it describes, and followers read it in
// order; the audit log records who did what.
#include "db/change_feed.h"
#include "db/change_follower.h"

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "drivers.h"

namespace wsis::db::testing {
namespace {

template <typename Driver>
class ChangeFeed : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = driver_.open();
    ASSERT_NE(database_, nullptr);
    ManualClock clock(0);
    auto migrated = migrate(*database_, embedded_migrations(), clock);
    ASSERT_TRUE(migrated.ok()) << migrated.error().detail;
  }

  std::vector<Change> all() {
    auto connection = database_->connect();
    auto changes = changes_after(**connection, 0, 1000);
    EXPECT_TRUE(changes.ok());
    return changes.ok() ? *changes : std::vector<Change>{};
  }

  Driver driver_;
  std::unique_ptr<Database> database_;
};

TYPED_TEST_SUITE(ChangeFeed, Drivers, DriverNames);

TYPED_TEST(ChangeFeed, AppendInARolledBackTransactionLeavesNothing) {
  {
    auto connection = this->database_->connect();
    auto transaction = Transaction::begin(**connection, TransactionMode::write);
    ASSERT_TRUE(transaction.ok());
    auto seq = append_change(**connection, "entry", "12", "create", "{}", 1000);
    ASSERT_TRUE(seq.ok()) << seq.error().detail;
    EXPECT_GT(*seq, 0);
  }
  EXPECT_TRUE(this->all().empty());
  // Also through with_transaction when the work fails after appending.
  auto failed = with_transaction(*this->database_, TransactionMode::write, [](Connection& c) -> Result<void> {
    WSIS_TRY(append_change(c, "entry", "13", "create", "", 1000));
    return make_error(ErrorCode::validation, "rejected after the append");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(this->all().empty());
}

TYPED_TEST(ChangeFeed, CommittedChangesComeBackInOrderWithEveryField) {
  const std::string payload = R"({"title":"\u0645\u0631\u062d\u0628\u0627 \u4f60\u597d"})";
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 5; ++i) {
    auto seq = with_transaction(*this->database_, TransactionMode::write, [&](Connection& c) {
      return append_change(c, i % 2 ? "organisation" : "entry", std::to_string(100 + i), i == 4 ? "delete" : "update",
                           i == 0 ? payload : "", 1000 + i);
    });
    ASSERT_TRUE(seq.ok());
    seqs.push_back(*seq);
  }
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(std::set<std::int64_t>(seqs.begin(), seqs.end()).size(), 5u);
  auto changes = this->all();
  ASSERT_EQ(changes.size(), 5u);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(changes[i].seq, seqs[i]);
    EXPECT_EQ(changes[i].entity_id, std::to_string(100 + i));
    EXPECT_EQ(changes[i].at_ms, static_cast<std::int64_t>(1000 + i));
  }
  EXPECT_EQ(changes[0].topic, "entry");
  EXPECT_EQ(changes[1].topic, "organisation");
  EXPECT_EQ(changes[0].payload, payload);
  EXPECT_EQ(changes[1].payload, "");
  EXPECT_EQ(changes[4].op, "delete");
}

TYPED_TEST(ChangeFeed, ChangesAfterPagesByLimit) {
  std::vector<std::int64_t> seqs;
  {
    auto connection = this->database_->connect();
    for (int i = 0; i < 7; ++i) {
      auto seq = append_change(**connection, "entry", std::to_string(i), "create", "", 0);
      ASSERT_TRUE(seq.ok());
      seqs.push_back(*seq);
    }
  }
  auto connection = this->database_->connect();
  // A follower reads in pages of 3 from where it stopped.
  std::vector<std::string> followed;
  std::int64_t cursor = 0;
  for (int page = 0; page < 10; ++page) {
    auto changes = changes_after(**connection, cursor, 3);
    ASSERT_TRUE(changes.ok());
    EXPECT_LE(changes->size(), 3u);
    if (changes->empty()) break;
    for (const auto& c : *changes) followed.push_back(c.entity_id);
    cursor = changes->back().seq;
  }
  EXPECT_EQ(followed, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  auto tail = changes_after(**connection, seqs[4], 100);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].seq, seqs[5]);
  auto none = changes_after(**connection, seqs.back(), 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TYPED_TEST(ChangeFeed, AuditEventsAreRecordedWithAnonymousAsNull) {
  auto connection = this->database_->connect();
  AuditEvent login{.actor_user_id = 7, .action = "auth.login", .target_type = "user", .target_id = "7",
                   .ip = "192.0.2.1", .detail = R"({"method":"password"})", .at_ms = 5000};
  AuditEvent failed{.actor_user_id = 0, .action = "auth.login_failed", .target_type = "", .target_id = "",
                    .ip = "2001:db8::1", .detail = "", .at_ms = 6000};
  ASSERT_TRUE(append_audit(**connection, login).ok());
  ASSERT_TRUE(append_audit(**connection, failed).ok());
  auto rows = (*connection)->prepare(
      "SELECT at_ms, actor_user_id, action, target_type, target_id, ip, detail FROM audit_log ORDER BY id");
  ASSERT_TRUE(*rows->step());
  EXPECT_EQ(rows->int64(0), 5000);
  EXPECT_EQ(rows->optional_int64(1), 7);
  EXPECT_EQ(rows->string(2), "auth.login");
  EXPECT_EQ(rows->string(3), "user");
  EXPECT_EQ(rows->string(4), "7");
  EXPECT_EQ(rows->string(5), "192.0.2.1");
  EXPECT_EQ(rows->string(6), R"({"method":"password"})");
  ASSERT_TRUE(*rows->step());
  EXPECT_EQ(rows->optional_int64(1), std::nullopt) << "anonymous is stored as NULL, not user 0";
  EXPECT_EQ(rows->string(2), "auth.login_failed");
  EXPECT_EQ(rows->string(5), "2001:db8::1");
  EXPECT_FALSE(*rows->step());
}

TYPED_TEST(ChangeFeed, AuditAppendRollsBackWithItsTransaction) {
  {
    auto connection = this->database_->connect();
    auto transaction = Transaction::begin(**connection, TransactionMode::write);
    ASSERT_TRUE(transaction.ok());
    AuditEvent event;
    event.action = "token.create";
    event.at_ms = 1;
    ASSERT_TRUE(append_audit(**connection, event).ok());
  }
  auto connection = this->database_->connect();
  auto count = (*connection)->prepare("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->int64(0), 0);
}

}  // namespace
}  // namespace wsis::db::testing

namespace wsis::db::testing {
namespace {

// The loop every in-memory view follows the feed with (db/change_follower.h).
TYPED_TEST(ChangeFeed, AFollowerReadsEveryBatchOnceAndStopsWhenTold) {
  const int n = 2 * ChangeFollower::kBatch + 7;
  {
    auto connection = this->database_->connect();
    auto transaction = Transaction::begin(**connection, TransactionMode::write);
    ASSERT_TRUE(transaction.ok());
    for (int i = 1; i <= n; ++i) {
      // Each entry changed twice, and organisations in between (not the follower's topic).
      ASSERT_TRUE(append_change(**connection, "entry", std::to_string((i + 1) / 2), "update", "", i).ok());
      if (i % 1000 == 0) {
        ASSERT_TRUE(append_change(**connection, "organisation", "9", "update", "", i).ok());
      }
    }
    ASSERT_TRUE(transaction->commit().ok());
  }
  ManualClock clock(1'000);
  ChangeFollower follower(clock);
  EXPECT_TRUE(follower.stale(1));
  std::vector<std::vector<std::uint32_t>> batches;
  auto caught_up = follower.catch_up(*this->database_, [&](Connection&, const std::vector<std::uint32_t>& ids) -> Result<bool> {
    batches.push_back(ids);
    return true;
  });
  ASSERT_TRUE(caught_up.ok()) << caught_up.error().detail;
  ASSERT_EQ(batches.size(), 3u);  // 2 * kBatch + 7 + the organisations' changes, kBatch at a time
  std::size_t seen = 0;
  for (const auto& ids : batches) seen += ids.size();
  EXPECT_GE(seen, static_cast<std::size_t>((n + 1) / 2));  // an entry at a batch boundary is read twice
  EXPECT_LE(seen, static_cast<std::size_t>((n + 1) / 2 + 2));
  EXPECT_EQ(batches.front().front(), 1u);
  const std::int64_t end = follower.last_sequence();
  EXPECT_EQ(end, n + n / 1000);
  EXPECT_FALSE(follower.stale(1));
  clock.advance(250);
  EXPECT_TRUE(follower.stale(250));

  // Nothing new: the step is not called.
  bool called = false;
  ASSERT_TRUE(follower.catch_up(*this->database_, [&](Connection&, const std::vector<std::uint32_t>&) -> Result<bool> {
    called = true;
    return true;
  }).ok());
  EXPECT_FALSE(called);

  // A step that takes over (false) leaves the position where it put it.
  {
    auto connection = this->database_->connect();
    ASSERT_TRUE(append_change(**connection, "entry", "1", "update", "", n + 1).ok());
  }
  ASSERT_TRUE(follower.catch_up(*this->database_, [&](Connection&, const std::vector<std::uint32_t>& ids) -> Result<bool> {
    EXPECT_EQ(ids, std::vector<std::uint32_t>{1});
    follower.rebuilt_at(end + 100);
    return false;
  }).ok());
  EXPECT_EQ(follower.last_sequence(), end + 100);

  // A failing step fails the catch-up and does not move the position.
  follower.rebuilt_at(end);
  auto failed = follower.catch_up(*this->database_, [&](Connection&, const std::vector<std::uint32_t>&) -> Result<bool> {
    return make_error(ErrorCode::internal, "could not read");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(follower.last_sequence(), end);
}

}  // namespace
}  // namespace wsis::db::testing
