# shellcheck shell=bash
# deploy/relais, settings, the two platforms (live and test) and process bookkeeping.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

# The clone's state folder. The live platform keeps its state here, the test platform in a folder of its own inside
# (select_platform); the broker's jars and the container engine's build scratch (deploy/lib/containers.sh) are here for
# both.
STATE_ROOT="${RELAIS_STATE_DIR:-$DEPLOY/.state}"
STATE="$STATE_ROOT"

KAFKA_HOST=127.0.0.1
# The broker's jars, fetched once per clone and shared by both platforms' brokers.
KAFKA_LIBS="$STATE_ROOT/kafka/libs"

# service name, port, module folder; the gateway starts last so the others are ready behind it.
SERVICES=(capacity-service referral-service patrol-service gateway)
declare -A PORT=()
# Footprint (issue 14): after a load, glibc keeps the C2 compiler's and the clients' freed memory, and the heap stays at
# its high mark; trimming the native heap every 10 s and letting the serial GC give back free heap took 20-40 MB off an
# idle database service's RSS (measured on the test platform after a small bench: 270-290 MB -> 250-270 MB).
SERVICE_JAVA_OPTS="${RELAIS_SERVICE_JAVA_OPTS:--Xms32m -Xmx160m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m \
-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}"

# Every server listens on loopback only; `up --listen ADDR` opens the gateway alone on ADDR, on purpose.
LOOPBACK=127.0.0.1

# topic name, partitions, cleanup policy. Keys and values are described in README.md.
TOPICS=(
  "relais.facility-state 6 compact"
  "relais.facility-holds 6 compact"
  "relais.referral-requests 6 delete"
  "relais.referral-status 6 delete"
  "relais.dead-letter 1 delete"
)
TOPIC_REPLICATION="${RELAIS_TOPIC_REPLICATION:-1}"
# Replicas that must hold a write before it is acknowledged (producers send acks=all): 2 of 3 on a cluster.
TOPIC_MIN_ISR=1
# Compaction leaves a record alone for an hour, far above a consumer's normal delay: a consumer less than an hour
# behind reads every state record of a facility (an arrival's included), not only the latest one.
COMPACTION_LAG_MS=3600000

# What this invocation started, so that `test` can leave the machine as it found it.
STARTED_HERE=()


say() { printf '%s\n' "relais: $*" >&2; }
die() { say "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# platforms

# Which platform this invocation acts on, from RELAIS_PLATFORM:
#   live  (default) the one a person runs with `up`: ports 8080-8083, a Kafka on 9092, databases relais_<service> on
#         the PostgreSQL at RELAIS_DB_HOST:RELAIS_DB_PORT (the machine's), state in $STATE_ROOT.
#   test  the one `test` runs the end-to-end tests and chaos against. It shares nothing with a live platform: ports
#         18080-18083, its own Kafka on 19092/19093, its own PostgreSQL cluster on 15432 (from the machine's PostgreSQL
#         binaries, or the relais/postgres:15 image where there are none), databases relais_e2e_<service> that
#         `reset` drops and creates again, state (pid files, logs, Kafka data, keys) in $STATE_ROOT/test-platform,
#         and process markers of its own, so that a kill -9 or a PostgreSQL restart by chaos reaches only its
#         processes. KAFKA_BOOTSTRAP_SERVERS, RELAIS_DB_*, RELAIS_JWT_PUBLIC_KEY and RELAIS_PERSON_CODE_SECRET from the
#         environment are ignored there on purpose: they are a person's platform's.
# Every other variable below derives from these.
select_platform() {
  PLATFORM="${RELAIS_PLATFORM:-live}"
  case "$PLATFORM" in
    live)
      STATE="$STATE_ROOT"
      PORT=([gateway]=8080 [capacity-service]=8081 [referral-service]=8082 [patrol-service]=8083)
      KAFKA_PORT="${RELAIS_KAFKA_PORT:-9092}"
      KAFKA_CONTROLLER_PORT="${RELAIS_KAFKA_CONTROLLER_PORT:-9093}"
      KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-$KAFKA_HOST:$KAFKA_PORT}"
      RELAIS_DB_HOST="${RELAIS_DB_HOST:-127.0.0.1}"
      RELAIS_DB_PORT="${RELAIS_DB_PORT:-5432}"
      RELAIS_DB_USER="${RELAIS_DB_USER:-postgres}"
      DB_PREFIX=relais_
      DATABASES=(relais_capacity relais_referral relais_patrol)
      PROCESS_PREFIX=""
      STOP_GRACE_SECONDS=20
      ;;
    test)
      STATE="$STATE_ROOT/test-platform"
      PORT=([gateway]=18080 [capacity-service]=18081 [referral-service]=18082 [patrol-service]=18083)
      KAFKA_PORT=19092
      KAFKA_CONTROLLER_PORT=19093
      KAFKA_BOOTSTRAP_SERVERS="$KAFKA_HOST:$KAFKA_PORT"
      RELAIS_DB_HOST=127.0.0.1
      RELAIS_DB_PORT=15432
      RELAIS_DB_USER=postgres
      # Its own token key and person-code secret too (service_environment makes them from its state folder), never
      # the ones a live platform's launcher exported to its services.
      unset RELAIS_DB_PASSWORD RELAIS_JWT_PUBLIC_KEY RELAIS_PERSON_CODE_SECRET
      DB_PREFIX=relais_e2e_
      # relais_e2e: the end-to-end tests' own scratch database (the sequence of their postal codes).
      DATABASES=(relais_e2e_capacity relais_e2e_referral relais_e2e_patrol relais_e2e)
      PROCESS_PREFIX=test-
      # Its state is thrown away at the next reset: a service still shutting down after 5 s is killed.
      STOP_GRACE_SECONDS=5
      ;;
    *) die "RELAIS_PLATFORM is live (the default) or test, not '$PLATFORM'" ;;
  esac
  RUN="$STATE/run"
  LOGS="$STATE/logs"
  export KAFKA_BOOTSTRAP_SERVERS RELAIS_DB_HOST RELAIS_DB_PORT RELAIS_DB_USER
}


