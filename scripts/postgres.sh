#!/usr/bin/env bash
# A local PostgreSQL for flashpoint's tests and benchmarks (Debian's package, a throwaway cluster).
#
#   scripts/postgres.sh start   # install postgresql with apt-get if needed, create and start the cluster
#   scripts/postgres.sh url     # the URL to give --db / FLASHPOINT_TEST_PG
#   scripts/postgres.sh stop    # stop it (the data stays in $FLASHPOINT_PG_DIR until `clean`)
#   scripts/postgres.sh clean   # stop it and delete its data
#
# Each checkout gets its own server: the port (20000-29999) and the data folder
# (/tmp/flashpoint-pg-PORT-KEY) derive from the checkout's real path, so stopping one checkout's server
# (as .ci/run does on exit) never stops another's. Override with FLASHPOINT_PG_PORT / FLASHPOINT_PG_DIR.
# It listens on 127.0.0.1 only and trusts local connections: a test server, never a production one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
KEY="$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
PORT="${FLASHPOINT_PG_PORT:-$((20000 + KEY % 10000))}"
DIR="${FLASHPOINT_PG_DIR:-/tmp/flashpoint-pg-$PORT-$KEY}"
DB="${FLASHPOINT_PG_DB:-flashpoint}"
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

install_pg() {
  if pg_bin >/dev/null; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed: run 'sudo apt-get install -y postgresql' (Debian/Ubuntu)" >&2
    exit 1
  fi
  echo "installing PostgreSQL (Debian package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_bin >/dev/null || { echo "postgresql installed but pg_ctl not found" >&2; exit 1; }
}

# Run a PostgreSQL program as the unprivileged owner of the cluster (postgres refuses to run as root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local cmd
    printf -v cmd '%q ' "$@"
    su postgres -s /bin/sh -c "$cmd"
  else
    "$@"
  fi
}

start() {
  install_pg
  local bin
  bin="$(pg_bin)"
  if ! as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1 \
     && "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
    echo "port $PORT is taken by another PostgreSQL server (not the one in $DIR):" \
         "set FLASHPOINT_PG_PORT to a free port" >&2
    exit 1
  fi
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    chmod 700 "$DIR"
    as_owner "$bin/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$DIR/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 200
shared_buffers = 128MB
# a throwaway test server: durability traded for speed (creating and dropping databases per test)
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$DIR" -o "-p $PORT" -l "$DIR/server.log" -w -t 60 start >/dev/null
  fi
  if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 1 from pg_database where datname='$DB'" postgres | grep -q 1; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
  fi
  echo "$URL"
}

stop() {
  local bin
  bin="$(pg_bin)" || exit 0
  if [ -f "$DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  clean) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start|stop|url|clean" >&2; exit 2 ;;
esac
