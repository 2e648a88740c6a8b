# shellcheck shell=bash
# deploy/relais, Kafka (KRaft) from Maven Central artifacts, and the topics.
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

KAFKA_STATE="$STATE/kafka"

kafka_libs() {
  if [[ ! -f "$KAFKA_LIBS/.complete" ]]; then
    say "fetching Apache Kafka from Maven Central"
    mkdir -p "$KAFKA_LIBS"
    mvn -B -q -f "$DEPLOY/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" \
      -DincludeScope=runtime >"$LOGS/kafka-fetch.log" 2>&1 || die "could not fetch Kafka, see $LOGS/kafka-fetch.log"
    touch "$KAFKA_LIBS/.complete"
  fi
}

kafka_java() {
  local name="$1"
  shift
  java ${KAFKA_HEAP_OPTS:--Xms64m -Xmx512m} $CLUSTER_JVM_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DEPLOY/kafka/log4j2.properties" -D"$(process_marker "$name")" \
    -cp "$KAFKA_LIBS/*" "$@"
}

# kafka_config DIR NODE_ID PORT CONTROLLER_PORT QUORUM REPLICATION MIN_ISR: one broker's settings. QUORUM is the line
# that finds the controllers (a bootstrap address for the lone broker, the static voters of a cluster); REPLICATION
# and MIN_ISR are those of the broker's own topics and the default for others.
kafka_config() {
  local dir="$1" node="$2" port="$3" controller_port="$4" quorum="$5" replication="$6" min_isr="$7"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$node
listeners=PLAINTEXT://$KAFKA_HOST:$port,CONTROLLER://$KAFKA_HOST:$controller_port
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
$quorum
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=6
default.replication.factor=$replication
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$replication
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=$replication
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$replication
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.segment.bytes=67108864
log.retention.hours=168
EOF
}

# A cluster id as `kafka-storage random-uuid` makes one (16 random bytes, base64url without padding), made here: the
# tool costs a JVM start, and it printed a log line along with the id, which then became part of the id.
kafka_cluster_id() {
  local id=""
  until [[ "$id" =~ ^[A-Za-z0-9_][A-Za-z0-9_-]{21}$ ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  echo "$id"
}

# kafka_started NAME PORT: the broker NAME logged its start and answers on PORT.
kafka_started() { grep -q "Kafka Server started" "$LOGS/$1.log" 2>/dev/null && port_open "$KAFKA_HOST" "$2"; }

ensure_kafka() {
  if [[ -n "$CLUSTER" ]]; then
    ensure_kafka_cluster
    return 0
  fi
  if is_running kafka; then
    return 0
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    # The test platform's broker is its own: its topics start empty at each run, and chaos kills it.
    [[ "$PLATFORM" == live ]] || die "something this launcher did not start listens on $KAFKA_HOST:$KAFKA_PORT: \
the test platform needs that port for its own broker"
    say "something already listens on $KAFKA_HOST:$KAFKA_PORT: using it as the Kafka broker"
    return 0
  fi
  kafka_libs
  mkdir -p "$KAFKA_STATE"
  kafka_config "$KAFKA_STATE" 1 "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" \
    "controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT" 1 1
  if [[ ! -f "$KAFKA_STATE/data/meta.properties" ]]; then
    kafka_java kafka-format kafka.tools.StorageTool format --standalone -t "$(kafka_cluster_id)" \
      -c "$KAFKA_STATE/server.properties" >"$LOGS/kafka-format.log" 2>&1 || die "could not format Kafka storage, see $LOGS/kafka-format.log"
  fi
  start_broker kafka "$KAFKA_STATE" "$KAFKA_PORT"
  wait_until "Kafka" 60 kafka_started kafka "$KAFKA_PORT"
}

# start_broker NAME DIR PORT: starts the broker whose settings are in DIR, without waiting for it.
start_broker() {
  local name="$1" dir="$2" port="$3"
  say "starting $name on $KAFKA_HOST:$port"
  STARTED_HERE+=("$name")
  : >"$LOGS/$name.log"
  nohup setsid bash -c 'exec "$@"' _ java ${KAFKA_HEAP_OPTS:--Xms64m -Xmx512m} $CLUSTER_JVM_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DEPLOY/kafka/log4j2.properties" -D"$(process_marker "$name")" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
  disown $! # a kill -9 by chaos is expected: no "Killed" notice from this shell
}

# Each topic's tool runs in a JVM of its own: they run side by side (a fresh broker, the test platform's at every run,
# lacks them all), and each one's failure is reported.
ensure_topics() {
  local existing spec name partitions policy configs jobs=() failed=()
  kafka_libs
  existing="$(kafka_java kafka-admin org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list 2>/dev/null || true)"
  for spec in "${TOPICS[@]}"; do
    read -r name partitions policy <<<"$spec"
    configs=(--config "cleanup.policy=$policy" --config "min.insync.replicas=$TOPIC_MIN_ISR")
    [[ "$policy" == compact ]] && configs+=(--config "min.compaction.lag.ms=$COMPACTION_LAG_MS")
    if ! grep -qx "$name" <<<"$existing"; then
      kafka_java kafka-admin org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create \
        --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$TOPIC_REPLICATION" \
        "${configs[@]}" >>"$LOGS/topics.log" 2>&1 &
      jobs+=("$!:create topic $name")
    elif [[ "$policy" == compact ]]; then
      # Topics made by an older launcher (or auto-created) get the lag too; setting it again changes nothing.
      kafka_java kafka-admin kafka.admin.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --alter \
        --entity-type topics --entity-name "$name" --add-config "min.compaction.lag.ms=$COMPACTION_LAG_MS" \
        >>"$LOGS/topics.log" 2>&1 &
      jobs+=("$!:set the compaction lag of topic $name")
    fi
  done
  for spec in ${jobs[@]+"${jobs[@]}"}; do
    wait "${spec%%:*}" || failed+=("${spec#*:}")
  done
  [[ ${#failed[@]} -eq 0 ]] || die "could not $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g'), see $LOGS/topics.log"
}
