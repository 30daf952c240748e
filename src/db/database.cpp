#include "db/database.h"

namespace wsis::db {

Result<void> Statement::run() {
  while (true) {
    WSIS_ASSIGN(bool row, step());
    if (!row) return Ok{};
  }
}

Result<Transaction> Transaction::begin(Connection& connection, TransactionMode mode) {
  WSIS_TRY(connection.begin(mode));
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (connection_ && connection_->in_transaction()) connection_->rollback();
}

Result<void> Transaction::commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (!connection) return make_error(ErrorCode::internal, "transaction already finished");
  auto result = connection->commit();
  if (!result && connection->in_transaction()) connection->rollback();
  return result;
}

PooledConnection::~PooledConnection() {
  if (owner_ && connection_) {
    if (connection_->in_transaction()) connection_->rollback();
    owner_->give_back(std::move(connection_));
  }
}

}  // namespace wsis::db