# The database of a service on this platform: relais_capacity, or relais_e2e_capacity on the test platform.
database_of() { echo "$DB_PREFIX${1%-service}"; }

# The mark on a process's command line that tells it is this platform's NAME (is_running checks it): a pid file
# left behind never makes the launcher stop or kill a process of the other platform that got the same pid.
process_marker() { echo "relais.process=$PROCESS_PREFIX$1"; }

# Commands that write a platform's databases wholesale or use the clone's container engine refuse the other one.
require_platform() {
  [[ "$PLATFORM" == "$1" ]] || die "$2"
}


# ---------------------------------------------------------------------------------------------------------
# process bookkeeping

pidfile() { echo "$RUN/$1.pid"; }

is_running() {
  local f pid
  f="$(pidfile "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid is not ours: the command line must mention our marker.
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$(process_marker "$1")\( \|$\)" || return 1
}

# The process started as NAME still exists, by its pid alone. A start is watched with this, not is_running: while the
# new process goes through its execs (nohup, setsid, env, bash, then java), its command line can read empty for an
# instant, and a chaos restart was once failed as "exited" half a second after it began. A pid is not reused within
# the seconds a start takes.
pid_alive() {
  local pid
  pid="$(cat "$(pidfile "$1")" 2>/dev/null)" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

stop_process() {
  local name="$1" f pid i grace killed=""
  f="$(pidfile "$name")"
  if ! is_running "$name"; then
    cds_settle "$name" gone # what it was writing at exit, if anything, may be cut short
    rm -f "$f"
    return 0
  fi
  pid="$(cat "$f")"
  # A service writing its class-data archive at exit (services.sh) needs longer, once per build.
  grace="$STOP_GRACE_SECONDS"
  cds_dumping "$name" && grace=$((grace + CDS_DUMP_SECONDS))
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((grace * 5))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop in $grace s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
    killed=1
  fi
  cds_settle "$name" "$killed"
  rm -f "$f"
}

# Stops several processes at once, each with its own grace: the services need nothing from each other to stop.
stop_processes() {
  local name
  for name in "$@"; do stop_process "$name" & done
  wait
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_until() {
  local what="$1" seconds="$2" i
  shift 2
  for i in $(seq 1 $((seconds * 5))); do
    if "$@"; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up within ${seconds}s (see deploy/relais logs)"
}
