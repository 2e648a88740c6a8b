# shellcheck shell=bash
# deploy/relais, PostgreSQL: the machine's, or a private cluster or container where none answers; the databases.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

PG_STATE="$STATE/postgres"

pg_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$RELAIS_DB_HOST" -p "$RELAIS_DB_PORT" -U "$RELAIS_DB_USER" -t 2
  else
    port_open "$RELAIS_DB_HOST" "$RELAIS_DB_PORT"
  fi
}

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_pg_user() {
  if [[ "$(id -u)" == 0 ]]; then
    # PostgreSQL refuses to run as root.
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_postgres() {
  if pg_answers; then
    # The test platform's PostgreSQL is its own (chaos stops and starts it): never one that merely answers there.
    [[ "$PLATFORM" == live ]] || is_running postgres || die "something this launcher did not start answers on \
127.0.0.1:$RELAIS_DB_PORT: the test platform needs that port for its own PostgreSQL"
    return 0
  fi
  if [[ "$RELAIS_DB_HOST" != 127.0.0.1 && "$RELAIS_DB_HOST" != localhost ]]; then
    die "no PostgreSQL answers at $RELAIS_DB_HOST:$RELAIS_DB_PORT"
  fi
  [[ "$PLATFORM" == live ]] || ! port_open 127.0.0.1 "$RELAIS_DB_PORT" \
    || die "port $RELAIS_DB_PORT is taken by another process: the test platform needs it for its own PostgreSQL"
  command -v psql >/dev/null || die "psql is missing: install the PostgreSQL client (apt-get install postgresql-client)"
  local bin
  # RELAIS_TEST_POSTGRES=container makes the test platform use the image even where binaries exist (to try it).
  if [[ "$PLATFORM" == test ]] && { [[ "${RELAIS_TEST_POSTGRES:-}" == container ]] || ! pg_bin >/dev/null; }; then
    start_postgres_container
  else
    bin="$(pg_bin)" || die "no PostgreSQL answers at 127.0.0.1:$RELAIS_DB_PORT and none is installed.
  Install one (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16),
  or start your own with trust auth for user postgres, then run deploy/relais up again."
    start_postgres_cluster "$bin"
  fi
  STARTED_HERE+=(postgres)
  wait_until "PostgreSQL" 30 pg_answers
}

# A private cluster from the machine's PostgreSQL binaries, in the state folder, on RELAIS_DB_PORT.
start_postgres_cluster() {
  local bin="$1"
  say "no PostgreSQL at 127.0.0.1:$RELAIS_DB_PORT: starting a private one from $bin"
  mkdir -p "$PG_STATE"
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "user postgres is missing (it comes with the postgresql package)"
    chown postgres "$PG_STATE"
    chmod 700 "$PG_STATE"
    # The postgres user must be able to reach the state folder.
    local d="$PG_STATE"
    while [[ "$d" != / ]]; do d="$(dirname "$d")"; chmod o+x "$d" 2>/dev/null || true; done
  fi
  if [[ ! -f "$PG_STATE/data/PG_VERSION" ]]; then
    as_pg_user "$bin/initdb" -D "$PG_STATE/data" -U postgres --auth=trust -E UTF8 >"$LOGS/postgres-init.log" 2>&1 \
      || die "initdb failed, see $LOGS/postgres-init.log"
  fi
  mkdir -p "$PG_STATE/socket"
  [[ "$(id -u)" == 0 ]] && chown postgres "$PG_STATE/socket"
  as_pg_user "$bin/pg_ctl" -D "$PG_STATE/data" -l "$PG_STATE/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $RELAIS_DB_PORT -k $PG_STATE/socket -c max_connections=200 -c cluster_name=$(process_marker postgres)" \
    start >/dev/null || die "PostgreSQL did not start, see $PG_STATE/postgres.log"
  head -1 "$PG_STATE/data/postmaster.pid" > "$(pidfile postgres)"
  ln -sf "$PG_STATE/postgres.log" "$LOGS/postgres.log"
}

# Where the machine has no PostgreSQL binaries, the test platform runs the image the service suites use, on the
# clone's container engine (deploy/relais containers up starts it; `test` does), with the host's network.
PG_CONTAINER=relais-test-postgres

start_postgres_container() {
  containers_environment
  docker_answers || die "no PostgreSQL binaries on this machine for the test platform's own PostgreSQL, and the container
  engine that would run relais/postgres:15 instead is not running: deploy/relais containers up (or apt-get install postgresql)"
  if docker container inspect "$PG_CONTAINER" >/dev/null 2>&1; then
    say "starting the test platform's PostgreSQL container again"
    docker start "$PG_CONTAINER" >/dev/null || die "docker start $PG_CONTAINER failed"
  else
    say "starting $POSTGRES_IMAGE as the test platform's PostgreSQL on 127.0.0.1:$RELAIS_DB_PORT"
    docker run -d --name "$PG_CONTAINER" --network host -e PGPORT="$RELAIS_DB_PORT" "$POSTGRES_IMAGE" \
      -c cluster_name="$(process_marker postgres)" >/dev/null || die "docker run $POSTGRES_IMAGE failed"
  fi
  # The entrypoint (pid 1 in the container) carries the marker among its arguments.
  docker inspect -f '{{.State.Pid}}' "$PG_CONTAINER" >"$(pidfile postgres)"
  docker logs -f "$PG_CONTAINER" >"$LOGS/postgres.log" 2>&1 </dev/null &
  disown $!
}

# A container of an earlier run goes at reset, so each run starts on the current image (chaos stops and starts it).
remove_postgres_container() {
  containers_environment
  docker_answers && docker container inspect "$PG_CONTAINER" >/dev/null 2>&1 || return 0
  if [[ "$(docker inspect -f '{{.State.Running}}' "$PG_CONTAINER")" == true ]]; then rm -f "$(pidfile postgres)"; fi
  docker rm -f -v "$PG_CONTAINER" >/dev/null 2>&1 || true
}

stop_postgres() {
  [[ -f "$(pidfile postgres)" ]] || return 0
  local bin
  if [[ "$PLATFORM" == test ]] && containers_environment && docker_answers \
    && docker container inspect "$PG_CONTAINER" >/dev/null 2>&1; then
    say "stopping the test platform's PostgreSQL container"
    docker stop --time 20 "$PG_CONTAINER" >/dev/null 2>&1 || true
  elif bin="$(pg_bin)" && [[ -f "$PG_STATE/data/postmaster.pid" ]]; then
    say "stopping the private PostgreSQL"
    as_pg_user "$bin/pg_ctl" -D "$PG_STATE/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$(pidfile postgres)"
}

psql_admin() {
  PGPASSWORD="${RELAIS_DB_PASSWORD:-}" psql -X -q -v ON_ERROR_STOP=1 -h "$RELAIS_DB_HOST" -p "$RELAIS_DB_PORT" \
    -U "$RELAIS_DB_USER" -d postgres "$@"
}

ensure_databases() {
  command -v psql >/dev/null || die "psql is missing: install the PostgreSQL client (apt-get install postgresql-client)"
  local db
  for db in "${DATABASES[@]}"; do
    if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
      # Another launcher may create it at the same moment: "already exists" is fine.
      psql_admin -c "CREATE DATABASE $db" 2>/dev/null || \
        [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" == 1 ]] || die "cannot create database $db"
    fi
  done
  # A test that takes a database away (ALLOW_CONNECTIONS false) and dies before its cleanup would leave it
  # closed for every later run: open again whichever of ours is closed.
  for db in $(psql_admin -tAc "SELECT datname FROM pg_database WHERE NOT datallowconn AND datname LIKE 'relais%'"); do
    if [[ " ${DATABASES[*]} " == *" $db "* ]]; then
      say "database $db refused connections: allowing them again"
      psql_admin -c "ALTER DATABASE $db WITH ALLOW_CONNECTIONS true" >/dev/null || die "cannot reopen database $db"
    fi
  done
}
