# Shared by the benchmark scripts in bench/: source it after setting BENCH_NAME and BUILD_DIR.
# Provides: bench_die, bench_require TOOL..., bench_build (sets $wsis, refuses a Debug build),
# bench_pin (sets server_pin/client_pin: core 0 for the server, core 1 for the load), and
# start_server DATA_DIR WEB_ROOT / stop_server for one `wsis serve --threads 1` on core 0
# (sets $server_pid and $port; needs $work), and bench_migrated_data_dir (sets $work, $data).

bench_die() {
  echo "$BENCH_NAME: $*" >&2
  exit 1
}

bench_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || bench_die "$tool is missing (scripts/install-deps.sh installs it)"
  done
}

bench_build() {
  wsis=$BUILD_DIR/src/app/wsis
  if [ -x "$wsis" ]; then
    local build_log
    if ! build_log=$(cmake --build "$BUILD_DIR" --target wsis 2>&1); then
      echo "$build_log" >&2
      bench_die "building wsis in $BUILD_DIR failed"
    fi
  else
    BUILD_DIR=$BUILD_DIR scripts/build.sh
  fi
  local build_type
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")
  if [ "${build_type:-RelWithDebInfo}" = Debug ]; then
    bench_die "$BUILD_DIR is a Debug build; numbers would mean little"
  fi
}

bench_pin() {
  server_pin=() client_pin=()
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    server_pin=(taskset -c 0) client_pin=(taskset -c 1)
  else
    echo "$BENCH_NAME: fewer than 2 cores or no taskset: server and wrk are not pinned" >&2
  fi
}

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}

# start_server DATA_DIR WEB_ROOT: one worker thread on core 0 ($SERVER_THREADS to change), no
# access log; sets $port.
# Waits up to a minute (a large database's catalog is built at start-up).
start_server() {
  rm -f "$work/port"
  "${server_pin[@]}" "$wsis" serve --threads "${SERVER_THREADS:-1}" --no-access-log --log-level error --listen 127.0.0.1:0 \
    --port-file "$work/port" --data-dir "$1" --web-root "$2" 2>>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 600); do
    [ -s "$work/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; bench_die "server died"; }
    sleep 0.1
  done
  [ -s "$work/port" ] || bench_die "server did not start"
  port=$(cat "$work/port")
}

# bench_migrated_data_dir: a temporary $work (removed at exit, with the server stopped) holding
# $data, an empty database migrated by starting and stopping the server once, and $work/web.
bench_migrated_data_dir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-bench-XXXXXX")
  data=$work/data
  mkdir -p "$work/web"
  trap 'stop_server; rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
  start_server "$data" "$work/web"
  stop_server
}
