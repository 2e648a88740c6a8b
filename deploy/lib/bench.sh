# shellcheck shell=bash
# deploy/relais, bench and chaos, run against the platform that `up` started.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

# Owned by the bench module: load and fault-injection tools in bench/. Besides this file, only the `bench)` and
# `chaos)` dispatch lines of deploy/relais and their usage lines belong to it.

BENCH_JAR="$ROOT/bench/target/relais-bench-all.jar"

bench_jar() {
  if [[ ! -f "$BENCH_JAR" || -n "$(find "$ROOT/bench/src" "$ROOT/bench/pom.xml" "$ROOT/events/src" "$ROOT/tokens/src" "$ROOT/pom.xml" \
    -newer "$BENCH_JAR" -type f -print -quit 2>/dev/null)" ]]; then
    say "building the bench tool"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl bench -am) >"$LOGS/bench-build.log" 2>&1 \
      || die "bench build failed, see $LOGS/bench-build.log"
  fi
}

bench_java() {
  local command="$1"
  shift
  # Thousands of SSE streams, one file descriptor each.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  # The platform's own addresses and databases; its faults go through this launcher, with RELAIS_PLATFORM inherited.
  java ${RELAIS_BENCH_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC} -jar "$BENCH_JAR" "$command" \
    --state "$STATE" --launcher "$DEPLOY/relais" --gateway "http://127.0.0.1:${PORT[gateway]}" \
    --capacity-url "http://127.0.0.1:${PORT[capacity-service]}" --referral-url "http://127.0.0.1:${PORT[referral-service]}" \
    --patrol-url "http://127.0.0.1:${PORT[patrol-service]}" --database-prefix "$DB_PREFIX" --out "$ROOT/bench/results" "$@"
}

# Seconds `up` takes to start the four services from built jars (Kafka and PostgreSQL keep running).
bench_time_up() {
  local s start end
  if jars_stale; then
    say "the service jars are older than their sources: not measuring 'up' (it would include a build)"
    return 0
  fi
  say "measuring 'up' from built jars: stopping the four services"
  for s in "${SERVICES[@]}"; do stop_process "$s"; done
  start="$(date +%s%N)"
  up >/dev/null
  end="$(date +%s%N)"
  awk -v ns="$((end - start))" 'BEGIN { printf "%.1f", ns / 1e9 }'
}

bench() {
  local args=() a quick=0 measure_up=0 skip_up=0 up_seconds=""
  for a in "$@"; do
    case "$a" in
      --quick) quick=1; args+=("$a") ;;
      --measure-up) measure_up=1 ;;
      --skip-up) skip_up=1 ;;
      *) args+=("$a") ;;
    esac
  done
  prepare_state
  platform_ready
  bench_jar
  if [[ ( $quick == 0 || $measure_up == 1 ) && $skip_up == 0 ]]; then
    up_seconds="$(bench_time_up)"
  fi
  bench_java bench ${up_seconds:+--up-seconds "$up_seconds"} ${args[@]+"${args[@]}"}
}

chaos() {
  if [[ "${1:-}" == --fault ]]; then
    shift
    chaos_fault "$@"
    return
  fi
  local a want_cluster="" gateways=() i
  for a in "$@"; do [[ "$a" == --cluster ]] && want_cluster=1; done
  prepare_state
  # The faults differ (a broker of three and one instance of each service, or the broker and each service): the run
  # says which it means, and the platform must be that one.
  if [[ -n "$CLUSTER" && -z "$want_cluster" ]]; then
    die "this platform runs as a cluster: $(launcher_command) chaos --cluster [--quick]"
  elif [[ -z "$CLUSTER" && -n "$want_cluster" ]]; then
    die "chaos --cluster needs a platform started with $(launcher_command) up --cluster"
  fi
  platform_ready
  bench_jar
  if [[ -n "$CLUSTER" ]]; then
    # Each gateway instance's own address: the run reads the capacity stream of each, past HAProxy.
    for i in $(seq 1 "$INSTANCES"); do gateways+=("http://$LOOPBACK:$(instance_port gateway "$i")"); done
    bench_java chaos --brokers "$BROKERS" --gateway-instances "$(IFS=,; echo "${gateways[*]}")" "$@"
  else
    bench_java chaos "$@"
  fi
}

# The faults the chaos tool asks for; each acts only on what this launcher started for this platform (pid files and
# process markers), except, on the live platform, the machine's own PostgreSQL, which is restarted with pg_ctlcluster
# when it is the one the services use. The test platform's PostgreSQL is always its own.
chaos_fault() {
  local action="${1:-}" name="${2:-}" pid i
  prepare_state
  case "$action $name" in
    "kill kafka"|"kill gateway"|"kill capacity-service"|"kill referral-service"|"kill patrol-service"|kill\ kafka-[1-9]|kill\ *-service-[1-9]|kill\ gateway-[1-9])
      is_running "$name" || die "$name is not running from this launcher's pid file: cannot kill it"
      pid="$(cat "$(pidfile "$name")")"
      say "chaos: kill -9 $name (pid $pid)"
      kill -KILL "$pid"
      for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      ;;
    "start kafka") ensure_kafka ;;
    # A cluster's broker or instance, where `up --cluster` left its settings.
    start\ kafka-[1-9]) [[ -n "$CLUSTER" ]] || die "$name is a cluster's broker"; start_cluster_broker "${name#kafka-}" ;;
    start\ *-service-[1-9]|start\ gateway-[1-9])
      [[ -n "$CLUSTER" ]] || die "$name is a cluster's instance"
      service_environment
      start_service "${name%-*}" "$( [[ "$name" == gateway-* ]] && gateway_listen || echo "$LOOPBACK")" "$name" "$(process_port "$name")"
      wait_healthy "$name" "$(process_port "$name")" ;;
    "stop postgres"|"start postgres") chaos_postgres "$action" ;;
    *) die "chaos --fault takes: kill kafka|SERVICE, start kafka, stop postgres, start postgres; on a cluster also kill|start kafka-N|SERVICE-N" ;;
  esac
}

chaos_postgres() {
  local action="$1" cluster version marker="$STATE/chaos-stopped-private-postgres"
  if [[ -f "$(pidfile postgres)" || -f "$marker" ]]; then
    # The private cluster this launcher started (the marker remembers it across stop and start).
    if [[ "$action" == stop ]]; then
      touch "$marker"
      stop_postgres
    else
      ensure_postgres
      rm -f "$marker"
    fi
    return 0
  fi
  [[ "$PLATFORM" == live ]] || die "the test platform's PostgreSQL is not running from this launcher: not restarting any other"
  command -v pg_lsclusters >/dev/null || die "PostgreSQL was not started by this launcher and pg_lsclusters is missing: cannot restart it"
  cluster="$(pg_lsclusters -h | awk -v port="$RELAIS_DB_PORT" '$3 == port { print $1 " " $2; exit }')"
  [[ -n "$cluster" ]] || die "no local PostgreSQL cluster listens on port $RELAIS_DB_PORT: cannot restart it"
  read -r version cluster <<<"$cluster"
  say "chaos: pg_ctlcluster $version $cluster $action"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" "$action"
  if [[ "$action" == start ]]; then wait_until "PostgreSQL" 60 pg_answers; fi
}
