# shellcheck shell=bash
# deploy/relais, the test platform, the test run (deploy/relais test) and the isolation check.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

# The test platform starts empty at each run: its services and broker stop, the broker's data goes (its topics come
# back empty with `up`), and its databases are dropped and created again in its own PostgreSQL, so nothing a run left
# (facilities, referrals, events, indicator counts) can meet the next one.
reset_platform() {
  require_platform test "reset drops a platform's databases and empties its broker: only the test platform may be reset
  (RELAIS_PLATFORM=test deploy/relais reset)"
  prepare_state
  # Whether it ran as one or as a cluster, it comes back as one (until the next up --cluster).
  stop_process haproxy
  # shellcheck disable=SC2046 # one word per process name
  stop_processes "${SERVICES[@]}" $(CLUSTER=1 service_processes)
  # shellcheck disable=SC2046
  stop_processes kafka $(CLUSTER=1 broker_processes)
  rm -f "$RUN/gateway.listen" "$STATE/seeded" "$STATE/chaos-stopped-private-postgres" "$CLUSTER_MARKER"
  rm -rf "$KAFKA_STATE/data" "$KAFKA_CLUSTER_STATE"
  apply_topology
  remove_postgres_container
  ensure_postgres
  ensure_private_databases
}

ensure_private_databases() {
  local db
  say "dropping and creating the test platform's databases: ${DATABASES[*]}"
  for db in "${DATABASES[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
      && psql_admin -c "CREATE DATABASE $db" \
      || die "cannot create database $db on 127.0.0.1:$RELAIS_DB_PORT"
  done
}

# Every service of this platform answers ready, or the command that needs them stops here.
platform_ready() {
  local s
  for s in "${SERVICES[@]}"; do
    healthy "${PORT[$s]}" 2>/dev/null || die "$s is not ready on :${PORT[$s]}: start the platform with $(launcher_command) up"
  done
}

# The end-to-end tests (deploy/e2e) against the test platform, told where everything of it is. Never against a live
# platform: they create facilities, referrals and counts.
e2e() {
  require_platform test "the end-to-end tests write facilities, referrals and counts: they run on the test platform only
  (RELAIS_PLATFORM=test deploy/relais up, then RELAIS_PLATFORM=test deploy/relais e2e)"
  prepare_state
  platform_ready
  kafka_libs # asyncapi.test.js reads raw records with Kafka's console consumer, even from a broker not started here
  # RELAIS_LAUNCHER with RELAIS_PLATFORM: the tokens the tests mint and the gateway they restart are this platform's.
  # RELAIS_E2E_DB: the tests' own scratch database (their postal codes' sequence), on this platform's PostgreSQL.
  # RELAIS_KAFKA_*: this platform's broker and the launcher's Kafka jars, whose console consumer reads raw records.
  RELAIS_PLATFORM="$PLATFORM" RELAIS_LAUNCHER="$DEPLOY/relais" BASE_URL="$(gateway_url)" \
  RELAIS_CAPACITY_URL="http://$LOOPBACK:${PORT[capacity-service]}" \
  RELAIS_SERVICE_PORTS="${PORT[gateway]} ${PORT[capacity-service]} ${PORT[referral-service]} ${PORT[patrol-service]}" \
  RELAIS_LOGS_DIR="$LOGS" RELAIS_E2E_DB=relais_e2e \
  RELAIS_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP_SERVERS" RELAIS_KAFKA_LIBS="$KAFKA_LIBS" \
    "$DEPLOY/e2e/run" "$(gateway_url)"
}

# The launcher acting on the test platform, in a process of its own (so both platforms' variables never mix).
test_platform() { RELAIS_PLATFORM=test "$DEPLOY/relais" "$@"; }

# The live platform's gateway: a person's platform runs if it answers there (from this clone or any other).
LIVE_GATEWAY="http://$LOOPBACK:8080"

live_platform_answers() { port_open "$LOOPBACK" 8080; }

# What `test` measured, printed at its end: "step seconds" lines.
STEP_TIMES=()
STEP_NAME=""
STEP_START=0
TEST_START=0

step() {
  STEP_NAME="$1"
  STEP_START="$(date +%s)"
  shift
  say "-- $STEP_NAME"
  "$@"
  STEP_TIMES+=("$STEP_NAME|$(( $(date +%s) - STEP_START ))")
  STEP_NAME=""
}

