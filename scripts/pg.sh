#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 for the collector's tests and prints its URL.
# Usage:
#   scripts/pg.sh start    # prints e.g. postgres://postgres@127.0.0.1:54329/postgres
#   scripts/pg.sh stop     # stops it and removes its directory
#   scripts/pg.sh url      # prints the URL of the running one
# Typical:  export ACTIVITY_CAPTURE_PG_URL=$(scripts/pg.sh start) ... ; scripts/pg.sh stop
# Installs Debian's `postgresql` package if it is missing (as root, after apt-get update).
# The cluster lives in a temporary directory owned by the `postgres` system user (PostgreSQL
# refuses to run as root), listens on 127.0.0.1 only, and trusts local connections: it is
# for tests, never for data.
set -euo pipefail
# One state file per caller (scripts/test.sh passes its own), so two runs never stop each
# other's server.
state_file="${ACTIVITY_CAPTURE_PG_STATE:-${TMPDIR:-/tmp}/activity-capture-pg.state}"
say() { printf '[pg] %s\n' "$*" >&2; }

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

install_pg() {
  if [ -n "$(pg_bin)" ]; then return 0; fi
  if [ "$(id -u)" != 0 ]; then say "PostgreSQL is missing and this is not root: install the postgresql package"; exit 1; fi
  say "apt-get install postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
    || { say "apt-get install postgresql failed"; exit 1; }
  [ -n "$(pg_bin)" ] || { say "no initdb under /usr/lib/postgresql/*/bin after installing"; exit 1; }
}

# Runs a command as the user that owns the cluster (root cannot run PostgreSQL).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su -s /bin/sh postgres -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  say "no free port in 54329-54429"; exit 1
}

start() {
  if [ -f "$state_file" ]; then
    # shellcheck disable=SC1090
    . "$state_file"
    if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then echo "$PG_URL"; return 0; fi
    rm -f "$state_file"
  fi
  install_pg
  local bin dir port user url
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/activity-capture-pg.XXXXXX")
  chmod 700 "$dir"
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres; chown postgres "$dir"; user=postgres; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bin/postgres" -D "$dir/data" -k "$dir" -h 127.0.0.1 -p "$port" -c fsync=off -c max_connections=200 \
    >"$dir/postgres.log" 2>&1 &
  local pid=$!
  url="postgres://postgres@127.0.0.1:$port/postgres"
  for _ in $(seq 1 100); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
      printf 'PG_PID=%s\nPG_DIR=%s\nPG_URL=%s\n' "$pid" "$dir" "$url" >"$state_file"
      say "PostgreSQL ready on 127.0.0.1:$port (as $user; data in $dir)"
      echo "$url"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  say "PostgreSQL did not become ready:"; cat "$dir/postgres.log" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
}

stop() {
  [ -f "$state_file" ] || { say "not running"; return 0; }
  # shellcheck disable=SC1090
  . "$state_file"
  if kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  case "$PG_DIR" in "${TMPDIR:-/tmp}"/activity-capture-pg.*) rm -rf "$PG_DIR" ;; esac
  rm -f "$state_file"
  say "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$state_file" ] && { . "$state_file"; echo "$PG_URL"; } ;;
  *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac
