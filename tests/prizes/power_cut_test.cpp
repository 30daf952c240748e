// A power cut, simulated, while votes are written: no acknowledged vote may be lost.
//
// SIGKILL (prizes_http_test) only loses what the process held; the kernel still writes out
// what the process had written. A power cut also loses every write the disk was not made to
// keep, which is what the fsync before each acknowledgement is for. Here every file of the
// database goes through a VFS that, for each write not yet synced, keeps the bytes it
// overwrote. A cut copies the database's files as the disk would hold them after losing every
// write since each file's last sync (the harshest crash the disk allows). Every vote
// acknowledged before the cut must be in that copy, and the copy must be a sound database.
#include "prizes_fixture.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "support/temp_dir.h"

namespace json = boost::json;

namespace wsis::testing {
namespace {

// --- The VFS -------------------------------------------------------------------------------

// What a write or a truncation changed, to undo it: the bytes it overwrote at `offset` and the
// file's size before it.
struct Undo {
  std::uint64_t number = 0;  // in the order written
  sqlite3_int64 offset = 0;
  std::string overwritten;
  sqlite3_int64 size_before = 0;
};

struct TrackedFile {
  std::string path;
  std::vector<Undo> unsynced;  // in the order written
  std::uint64_t written = 0;   // the number of the last write
};

class PowerCutVfs {
 public:
  // Registered as the process's default VFS over the one that was: the database the test
  // opens goes through it.
  PowerCutVfs() {
    base_ = sqlite3_vfs_find(nullptr);
    vfs_ = *base_;
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
    vfs_.zName = "wsis-power-cut";
    vfs_.pAppData = this;
    vfs_.xOpen = &PowerCutVfs::open;
    sqlite3_vfs_register(&vfs_, 1);
  }
  ~PowerCutVfs() { sqlite3_vfs_unregister(&vfs_); }
  PowerCutVfs(const PowerCutVfs&) = delete;
  PowerCutVfs& operator=(const PowerCutVfs&) = delete;

  // How long a sync takes (a slow disk widens the window in which a vote answered before its
  // sync would be lost).
  std::chrono::microseconds sync_delay{1500};

  // The database's files (main file and WAL) as a power cut now would leave them, written into
  // `directory` under their own names. Returns how many unsynced writes were dropped.
  std::size_t cut_into(const std::filesystem::path& directory) {
    std::lock_guard lock(mutex_);
    std::size_t dropped = 0;
    for (auto& [path, file] : files_) {
      std::ifstream in(path, std::ios::binary);
      if (!in) continue;  // not created (yet)
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      for (auto undo = file.unsynced.rbegin(); undo != file.unsynced.rend(); ++undo, ++dropped) {
        auto end = static_cast<std::size_t>(undo->offset) + undo->overwritten.size();
        if (bytes.size() < end) bytes.resize(end);
        bytes.replace(static_cast<std::size_t>(undo->offset), undo->overwritten.size(), undo->overwritten);
        bytes.resize(static_cast<std::size_t>(undo->size_before));
      }
      std::ofstream out(directory / std::filesystem::path(path).filename(), std::ios::binary);
      out << bytes;
    }
    return dropped;
  }

  std::size_t syncs() const { return syncs_.load(); }

 private:
  struct File {
    sqlite3_file base;
    PowerCutVfs* owner;
    TrackedFile* tracked;  // null: a file a power cut does not concern (shared memory index, temp)
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
  };

  static PowerCutVfs& of(sqlite3_vfs* vfs) { return *static_cast<PowerCutVfs*>(vfs->pAppData); }
  static File& of(sqlite3_file* file) { return *reinterpret_cast<File*>(file); }

