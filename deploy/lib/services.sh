# shellcheck shell=bash
# deploy/relais, the four services (build, start, health) and the up, down, status, logs and restart commands.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

jar_of() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# --- class-data sharing (issue 14)
# A service's JVM starts on ~20 % less CPU and holds ~8 MB less with a dynamic AppCDS archive of the classes an earlier
# run of the same jars loaded (capacity-service on this 2-core machine: start CPU 11.2 -> 8.9 s, idle RSS 231 ->
# 224 MB). JDK 17 writes such an archive only as the JVM exits (-XX:ArchiveClassesAtExit, which makes that stop ~10 s
# longer), so the first run after a build writes it at its stop and every later start maps it. Quarkus' build-time
# archive (quarkus.package.jar.appcds.enabled) and a static archive from a class list were measured too and changed
# nothing: they leave out the classes of Quarkus' own class loader, most of an application. RELAIS_CDS=off: none.
CDS_DIR="$STATE/cds"
CDS_DUMP_SECONDS=40

# The archive of SERVICE for the jars built now and this JDK: a rebuild or a JDK upgrade names another one (the JVM
# would refuse the old one and start without).
cds_archive() {
  local java
  java="$(readlink -f "$(command -v java)")"
  echo "$CDS_DIR/$1-$(stat -c %Y "$(jar_of "$1")")-$(stat -c %Y "$java").jsa"
}

# The JVM options of process NAME of SERVICE: map its archive, or write one at exit when there is none yet.
cds_options() {
  local s="$1" name="$2" archive
  rm -f "$RUN/$name.cds"
  [[ "${RELAIS_CDS:-on}" != off ]] || return 0
  archive="$(cds_archive "$s")"
  if [[ -f "$archive" ]]; then
    echo "-XX:SharedArchiveFile=$archive"
    return 0
  fi
  # One process per service writes it (a cluster's first instance): eight dumps at once would outlast a stop's grace.
  [[ "$name" == "$s" || "$name" == "$s-1" ]] || return 0
  mkdir -p "$CDS_DIR"
  # Older builds' archives, and what a killed process left, go.
  find "$CDS_DIR" -maxdepth 1 -name "$s-*.jsa*" ! -name "${archive##*/}*" -delete
  echo "$archive" >"$RUN/$name.cds"
  # The dump's hundreds of "Skipping ... not linked" warnings would drown the service's log.
  echo "-XX:ArchiveClassesAtExit=$archive.$name.part -Xlog:cds*=error"
}

# Whether process NAME writes an archive when it exits.
cds_dumping() { [[ -f "$RUN/$1.cds" ]]; }

# cds_settle NAME [KILLED]: after process NAME ended, the archive it wrote takes its place (a rename, so a starting
# process maps a whole one or none) unless it was killed (a cut-short file is no archive).
cds_settle() {
  local name="$1" killed="${2:-}" archive
  cds_dumping "$name" || return 0
  archive="$(cat "$RUN/$name.cds")"
  rm -f "$RUN/$name.cds"
  if [[ -z "$killed" && -s "$archive.$name.part" ]]; then
    mv -f "$archive.$name.part" "$archive"
  fi
  rm -f "$archive.$name.part"
}

jars_stale() {
  local s jar
  for s in "${SERVICES[@]}"; do
    jar="$(jar_of "$s")"
    [[ -f "$jar" ]] || return 0
    # Any source or pom newer than the jar means a rebuild: the service's own, and the modules it embeds.
    if [[ -n "$(find "$ROOT/$s/src" "$ROOT/$s/pom.xml" "$ROOT"/{tokens,events,common,outbox}/{src,pom.xml} "$ROOT/pom.xml" \
      -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}

build_jars() {
  if jars_stale; then
    say "building the services (mvn package, tests skipped: 'deploy/relais test' runs them)"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl "events,$(IFS=,; echo "${SERVICES[*]}")" -am) \
      >"$LOGS/build.log" 2>&1 || die "build failed, see $LOGS/build.log"
  fi
}

# --- where the gateway listens

# The process that takes the gateway's port: the gateway, or HAProxy in front of a cluster's gateways.
front_process() { if [[ -n "$CLUSTER" ]]; then echo haproxy; else echo gateway; fi; }

# The address the running gateway was started on (127.0.0.1 unless `up --listen` said otherwise).
gateway_listen() {
  local f="$RUN/gateway.listen"
  if [[ -s "$f" ]] && is_running "$(front_process)"; then cat "$f"; else echo "$LOOPBACK"; fi
}

is_loopback() { [[ "$1" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ || "$1" == ::1 || "$1" == localhost ]]; }

# An address this machine reaches a server on, in URL form: a wildcard is reached on loopback.
reach_address() {
  case "$1" in
    0.0.0.0) echo "$LOOPBACK" ;;
    ::|::0) echo "[::1]" ;;
    *:*) echo "[$1]" ;;
    *) echo "$1" ;;
  esac
}

