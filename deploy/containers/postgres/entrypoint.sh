#!/bin/bash
# relais/postgres:15 entrypoint: a throwaway PostgreSQL 15 for tests, meant for `docker run --network host`.
#
#   PGPORT               port to listen on (default 5432; pick one nothing else on the host uses)
#   PG_LISTEN_ADDRESSES  listen_addresses (default 127.0.0.1: with host networking the server stays on this machine)
#   POSTGRES_USER        role to create as a superuser besides postgres (as the official image does; default postgres)
#   POSTGRES_PASSWORD    its password (auth is trust on every address anyway: tests only)
#   POSTGRES_DB          a database to create, owned by POSTGRES_USER
#   POSTGRES_DATABASES   more databases to create, separated by spaces or commas
#   arguments            extra server options, e.g. -c log_statement=all (a leading "postgres" is skipped, so the
#                        official image's command line, e.g. Testcontainers' "postgres -c fsync=off", works too)
#
# Prints "relais-postgres: ready ..." once it accepts connections and the databases exist: the line to wait for
# (PostgreSQL's own "database system is ready to accept connections" comes earlier, before the databases).
set -euo pipefail

: "${PGDATA:=/var/lib/postgresql/data}" "${PGPORT:=5432}" "${PG_LISTEN_ADDRESSES:=127.0.0.1}"
: "${POSTGRES_USER:=postgres}" "${POSTGRES_PASSWORD:=}" "${POSTGRES_DB:=}" "${POSTGRES_DATABASES:=}"
export PGDATA PGPORT
SOCKET_DIR=/var/run/postgresql
SERVER_PID=

say() { echo "relais-postgres: $*"; }

init_cluster() {
  [[ -s "$PGDATA/PG_VERSION" ]] && return 0
  # Trust for everyone: a test server on loopback, its data thrown away with the container.
  initdb -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/tmp/initdb.log 2>&1 \
    || { cat /tmp/initdb.log; exit 1; }
}

# Test data is thrown away with the container: durability (fsync, full pages, synchronous commit) buys nothing and
# costs time on a small machine. No JIT: the image leaves LLVM out. Arguments come last, so they can say otherwise.
start_server() {
  postgres -D "$PGDATA" -p "$PGPORT" -c listen_addresses="$PG_LISTEN_ADDRESSES" \
    -c unix_socket_directories="$SOCKET_DIR" -c max_connections=200 -c jit=off \
    -c fsync=off -c full_page_writes=off -c synchronous_commit=off "$@" &
  SERVER_PID=$!
}

# docker stop sends SIGTERM to this script (pid 1): a fast shutdown of the server, which then ends the script.
# shellcheck disable=SC2317 # called by the trap
stop_server() { kill -INT "$SERVER_PID" 2>/dev/null || true; }

wait_until_accepting() {
  local _
  for _ in $(seq 1 600); do
    pg_isready -q -h "$SOCKET_DIR" -p "$PGPORT" -U postgres && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { say "the server exited at start"; exit 1; }
    sleep 0.1
  done
  say "the server did not accept connections within 60 s"
  exit 1
}

psql_local() { psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PGPORT" -U postgres -d postgres "$@"; }

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
sql_identifier() { printf '"%s"' "${1//\"/\"\"}"; }

create_role() {
  [[ "$POSTGRES_USER" == postgres && -z "$POSTGRES_PASSWORD" ]] && return 0
  if [[ "$POSTGRES_USER" != postgres ]]; then
    psql_local -c "CREATE ROLE $(sql_identifier "$POSTGRES_USER") LOGIN SUPERUSER"
  fi
  if [[ -n "$POSTGRES_PASSWORD" ]]; then
    psql_local -c "ALTER ROLE $(sql_identifier "$POSTGRES_USER") PASSWORD $(sql_literal "$POSTGRES_PASSWORD")"
  fi
}

create_databases() {
  local db
  for db in $POSTGRES_DB ${POSTGRES_DATABASES//,/ }; do
    [[ "$(psql_local -tAc "SELECT 1 FROM pg_database WHERE datname = $(sql_literal "$db")")" == 1 ]] && continue
    psql_local -c "CREATE DATABASE $(sql_identifier "$db") OWNER $(sql_identifier "$POSTGRES_USER")"
  done
}

[[ "${1:-}" == postgres ]] && shift
init_cluster
trap stop_server TERM INT
start_server "$@"
wait_until_accepting
create_role
create_databases
say "ready: PostgreSQL $(postgres --version | awk '{ print $3 }') accepts connections on $PG_LISTEN_ADDRESSES:$PGPORT"

# wait returns early when a signal is trapped: wait again until the server has really gone, and exit as it did.
status=0
while kill -0 "$SERVER_PID" 2>/dev/null; do
  status=0
  wait "$SERVER_PID" || status=$?
done
exit "$status"
