# shellcheck shell=bash
# deploy/relais, the cluster topology (`up --cluster`): three Kafka brokers, two instances of every service, and
# HAProxy in front of them on the platform's usual ports, all on this machine.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.
#
# Ports (the test platform adds 10000): brokers on 9092, 9094 and 9096 (controllers one above each); instance I of
# a service on its usual port + 100 * I (capacity-service 8181 and 8281, the gateways 8180 and 8280); HAProxy takes
# the usual ports 8080-8083, so that whatever talks to a single platform (pages, tools, tests) talks to the cluster
# unchanged, and the gateways forward to both instances of each service through it, as a Kubernetes Service would.

BROKERS=3
INSTANCES=2
KAFKA_CLUSTER_STATE="$STATE/kafka-cluster"
# How long a cluster's broker or instance may take to start: eleven JVMs share this machine's cores, and under chaos
# a restarted broker took up to 43 s, an instance up to 68 s (a single platform's services get 90 s).
CLUSTER_START_SECONDS=150
# The marker that tells every later command (down, status, logs, restart) that this platform runs as a cluster.
CLUSTER_MARKER="$STATE/cluster"

broker_name() { echo "kafka-$1"; }
broker_port() { echo $((KAFKA_PORT + 2 * ($1 - 1))); }
broker_controller_port() { echo $((KAFKA_CONTROLLER_PORT + 2 * ($1 - 1))); }

# The brokers' processes, or the lone broker's.
broker_processes() {
  local i
  if [[ -z "$CLUSTER" ]]; then echo kafka; return 0; fi
  for i in $(seq 1 "$BROKERS"); do broker_name "$i"; done
}

instance_port() { echo $((PORT[$1] + 100 * $2)); }

# instances_of SERVICE: the processes that run SERVICE (SERVICE itself on a single platform).
instances_of() {
  local i
  if [[ -z "$CLUSTER" ]]; then echo "$1"; return 0; fi
  for i in $(seq 1 "$INSTANCES"); do echo "$1-$i"; done
}

# The port of a service process: an instance's own, or the service's.
process_port() {
  local name="$1" s
  for s in "${SERVICES[@]}"; do
    if [[ "$name" =~ ^$s-([0-9]+)$ ]]; then instance_port "$s" "${BASH_REMATCH[1]}"; return 0; fi
  done
  echo "${PORT[$name]}"
}

# Every service process of this platform, in start order.
service_processes() {
  local s
  for s in "${SERVICES[@]}"; do instances_of "$s"; done
}

# Applied after select_platform and after `up --cluster` writes the marker: the services reach all three brokers.
apply_topology() {
  CLUSTER=""
  [[ -f "$CLUSTER_MARKER" ]] && CLUSTER=1
  TOPIC_MIN_ISR=1
  CLUSTER_JVM_OPTS=""
  if [[ -n "$CLUSTER" ]]; then
    # Eleven JVMs on one machine: a restarted instance or broker spends most of its start compiling code that the
    # quick C1 compiler alone makes fast enough for this load; without C2, a start takes about a third less CPU (a
    # restart under chaos 40-80 s before on two cores). Real clusters run one JVM per node and keep the default.
    CLUSTER_JVM_OPTS="${RELAIS_CLUSTER_JVM_OPTS--XX:TieredStopAtLevel=1}"
    local i servers=()
    for i in $(seq 1 "$BROKERS"); do servers+=("$KAFKA_HOST:$(broker_port "$i")"); done
    KAFKA_BOOTSTRAP_SERVERS="$(IFS=,; echo "${servers[*]}")"
    # Every partition on all three brokers; a write is acknowledged once two hold it, so one broker may be lost.
    TOPIC_REPLICATION=3
    TOPIC_MIN_ISR=2
    export KAFKA_BOOTSTRAP_SERVERS
  fi
}

# --- brokers