# host:port of a service, as this machine reaches it
service_address() {
  if [[ "$1" == gateway ]]; then echo "$(reach_address "$(gateway_listen)"):${PORT[gateway]}"; else echo "$LOOPBACK:${PORT[$1]}"; fi
}

gateway_url() { echo "http://$(service_address gateway)"; }

valid_listen() { [[ "$1" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || "$1" =~ ^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$ || "$1" == localhost ]]; }

# PORT: the gateway's port is asked where the gateway listens, every other one on loopback.
healthy() {
  local host="$LOOPBACK"
  [[ "$1" == "${PORT[gateway]}" ]] && host="$(reach_address "$(gateway_listen)")"
  curl -fs -o /dev/null --max-time 2 "http://$host:$1/q/health/ready"
}

# start_service SERVICE [LISTEN [NAME PORT]]: LISTEN (the gateway's only) is the address it opens on, loopback by
# default. NAME and PORT start one instance of a cluster (the process NAME on PORT, always on loopback: HAProxy opens
# the platform on LISTEN).
start_service() {
  local s="$1" listen="${2:-$LOOPBACK}" name="${3:-$1}" port="${4:-${PORT[$1]}}" bind profile=prod,local env=() options=()
  if is_running "$name"; then
    return 0
  fi
  [[ "$s" == gateway || "$listen" == "$LOOPBACK" ]] || die "only the gateway listens beyond loopback"
  bind="$listen"
  [[ "$name" == "$s" ]] || bind="$LOOPBACK"
  if port_open "$LOOPBACK" "$port" || port_open "$(reach_address "$bind" | tr -d '[]')" "$port"; then
    die "port $port is taken by another process: cannot start $name"
  fi
  if [[ "$s" == gateway ]]; then
    if is_loopback "$listen"; then
      # The local sign-in page mints tokens with the launcher's private key: only a gateway nobody else reaches
      # gets it (the gateway also refuses to start its sign-in beyond loopback, and refuses other callers).
      env+=("RELAIS_DEV_LOGIN_KEY=$KEYS/jwt-private.pem")
    else
      # Open to the network: production settings only, no local sign-in.
      profile=prod
    fi
    [[ "$name" == "$s" ]] && echo "$listen" >"$RUN/gateway.listen"
    if [[ "$name" != "$s" ]]; then
      # Behind HAProxy: the caller is the one HAProxy names in X-Forwarded-For (the rate limit's key for anonymous
      # callers, and the local sign-in's loopback check), trusted from loopback only.
      options+=(-Dquarkus.http.proxy.proxy-address-forwarding=true -Dquarkus.http.proxy.allow-x-forwarded=true
        -Dquarkus.http.proxy.enable-trusted-proxies=true -Dquarkus.http.proxy.trusted-proxies=127.0.0.1)
    fi
    # The services of this platform, whichever ports it has (HAProxy's, in front of a cluster's instances).
    env+=("RELAIS_UPSTREAM_CAPACITY=http://$LOOPBACK:${PORT[capacity-service]}"
      "RELAIS_UPSTREAM_REFERRAL=http://$LOOPBACK:${PORT[referral-service]}"
      "RELAIS_UPSTREAM_PATROL=http://$LOOPBACK:${PORT[patrol-service]}")
  else
    options+=("-Drelais.db.name=$(database_of "$s")")
  fi
  say "starting $name on $bind:$port"
  # The previous start's log is kept beside the new one: a restart after a failed start must not erase why it failed.
  [[ -f "$LOGS/$name.log" ]] && mv -f "$LOGS/$name.log" "$LOGS/$name.previous.log"
  # Profiles "prod,local": production settings, plus what only a local platform has (a loopback gateway's sign-in).
  options+=($(cds_options "$s" "$name"))
  nohup setsid env ${env[@]+"${env[@]}"} bash -c 'exec "$@"' _ java $SERVICE_JAVA_OPTS $CLUSTER_JVM_OPTS -Dquarkus.profile="$profile" \
    -D"$(process_marker "$name")" -Dquarkus.http.host="$bind" -Dquarkus.http.port="$port" ${options[@]+"${options[@]}"} \
    -jar "$(jar_of "$s")" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
  disown $!
}

