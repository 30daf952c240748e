#include "matrix/module.h"

#include <spdlog/spdlog.h>

namespace wsis::matrix {

MatrixModule::MatrixModule(db::Database& database, const Clock& clock, stocktaking::EntriesService& entries)
    : matrix_(database, clock), evidence_(database, clock), entries_(entries) {
  if (auto seeded = matrix_.ensure_seeded(); !seeded)
    spdlog::error("the reference matrix could not be seeded: {}", seeded.error().detail);
  built_ = std::async(std::launch::async, [this] {
              if (auto built = evidence_.rebuild(); !built)
                spdlog::error("evidence index not built: {}", built.error().detail);
              else
                spdlog::info("evidence index: {} published entries", evidence_.size());
            }).share();
}

MatrixModule::~MatrixModule() {
  if (built_.valid()) built_.wait();
}

EvidenceIndex& MatrixModule::current_evidence() {
  built_.wait();
  if (auto result = evidence_.catch_up(); !result)
    spdlog::warn("evidence index could not follow the change feed: {}", result.error().detail);
  return evidence_;
}

Result<std::shared_ptr<const Version>> MatrixModule::reference() {
  std::int64_t number = 0;
  {
    WSIS_ASSIGN(auto c, matrix_.database().connect());
    auto s = c->prepare("SELECT COALESCE(MAX(number), 0) FROM matrix_versions");
    WSIS_ASSIGN(bool row, s->step());
    if (row) number = s->int64(0);
  }
  {
    std::lock_guard lock(reference_mutex_);
    if (reference_ && reference_->number == number) return reference_;
  }
  std::shared_ptr<const Version> loaded;
  if (number == 0) loaded = std::make_shared<const Version>();
  else {
    WSIS_ASSIGN(auto v, matrix_.version(number));
    loaded = std::make_shared<const Version>(std::move(v));
  }
  std::lock_guard lock(reference_mutex_);
  reference_ = loaded;
  return loaded;
}

}  // namespace wsis::matrix