print_step_times() {
  local line
  [[ ${#STEP_TIMES[@]} -gt 0 || -n "$STEP_NAME" ]] || return 0
  say "wall time of each step:"
  for line in "${STEP_TIMES[@]}"; do printf '  %-44s %5s s\n' "${line%|*}" "${line##*|}" >&2; done
  [[ -z "$STEP_NAME" ]] || printf '  %-44s %5s s (stopped here)\n' "$STEP_NAME" "$(( $(date +%s) - STEP_START ))" >&2
  printf '  %-44s %5s s\n' "total" "$(( $(date +%s) - TEST_START ))" >&2
}

# The test run. The service suites start their own PostgreSQL and Kafka with Testcontainers (on the container engine
# `containers up` starts), the end-to-end tests and chaos run on the test platform, and a live platform (a person's,
# or one this run starts) is watched through its API from before the tests to after them: it must come out unchanged.
run_tests() {
  require_platform live "test starts the test platform itself: run it without RELAIS_PLATFORM"
  local lock="${TMPDIR:-/tmp}/relais-test.lock"
  # Two runs at once (two clones, CI beside a hand run) would share the test platform's fixed ports and the
  # machine's two cores: the second waits for the first. The lock is held by flock itself (-o), so that no broker
  # or database started meanwhile inherits it.
  if [[ -z "${RELAIS_TEST_LOCK_HELD:-}" ]]; then
    flock -n -o "$lock" true || say "another Relais test run is using this machine: waiting for it"
    RELAIS_TEST_LOCK_HELD=1 exec flock -o "$lock" "$DEPLOY/relais" test
  fi
  TEST_START="$(date +%s)"
  prepare_state
  trap cleanup_after_tests EXIT
  # Stopped by a signal is a failure: without these the cleanup would see the last command's status and say "passed".
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # A person's platform is watched from the very start, so the service suites are checked too; without one, this
  # run starts its own once the jars are built.
  if live_platform_answers; then step "live platform: first snapshot" isolation_before; fi
  step "container engine (containers up)" containers_up
  step "service suites (mvn -B verify)" run_verify
  step "build the jars and the bench tool" build_all
  step "service images: build, start each once until ready" service_images
  if [[ -z "$ISOLATION_BEFORE" ]]; then step "live platform: up, a night's state, snapshot" isolation_before; fi
  TEST_PLATFORM_STARTED=1
  step "test platform: reset and up" test_platform_up
  step "end-to-end tests on the test platform" test_platform e2e
  say "chaos --quick on the test platform: one kill -9 of its broker and of each of its services, one restart and"
  say "one outage of its PostgreSQL, under load"
  step "chaos --quick on the test platform" test_platform chaos --quick
  say "chaos --cluster --quick on the test platform as a cluster (3 brokers, 2 instances of each service behind"
  say "HAProxy): under load, a kill -9 of the Kafka controller and of one instance of each service, in turn"
  step "test platform: reset and up --cluster" test_platform_up --cluster
  step "local sign-in through HAProxy (e2e local-sign-in)" cluster_sign_in
  step "chaos --cluster --quick on the test platform" test_platform chaos --cluster --quick
  step "test platform: down" test_platform down
  step "isolation check (live platform unchanged)" isolation_after
}

run_verify() {
  local rc=0
  (cd "$ROOT" && mvn -B -T 2 verify) 2>&1 | tee "$LOGS/verify.log" || rc=$?
  if [[ $rc -ne 0 ]]; then
    failure_digest "$LOGS/verify.log"
    say "unit and integration tests failed (whole output: $LOGS/verify.log)"
  fi
  return $rc
}

build_all() {
  build_jars
  bench_jar
}

# test_platform_up [--cluster]: the test platform emptied and started, as one or as a cluster.
test_platform_up() {
  test_platform reset
  test_platform up "$@" >"$STATE_ROOT/test-platform/logs/up${1:+-cluster}.log"
}

# A browser on this machine signs in locally on the cluster's usual port too (HAProxy in front of the gateways).
cluster_sign_in() { RELAIS_E2E_ONLY=local-sign-in test_platform e2e; }

# ---------------------------------------------------------------------------------------------------------
# the isolation check: a live platform, read through its public API before and after the tests (deploy/e2e/isolation.js)

ISOLATION="$STATE/isolation"
ISOLATION_BEFORE=""
ISOLATION_COMPARED=""
# Set when this run started the live platform (it gave it a night's state, and takes it back at the end).
LIVE_STARTED_HERE=""

isolation() { node "$DEPLOY/e2e/isolation.js" "$@" --gateway "$LIVE_GATEWAY" --launcher "$DEPLOY/relais"; }

isolation_before() {
  local s rc=0
  rm -rf "$ISOLATION"
  mkdir -p "$ISOLATION"
  if live_platform_answers; then
    say "a live platform answers on $LIVE_GATEWAY: the tests must leave it as it is (read only)"
  else
    say "no live platform on $LIVE_GATEWAY: starting one (deploy/relais up) and giving it a night's state"
    for s in "${SERVICES[@]}"; do is_running "$s" || STARTED_HERE+=("$s"); done
    LIVE_STARTED_HERE=1
    up >"$LOGS/live-up.log"
    isolation night --created "$ISOLATION/created.json"
  fi
  isolation snapshot --out "$ISOLATION/before.json" || rc=$?
  if [[ $rc -eq 3 ]]; then
    # A person's gateway opened with --listen (no local sign-in) from another clone: its keys are not ours.
    say "warning: the live platform on $LIVE_GATEWAY cannot be read with this clone's tokens: no isolation check this run"
    ISOLATION_BEFORE=skipped
    return 0
  fi
  [[ $rc -eq 0 ]] || die "could not read the live platform on $LIVE_GATEWAY (see above)"
  ISOLATION_BEFORE="$ISOLATION/before.json"
}

isolation_after() {
  local rc=0
  [[ "$ISOLATION_BEFORE" != skipped ]] || return 0
  ISOLATION_COMPARED=1
  isolation compare --before "$ISOLATION_BEFORE" --out "$ISOLATION/after.json" || rc=$?
  case $rc in
    0) ;;
    1) die "the live platform on $LIVE_GATEWAY changed during the tests (if someone used it meanwhile, that was them: run again)" ;;
    *) die "could not read the live platform on $LIVE_GATEWAY after the tests (see above)" ;;
  esac
}