# wait_healthy NAME [PORT]: waits until the service process answers ready. A service that exited, or is not ready
# after 90 s (CLUSTER_START_SECONDS on a cluster), fails the command with the end of its log, so that a failed start
# (a CI run's above all) says why without another run.
wait_healthy() {
  local s="$1" port="${2:-${PORT[$1]}}" limit=90
  [[ -z "$CLUSTER" ]] || limit="$CLUSTER_START_SECONDS"
  local deadline=$((SECONDS + limit))
  until healthy "$port"; do
    if ! pid_alive "$s" || ((SECONDS >= deadline)); then
      say "$s $(pid_alive "$s" && echo "did not come up within ${limit}s" || echo "exited before it was ready"); the end of $LOGS/$s.log:"
      tail -n 40 "$LOGS/$s.log" 2>/dev/null | sed 's/^/  | /' >&2 || true
      die "$s did not start (see deploy/relais logs)"
    fi
    sleep 0.5
  done
}

seed() {
  local marker="$STATE/seeded"
  [[ -f "$marker" ]] && return 0
  if [[ -x "$DEPLOY/seed/load" ]]; then
    say "loading seed data"
    local ids operator_args=() id
    ids="$(node -e 'for (const f of require(process.argv[1])) console.log(f.id)' "$DEPLOY/seed/facilities.json")"
    for id in $ids; do operator_args+=(--facility "$id"); done
    RELAIS_ADMIN_TOKEN="$(token admin --subject seed-loader)" \
    RELAIS_OPERATOR_TOKEN="$(token operator "${operator_args[@]}" --subject seed-loader)" \
      "$DEPLOY/seed/load" "$(gateway_url)" >"$LOGS/seed.log" 2>&1 || die "seed failed, see $LOGS/seed.log"
  fi
  touch "$marker"
}

prepare_state() { mkdir -p "$RUN" "$LOGS"; }

infra() {
  prepare_state
  ensure_postgres
  ensure_databases
  ensure_kafka
  ensure_topics
}

# --listen ADDR (the address the gateway opens on) from the arguments of up and restart; loopback without it.
# --cluster (up's only, when ALLOW_CLUSTER is set) sets WANT_CLUSTER.
listen_option() {
  local listen="$LOOPBACK"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --listen)
        listen="${2:-}"
        valid_listen "$listen" || die "--listen takes an IP address of this machine (e.g. 0.0.0.0 or 192.168.1.20), got '$listen'"
        shift 2 ;;
      --cluster) [[ -n "${ALLOW_CLUSTER:-}" ]] || die "--cluster is an option of up"; shift ;;
      *) die "unknown option $1 (see deploy/relais help)" ;;
    esac
  done
  echo "$listen"
}

# A single platform and a cluster use the same ports: one becomes the other only after `down`.
choose_topology() {
  local want="" arg
  for arg in "$@"; do [[ "$arg" == --cluster ]] && want=1; done
  if [[ -n "$want" && -z "$CLUSTER" ]]; then
    is_running "$(front_process)" || is_running kafka \
      && die "this platform runs as a single one: $(launcher_command) down, then up --cluster"
    touch "$CLUSTER_MARKER"
    apply_topology
  elif [[ -z "$want" && -n "$CLUSTER" ]]; then
    say "this platform is a cluster (up --cluster): starting what of it is stopped"
  fi
}