ensure_kafka_cluster() {
  local i name dir port voters=() id started=()
  kafka_libs
  mkdir -p "$KAFKA_CLUSTER_STATE"
  for i in $(seq 1 "$BROKERS"); do voters+=("$i@$KAFKA_HOST:$(broker_controller_port "$i")"); done
  # One cluster id for the three, kept so that brokers formatted earlier keep finding each other.
  [[ -s "$KAFKA_CLUSTER_STATE/cluster-id" ]] || kafka_cluster_id >"$KAFKA_CLUSTER_STATE/cluster-id"
  id="$(cat "$KAFKA_CLUSTER_STATE/cluster-id")"
  for i in $(seq 1 "$BROKERS"); do
    name="$(broker_name "$i")"
    port="$(broker_port "$i")"
    is_running "$name" && continue
    port_open "$KAFKA_HOST" "$port" && die "something this launcher did not start listens on $KAFKA_HOST:$port: $name needs it"
    dir="$KAFKA_CLUSTER_STATE/broker-$i"
    mkdir -p "$dir"
    kafka_config "$dir" "$i" "$port" "$(broker_controller_port "$i")" \
      "controller.quorum.voters=$(IFS=,; echo "${voters[*]}")" "$BROKERS" 2
    if [[ ! -f "$dir/data/meta.properties" ]]; then
      kafka_java kafka-format kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" \
        >"$LOGS/$name-format.log" 2>&1 || die "could not format $name's storage, see $LOGS/$name-format.log"
    fi
    start_broker "$name" "$dir" "$port"
    started+=("$i")
  done
  # Started together: a broker is up only once a majority of the controllers has formed the quorum.
  for i in ${started[@]+"${started[@]}"}; do
    wait_until "$(broker_name "$i")" 90 kafka_started "$(broker_name "$i")" "$(broker_port "$i")"
  done
}

# Starts one stopped broker again (chaos, or a broker that died): its settings and data are where `up` left them.
start_cluster_broker() {
  local i="$1"
  is_running "$(broker_name "$i")" && return 0
  start_broker "$(broker_name "$i")" "$KAFKA_CLUSTER_STATE/broker-$i" "$(broker_port "$i")"
  wait_until "$(broker_name "$i")" "$CLUSTER_START_SECONDS" kafka_started "$(broker_name "$i")" "$(broker_port "$i")"
}

# --- the load balancer

ensure_haproxy_installed() {
  command -v haproxy >/dev/null && return 0
  [[ "$(id -u)" == 0 ]] || die "the cluster needs HAProxy: apt-get install --no-install-recommends haproxy (as root)"
  say "installing haproxy (Debian package, its system service left stopped)"
  apt_install_without_services haproxy >"$LOGS/haproxy-install.log" 2>&1 \
    || die "could not install haproxy, see $LOGS/haproxy-install.log"
  if command -v systemctl >/dev/null; then systemctl disable --quiet haproxy.service >/dev/null 2>&1 || true; fi
}

# One frontend per public port; each backend health-checks its instances on /q/health/ready, so a stopped or
# unready instance gets no request. A stopped one is out at its next check (connection refused); a slow answer is
# waited for 5 s (timeout check): with the check interval's 1 s, a loaded machine's instances were both taken out at
# once while serving (chaos --cluster saw "no server available"). Retries and the dead-instance timing stay as they were. Timeouts are an hour for client, server and tunnel alike: live-board and patrol
# streams are long responses with a keep-alive comment every few seconds. Retried on the other instance: a request
# whose connection failed (it never reached a service), and a GET whose instance closed with no answer (a read);
# never a write that reached a service, so none can be applied twice.
haproxy_config() {
  local listen="$1" s i bind
  cat <<CFG
global
    # Each connection costs two descriptors (client and server side): within the usual limit of a shell's 20000.
    maxconn 8000
    log stderr format short local0 notice
defaults
    mode http
    log global
    option httplog
    # Callers from other machines are named to the gateways (rate limits per address); a caller on this machine is
    # not, so that the gateways' local sign-in, which refuses any relayed request, answers a browser here on :8080.
    option forwardfor except 127.0.0.0/8
    option redispatch
    retries 2
    retry-on conn-failure empty-response
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout http-request 30s
    # Above the gateways' own keep-alive (20 s): an idle connection is closed by the gateway, never under a request.
    timeout http-keep-alive 60s
    timeout check 5s
    default-server inter 1s fall 2 rise 1
CFG
  for s in "${SERVICES[@]}"; do
    bind="$LOOPBACK:${PORT[$s]}"
    [[ "$s" == gateway ]] && bind="$(reach_address "$listen" | tr -d '[]'):${PORT[$s]}"
    cat <<CFG
frontend $s
    bind $bind
    default_backend $s
backend $s
    balance leastconn
    http-request disable-l7-retry if !METH_GET
    option httpchk GET /q/health/ready
    http-check expect status 200
CFG
    for i in $(seq 1 "$INSTANCES"); do
      echo "    server $s-$i $LOOPBACK:$(instance_port "$s" "$i") check"
    done
  done
}