# The referrals this run gave the live platform it started: cancelled, so that none of them waits for a place after.
isolation_take_back() {
  [[ -n "$LIVE_STARTED_HERE" && -f "$ISOLATION/created.json" ]] || return 0
  isolation cancel --created "$ISOLATION/created.json" || say "could not cancel every referral of $ISOLATION/created.json"
}

# The services' warnings and errors around a failed build, last: the end of a CI log is often all one sees.
failure_digest() {
  local log="$1"
  say "warnings and errors the services logged during the tests (last 60, without rebalance chatter):"
  grep -E '^[0-9-]+ [0-9:,]+ +(WARN|ERROR) ' "$log" | grep -vE 're-balance listener|outOfOrder mode' | tail -n 60 | cut -c1-400 >&2 || true
  say "failed tests:"
  grep -E '^\[ERROR\] +[A-Za-z]+(Test|IT)\.|Tests run:.*(Failures: [1-9]|Errors: [1-9])' "$log" | tail -n 20 >&2 || true
}

TEST_PLATFORM_STARTED=""

# Stops what `test` started, and nothing else: the test platform, the live platform when this run started it (after
# taking back its night's referrals), Kafka and a private PostgreSQL it started for it, and the container engine.
cleanup_after_tests() {
  local rc=$? s started=()
  trap - EXIT
  if [[ -n "$TEST_PLATFORM_STARTED" ]]; then test_platform down || say "could not stop the test platform"; fi
  # A run that failed earlier still says whether the live platform was left alone: it may explain the failure.
  if [[ -n "$ISOLATION_BEFORE" && "$ISOLATION_BEFORE" != skipped && -z "$ISOLATION_COMPARED" ]]; then
    say "the isolation check, although the run failed before it:"
    isolation compare --before "$ISOLATION_BEFORE" --out "$ISOLATION/after.json" || true
  fi
  isolation_take_back
  for s in "${SERVICES[@]}"; do
    if [[ " ${STARTED_HERE[*]} " == *" $s "* ]]; then started+=("$s"); fi
  done
  stop_processes ${started[@]+"${started[@]}"}
  if [[ " ${STARTED_HERE[*]} " == *" kafka "* ]]; then stop_process kafka; fi
  if [[ " ${STARTED_HERE[*]} " == *" postgres "* ]]; then stop_postgres; fi
  containers_cleanup
  print_step_times
  if [[ $rc -eq 0 ]]; then say "every test passed"; else say "the tests FAILED (exit $rc)"; fi
  exit $rc
}

# The services' container images (service_images, a step of run_tests above).
# shellcheck source=deploy/lib/kubernetes.sh
source "$DEPLOY/lib/kubernetes.sh"