up() {
  local s listen url
  listen="$(ALLOW_CLUSTER=1 listen_option "$@")"
  prepare_state
  choose_topology "$@"
  if is_running "$(front_process)" && [[ "$(gateway_listen)" != "$listen" ]]; then
    die "the gateway already runs on $(gateway_listen): deploy/relais restart gateway$([[ "$listen" != "$LOOPBACK" ]] && echo " --listen $listen") moves it"
  fi
  build_jars
  infra
  service_environment
  if [[ -n "$CLUSTER" ]]; then
    up_cluster_services "$listen"
  else
    for s in "${SERVICES[@]}"; do
      if ! is_running "$s"; then
        if [[ "$s" == gateway ]]; then start_service "$s" "$listen"; else start_service "$s"; fi
      fi
    done
    for s in "${SERVICES[@]}"; do wait_healthy "$s"; done
  fi
  seed
  url="$(gateway_url)"
  cat <<EOF

Relais is up$([[ "$PLATFORM" == live ]] || echo " (the $PLATFORM platform)")$([[ -z "$CLUSTER" ]] || echo ", as a cluster: $BROKERS brokers, $INSTANCES instances of each service behind HAProxy").
  Coordinator dashboard  $url/
  Patrol view            $url/patrol
  Operator page          $url/operator
  Live capacity (JSON)   $url/api/capacity
  Live capacity (SSE)    $url/api/capacity/stream
  OpenAPI                $url/q/openapi  (and http://$LOOPBACK:${PORT[capacity-service]}, :${PORT[referral-service]}, :${PORT[patrol-service]})
  Kafka                  $KAFKA_BOOTSTRAP_SERVERS
  PostgreSQL             $RELAIS_DB_HOST:$RELAIS_DB_PORT
EOF
  listen_notice
  echo "Stop with: $(launcher_command) down"
}

# How a person calls this launcher for this platform.
launcher_command() {
  if [[ "$PLATFORM" == live ]]; then echo "deploy/relais"; else echo "RELAIS_PLATFORM=$PLATFORM deploy/relais"; fi
}

# What opening the gateway means, said where it is done.
listen_notice() {
  local listen
  listen="$(gateway_listen)"
  if is_loopback "$listen"; then
    echo "Everything listens on this machine only ($listen). Sign in on $(gateway_url)/login/."
    return 0
  fi
  cat <<EOF
The gateway listens on $listen:${PORT[gateway]}, reachable from the network, over plain HTTP (put TLS in front of it
beyond a trusted network). The services, Kafka and PostgreSQL stay on this machine.
An open gateway has no local sign-in: give each person a token, to paste on the page /login/:
  $(launcher_command) token coordinator
  $(launcher_command) token patrol --patrol ID
  $(launcher_command) token operator --facility ID [--facility ID]...
  $(launcher_command) token admin
(a token lasts 12 h: --ttl SECONDS changes it, --subject NAME tells people apart in the audit trail)
EOF
}

down() {
  # HAProxy first: no request goes to an instance that is stopping.
  [[ -z "$CLUSTER" ]] || stop_process haproxy
  # shellcheck disable=SC2046 # one word per process name
  stop_processes $(service_processes)
  rm -f "$RUN/gateway.listen"
  # shellcheck disable=SC2046
  stop_processes $(broker_processes)
  stop_postgres
  # The next `up` chooses again; the cluster's broker data stays for an `up --cluster` after it.
  rm -f "$CLUSTER_MARKER"
}

status() {
  local s pid health
  printf '%-18s %-8s %-8s %s\n' PROCESS PID PORT STATE
  if [[ -n "$CLUSTER" ]]; then
    status_cluster
    return 0
  fi
  for s in kafka postgres "${SERVICES[@]}"; do
    pid="-"; health="stopped"
    if [[ "$s" == postgres ]]; then
      if [[ -f "$(pidfile postgres)" ]]; then pid="$(cat "$(pidfile postgres)")"; health=running; fi
      pg_answers && [[ "$health" == stopped ]] && health="external (answers at $RELAIS_DB_HOST:$RELAIS_DB_PORT)"
      printf '%-18s %-8s %-8s %s\n' "$s" "$pid" "$RELAIS_DB_PORT" "$health"
      continue
    fi
    if is_running "$s"; then
      pid="$(cat "$(pidfile "$s")")"
      health=running
      if [[ -n "${PORT[$s]:-}" ]]; then healthy "${PORT[$s]}" && health="running, ready" || health="running, not ready"; fi
      if [[ "$s" == gateway ]] && ! is_loopback "$(gateway_listen)"; then
        health+=", open on $(gateway_listen) (no local sign-in)"
      fi
    fi
    printf '%-18s %-8s %-8s %s\n' "$s" "$pid" "${PORT[$s]:-$KAFKA_PORT}" "$health"
  done
}

logs() {
  local s="${1:-}"
  if [[ -z "$s" ]]; then
    ls -1 "$LOGS"
    return 0
  fi
  [[ -f "$LOGS/$s.log" ]] || die "no log for $s (have: $(ls "$LOGS" | tr '\n' ' '))"
  if [[ -t 1 ]]; then tail -n 200 -F "$LOGS/$s.log"; else cat "$LOGS/$s.log"; fi
}

restart() {
  local s="${1:-}" listen
  [[ -n "${PORT[$s]:-}" ]] || die "restart takes one of: ${SERVICES[*]}"
  shift
  listen="$(listen_option "$@")"
  [[ "$s" == gateway || "$listen" == "$LOOPBACK" ]] || die "only the gateway listens beyond loopback"
  prepare_state
  service_environment
  if [[ -n "$CLUSTER" ]]; then
    [[ "$s" != gateway || "$listen" == "$(gateway_listen)" ]] \
      || die "a cluster's gateway address is HAProxy's: $(launcher_command) down, then up --cluster --listen $listen"
    restart_instances "$s" "$(gateway_listen)"
    return 0
  fi
  stop_process "$s"
  start_service "$s" "$listen"
  wait_healthy "$s"
  if [[ "$s" == gateway ]]; then listen_notice; fi
}