ensure_haproxy() {
  local listen="$1" s
  is_running haproxy && return 0
  ensure_haproxy_installed
  for s in "${SERVICES[@]}"; do
    port_open "$LOOPBACK" "${PORT[$s]}" && die "port ${PORT[$s]} is taken by another process: HAProxy cannot take it"
  done
  haproxy_config "$listen" >"$RUN/haproxy.cfg"
  haproxy -c -q -f "$RUN/haproxy.cfg" >"$LOGS/haproxy.log" 2>&1 || die "HAProxy refuses its settings, see $LOGS/haproxy.log"
  echo "$listen" >"$RUN/gateway.listen"
  say "starting haproxy on ${PORT[gateway]} ($listen) and ${PORT[capacity-service]}-${PORT[patrol-service]} ($LOOPBACK)"
  STARTED_HERE+=(haproxy)
  # The marker in argv[0], where is_running looks for it: HAProxy takes no argument of ours.
  nohup setsid bash -c 'exec -a "haproxy $1" haproxy -db -f "$2"' _ "$(process_marker haproxy)" "$RUN/haproxy.cfg" \
    >>"$LOGS/haproxy.log" 2>&1 </dev/null &
  echo $! >"$(pidfile haproxy)"
  disown $!
}

# The gateways and services forward through HAProxy's ports: a Kubernetes Service's job here. The first instance of
# every service starts (and migrates its database) before the second ones: half as many JVMs starting at once on a
# small machine, and the second instances start on a migrated schema, as in a rolling update.
up_cluster_services() {
  local listen="$1" s i
  for i in $(seq 1 "$INSTANCES"); do
    for s in "${SERVICES[@]}"; do
      if [[ "$s" == gateway ]]; then
        start_service "$s" "$listen" "$s-$i" "$(instance_port "$s" "$i")"
      else
        start_service "$s" "$LOOPBACK" "$s-$i" "$(instance_port "$s" "$i")"
      fi
    done
    for s in "${SERVICES[@]}"; do wait_healthy "$s-$i" "$(instance_port "$s" "$i")"; done
  done
  ensure_haproxy "$listen"
  for s in "${SERVICES[@]}"; do
    wait_until "HAProxy's $s frontend" 30 front_ready "${PORT[$s]}"
  done
}

# A frontend answers ready; HAProxy having exited fails the command at once, with its log.
front_ready() {
  if ! is_running haproxy; then
    tail -n 20 "$LOGS/haproxy.log" | sed 's/^/  | /' >&2
    die "haproxy exited (see $LOGS/haproxy.log)"
  fi
  healthy "$1"
}

# restart SERVICE on a cluster: one instance after the other, each ready again before the next stops (a rolling
# restart: the other instance serves meanwhile).
restart_instances() {
  local s="$1" listen="$2" i
  [[ "$s" == gateway ]] || listen="$LOOPBACK"
  for i in $(seq 1 "$INSTANCES"); do
    stop_process "$s-$i"
    start_service "$s" "$listen" "$s-$i" "$(instance_port "$s" "$i")"
    wait_healthy "$s-$i" "$(instance_port "$s" "$i")"
  done
}

# status on a cluster: each broker, PostgreSQL, HAProxy with each frontend's readiness, each instance.
status_cluster() {
  local name pid health port s
  for name in $(broker_processes) postgres haproxy $(service_processes); do
    pid="-"; health=stopped; port=""
    case "$name" in
      kafka-*) port="$(broker_port "${name#kafka-}")" ;;
      postgres) port="$RELAIS_DB_PORT" ;;
      haproxy) port="${PORT[gateway]}" ;;
      *) port="$(process_port "$name")" ;;
    esac
    if [[ "$name" == postgres ]]; then
      if [[ -f "$(pidfile postgres)" ]]; then pid="$(cat "$(pidfile postgres)")"; health=running; fi
      pg_answers && [[ "$health" == stopped ]] && health="external (answers at $RELAIS_DB_HOST:$RELAIS_DB_PORT)"
    elif is_running "$name"; then
      pid="$(cat "$(pidfile "$name")")"
      health=running
      case "$name" in
        kafka-*) ;;
        haproxy)
          health+=", ready on"
          for s in "${SERVICES[@]}"; do healthy "${PORT[$s]}" && health+=" ${PORT[$s]}"; done ;;
        *) healthy "$port" && health="running, ready" || health="running, not ready" ;;
      esac
    fi
    printf '%-18s %-8s %-8s %s\n' "$name" "$pid" "$port" "$health"
  done
}
