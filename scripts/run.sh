#!/usr/bin/env bash
# The first README command: install what is missing, build, and serve WSIS Hub on
# http://127.0.0.1:8080 with an SQLite database in ./wsis-data. Extra arguments go to
# `wsis serve` (e.g. --listen 0.0.0.0:8080). On first start (a database without entries) it
# loads a demo set of 2,000 Stocktaking entries in the six languages (`wsis demo`, seed 1);
# WSIS_DEMO=0 starts with an empty database instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

# The data directory serve will use: --data-dir if given, else WSIS_DATA_DIR, else wsis-data.
data_dir=${WSIS_DATA_DIR:-wsis-data}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --data-dir) data_dir=${args[i + 1]:-$data_dir} ;;
    --data-dir=*) data_dir=${args[i]#--data-dir=} ;;
  esac
done
if [ "${WSIS_DEMO:-1}" != 0 ]; then
  build/src/app/wsis demo --entries 2000 --seed 1 --if-empty --data-dir "$data_dir"
fi
exec build/src/app/wsis serve "$@"