  static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* out, int flags, int* out_flags) {
    auto& self = of(vfs);
    auto& file = of(out);
    file.owner = &self;
    file.tracked = nullptr;
    int rc = self.base_->xOpen(self.base_, name, file.real(), flags, out_flags);
    if (rc != SQLITE_OK) {
      file.base.pMethods = nullptr;
      return rc;
    }
    if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL))) {
      std::lock_guard lock(self.mutex_);
      auto& tracked = self.files_[name];
      tracked.path = name;
      file.tracked = &tracked;
    }
    std::call_once(self.methods_once_, [&] { self.wrap(*file.real()->pMethods); });
    file.base.pMethods = &self.methods_;
    return SQLITE_OK;
  }

  // Our methods: the real file's, with writes, truncations and syncs watched.
  void wrap(const sqlite3_io_methods& real) {
    methods_ = real;
    methods_.xClose = &PowerCutVfs::close;
    methods_.xWrite = &PowerCutVfs::write;
    methods_.xTruncate = &PowerCutVfs::truncate;
    methods_.xSync = &PowerCutVfs::sync;
    methods_.xRead = [](sqlite3_file* f, void* b, int n, sqlite3_int64 o) { return forward(f)->pMethods->xRead(forward(f), b, n, o); };
    methods_.xFileSize = [](sqlite3_file* f, sqlite3_int64* s) { return forward(f)->pMethods->xFileSize(forward(f), s); };
    methods_.xLock = [](sqlite3_file* f, int l) { return forward(f)->pMethods->xLock(forward(f), l); };
    methods_.xUnlock = [](sqlite3_file* f, int l) { return forward(f)->pMethods->xUnlock(forward(f), l); };
    methods_.xCheckReservedLock = [](sqlite3_file* f, int* r) { return forward(f)->pMethods->xCheckReservedLock(forward(f), r); };
    methods_.xFileControl = [](sqlite3_file* f, int op, void* a) { return forward(f)->pMethods->xFileControl(forward(f), op, a); };
    methods_.xSectorSize = [](sqlite3_file* f) { return forward(f)->pMethods->xSectorSize(forward(f)); };
    methods_.xDeviceCharacteristics = [](sqlite3_file* f) { return forward(f)->pMethods->xDeviceCharacteristics(forward(f)); };
    methods_.xShmMap = [](sqlite3_file* f, int p, int s, int e, void volatile** m) { return forward(f)->pMethods->xShmMap(forward(f), p, s, e, m); };
    methods_.xShmLock = [](sqlite3_file* f, int o, int n, int fl) { return forward(f)->pMethods->xShmLock(forward(f), o, n, fl); };
    methods_.xShmBarrier = [](sqlite3_file* f) { forward(f)->pMethods->xShmBarrier(forward(f)); };
    methods_.xShmUnmap = [](sqlite3_file* f, int d) { return forward(f)->pMethods->xShmUnmap(forward(f), d); };
    // No memory-mapped reads: every read goes through xRead.
    methods_.iVersion = 2;
  }

  static sqlite3_file* forward(sqlite3_file* file) { return of(file).real(); }

  static int close(sqlite3_file* f) { return forward(f)->pMethods->xClose(forward(f)); }

  // The bytes [offset, offset + length) as they are now (short at the end of the file).
  static std::string current(sqlite3_file* real, sqlite3_int64 offset, sqlite3_int64 length, sqlite3_int64 size) {
    std::string bytes;
    if (offset >= size) return bytes;
    bytes.resize(static_cast<std::size_t>(std::min(length, size - offset)));
    real->pMethods->xRead(real, bytes.data(), static_cast<int>(bytes.size()), offset);
    return bytes;
  }

  static int write(sqlite3_file* f, const void* data, int length, sqlite3_int64 offset) {
    auto& file = of(f);
    auto* real = file.real();
    if (!file.tracked) return real->pMethods->xWrite(real, data, length, offset);
    std::lock_guard lock(file.owner->mutex_);
    sqlite3_int64 size = 0;
    real->pMethods->xFileSize(real, &size);
    file.tracked->unsynced.push_back({++file.tracked->written, offset, current(real, offset, length, size), size});
    return real->pMethods->xWrite(real, data, length, offset);
  }

  static int truncate(sqlite3_file* f, sqlite3_int64 new_size) {
    auto& file = of(f);
    auto* real = file.real();
    if (!file.tracked) return real->pMethods->xTruncate(real, new_size);
    std::lock_guard lock(file.owner->mutex_);
    sqlite3_int64 size = 0;
    real->pMethods->xFileSize(real, &size);
    if (new_size < size)
      file.tracked->unsynced.push_back({++file.tracked->written, new_size, current(real, new_size, size - new_size, size), size});
    return real->pMethods->xTruncate(real, new_size);
  }

  // Writes made before the sync began are on the disk once it returns. Until then, and for
  // writes made while it runs (the kernel may or may not have taken them), a cut drops them.
  static int sync(sqlite3_file* f, int flags) {
    auto& file = of(f);
    auto* real = file.real();
    if (!file.tracked) return real->pMethods->xSync(real, flags);
    std::uint64_t covered = 0;  // the last write the sync is sure to carry
    {
      std::lock_guard lock(file.owner->mutex_);
      covered = file.tracked->written;
    }
    std::this_thread::sleep_for(file.owner->sync_delay);
    int rc = real->pMethods->xSync(real, flags);
    std::lock_guard lock(file.owner->mutex_);
    auto& unsynced = file.tracked->unsynced;
    // (Two syncs of one file may overlap: the committer's checkpoint and the syncer's.)
    if (rc == SQLITE_OK) std::erase_if(unsynced, [&](const Undo& undo) { return undo.number <= covered; });
    file.owner->syncs_++;
    return rc;
  }

  sqlite3_vfs* base_ = nullptr;
  sqlite3_vfs vfs_{};
  std::once_flag methods_once_;
  sqlite3_io_methods methods_{};
  std::mutex mutex_;
  std::map<std::string, TrackedFile> files_;
  std::atomic<std::size_t> syncs_{0};
};

// --- The test ------------------------------------------------------------------------------

struct Acknowledged {
  std::int64_t seq;
  std::int64_t nomination;
  std::string category;
};

// Rows of the copied database: seq -> (category, nomination), and its integrity check.
struct CopiedLog {
  std::map<std::int64_t, std::pair<std::string, std::int64_t>> rows;
  std::string integrity;
};

