#!/usr/bin/env bash
# A project-local PostGIS cluster: scripts/localdb.sh start|stop|status|url
#
# The data directory lives in .pg/ (ignored by git). PostgreSQL refuses to run
# as root, so when we are root the cluster belongs to the unprivileged
# "postgres" user. It listens on a unix socket in .pg/run and on 127.0.0.1.
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
# Below Linux's ephemeral ports (32768–60999): an outgoing connection can never hold it when the
# cluster starts.
port=${MAHALLEH_PG_PORT:-25329}
dbname=mahalleh
dbuser=mahalleh

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Unix socket paths are limited to 107 bytes, and the postgres user must be able
# to reach the folder: otherwise keep the cluster under /var/tmp instead.
pg_root="$project/.pg"
sock_len=$(( ${#pg_root} + ${#port} + 16 ))
if (( sock_len > 100 )) || { [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$project" 2>/dev/null; }; then
  pg_root="/var/tmp/mahalleh-pg-$(printf '%s' "$project" | md5sum | cut -c1-10)"
fi
data="$pg_root/data"
run="$pg_root/run"

bindir() {
  # The newest installed server version that has the PostGIS extension.
  local v
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rV); do
    if [[ -x /usr/lib/postgresql/$v/bin/initdb && -f /usr/share/postgresql/$v/extension/postgis.control ]]; then
      echo "/usr/lib/postgresql/$v/bin"; return 0
    fi
  done
  echo "error: no PostgreSQL server with PostGIS found; run scripts/install-system-deps.sh" >&2
  return 1
}

url() {
  local enc=${run//\//%2F}
  echo "postgres://$dbuser@$enc:$port/$dbname"
}

start() {
  local bin; bin=$(bindir)
  mkdir -p "$pg_root"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$pg_root"
  as_owner mkdir -p "$run"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    echo "Creating a local PostGIS cluster in $data"
    as_owner "$bin/initdb" -D "$data" -U "$dbuser" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    # synchronous_commit=off: a crash may lose the last few dev commits, never corrupts.
    as_owner "$bin/pg_ctl" start -D "$data" -l "$pg_root/postgres.log" -w -t 60 \
      -o "-k $run -p $port -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c max_connections=100" >/dev/null \
      || { echo "error: PostgreSQL did not start; see $pg_root/postgres.log" >&2; tail -5 "$pg_root/postgres.log" >&2; exit 1; }
  fi
  local psql=("$bin/psql" -h "$run" -p "$port" -U "$dbuser" -v ON_ERROR_STOP=1 -qtA)
  if [[ -z $("${psql[@]}" -d postgres -c "select 1 from pg_database where datname = '$dbname'") ]]; then
    "${psql[@]}" -d postgres -c "create database $dbname"
  fi
  "${psql[@]}" -d "$dbname" -c "set client_min_messages = warning; create extension if not exists postgis; create extension if not exists pg_trgm;"
}

stop() {
  local bin; bin=$(bindir)
  if [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >/dev/null
    echo "Local PostGIS stopped."
  else
    echo "Local PostGIS is not running."
  fi
}

status() {
  local bin; bin=$(bindir)
  as_owner "$bin/pg_ctl" status -D "$data"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
