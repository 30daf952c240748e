// The matrix module as the platform holds it: the reference matrix service, the evidence index
// that follows the change feed, and what the reports read from the Stocktaking service.
#pragma once

#include <future>
#include <memory>
#include <mutex>

#include "matrix/evidence.h"
#include "matrix/reference_matrix.h"

namespace wsis::stocktaking {
class EntriesService;
}

namespace wsis::matrix {

class MatrixModule {
 public:
  // Seeds the reference matrix on first start and starts building the evidence index on a
  // thread of its own, beside the entry catalog's build (an index that cannot be built is
  // logged; it then stays empty and the evidence reads as zero).
  MatrixModule(db::Database& database, const Clock& clock, stocktaking::EntriesService& entries);
  ~MatrixModule();

  MatrixService& matrix() { return matrix_; }
  stocktaking::EntriesService& entries() { return entries_; }

  // The evidence brought up to date with the change feed (one indexed query when nothing changed),
  // so a writer reads its own writes; waits for the first build when it is still running.
  EvidenceIndex& current_evidence();
  // The links of the latest published version, cached by version number.
  Result<std::shared_ptr<const Version>> reference();

 private:
  MatrixService matrix_;
  EvidenceIndex evidence_;
  stocktaking::EntriesService& entries_;
  std::shared_future<void> built_;
  std::mutex reference_mutex_;
  std::shared_ptr<const Version> reference_;
};

}  // namespace wsis::matrix