CopiedLog read_copy(const std::filesystem::path& database) {
  CopiedLog copy;
  sqlite3* db = nullptr;
  // The default VFS underneath ours: the copy is read as a disk after the cut would be.
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK) {
    copy.integrity = sqlite3_errmsg(db);
    sqlite3_close(db);
    return copy;
  }
  sqlite3_stmt* check = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
  if (sqlite3_step(check) == SQLITE_ROW) copy.integrity = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
  sqlite3_finalize(check);
  sqlite3_stmt* rows = nullptr;
  sqlite3_prepare_v2(db, "SELECT seq, category, nomination_id FROM prize_vote_log", -1, &rows, nullptr);
  while (sqlite3_step(rows) == SQLITE_ROW)
    copy.rows[sqlite3_column_int64(rows, 0)] = {reinterpret_cast<const char*>(sqlite3_column_text(rows, 1)),
                                                sqlite3_column_int64(rows, 2)};
  sqlite3_finalize(rows);
  sqlite3_close(db);
  return copy;
}

TEST(PrizesPowerCut, EveryVoteAcknowledgedBeforeACutIsOnTheDiskAfterIt) {
  PowerCutVfs vfs;
  TempDir dir;
  PrizesWorld world(dir.path(), 1'900'000'000'000);
  CycleTimes times{1'900'000'000'000};
  auto cycle = world.cycle(2027, times, {{"votes_per_account_per_minute", 100000}, {"votes_per_network_per_minute", 10000000}});
  const std::vector<std::string> categories{"C1", "C2", "C3"};
  std::map<std::string, std::vector<std::int64_t>> shortlist;
  for (std::size_t c = 0; c < categories.size(); ++c) {
    world.assign(cycle, categories[c], {world.expert_x});
    for (int i = 0; i < 2; ++i) {
      auto owner = world.user("owner" + std::to_string(c) + "-" + std::to_string(i) + "@example.org");
      auto org = world.accounts->create_organisation(accounts::Caller{world.actor(owner), false, "", "192.0.2.1"},
                                                     {"Org " + std::to_string(c) + std::to_string(i), "academia", "FRA", std::nullopt});
      ASSERT_TRUE(org) << org.error().detail;
      auto entry = world.published_entry(owner, "Project " + std::to_string(c) + std::to_string(i));
      shortlist[categories[c]].push_back(world.nominate(cycle, owner, entry, categories[c]));
      world.review(cycle, shortlist[categories[c]].back(), true);
    }
  }
  world.clock.set(times.voting_open());
  constexpr int kVoters = 12;
  std::vector<Actor> voters;
  for (int i = 0; i < kVoters; ++i) voters.push_back(world.actor(world.voter("voter" + std::to_string(i) + "@example.org")));

  std::mutex acknowledged_mutex;
  std::vector<Acknowledged> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kVoters; ++t) {
    clients.emplace_back([&, t] {
      for (int n = 0; !stop; ++n) {
        const auto& category = categories[static_cast<std::size_t>(n + t) % categories.size()];
        auto nomination = shortlist[category][static_cast<std::size_t>(n / 3 + t) % 2];
        auto receipt = world.prizes->vote({voters[static_cast<std::size_t>(t)], "198.51.100." + std::to_string(t),
                                           cycle.id, category, nomination, {}});
        if (!receipt) {
          ++failures;
          continue;
        }
        std::lock_guard lock(acknowledged_mutex);
        acknowledged.push_back({receipt->seq, nomination, category});
      }
    });
  }

  // Cuts at several moments while the votes go on.
  constexpr int kCuts = 6;
  std::size_t checked = 0, dropped_writes = 0;
  for (int cut = 0; cut < kCuts; ++cut) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    std::vector<Acknowledged> before;
    {
      std::lock_guard lock(acknowledged_mutex);
      before = acknowledged;  // answered before the cut below
    }
    auto copy_dir = std::filesystem::path(dir.path()) / ("cut" + std::to_string(cut));
    std::filesystem::create_directories(copy_dir);
    dropped_writes += vfs.cut_into(copy_dir);
    auto copy = read_copy(copy_dir / "wsis.db");
    EXPECT_EQ(copy.integrity, "ok") << "cut " << cut;
    for (const auto& vote : before) {
      auto row = copy.rows.find(vote.seq);
      ASSERT_NE(row, copy.rows.end()) << "cut " << cut << ": acknowledged vote " << vote.seq << " lost";
      EXPECT_EQ(row->second.first, vote.category);
      EXPECT_EQ(row->second.second, vote.nomination);
    }
    checked += before.size();
  }
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  // The cuts happened while votes were being written, and checked votes that were there.
  EXPECT_GT(checked, 100u);
  EXPECT_GT(dropped_writes, 0u) << "no cut caught unsynced writes: the test would not see a vote answered early";
  EXPECT_GT(vfs.syncs(), 10u);
}

}  // namespace
}  // namespace wsis::testing
