#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 for the test suite and prints the environment that points the tests at it.
#   scripts/test-postgres.sh start <dir>   initdb in <dir> as the postgres user, start on a free port,
#                                          create the non-superuser role the tests connect as (so RLS applies)
#   scripts/test-postgres.sh stop <dir>    stop it and delete <dir>
set -euo pipefail

cmd=${1:?usage: test-postgres.sh start|stop DIR}
dir=${2:?usage: test-postgres.sh start|stop DIR}

bindir=""
for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ]; then bindir=$candidate; break; fi
done
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_postgres "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
  as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  # The tests connect as a role that is neither superuser nor BYPASSRLS, as production should, so row-level
  # security is really enforced; CREATEDB lets it create database-per-tenant homes.
  as_postgres "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE mpesa LOGIN PASSWORD 'mpesa' NOSUPERUSER NOBYPASSRLS CREATEDB;
CREATE DATABASE mpesa_test OWNER mpesa;
SQL
  echo "$port" >"$dir/port"
  echo "MPESA_TEST_POSTGRES_URL=postgres://mpesa:mpesa@127.0.0.1:$port/mpesa_test"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "unknown command $cmd" >&2; exit 2 ;;
esac
