#!/bin/bash
# relais/kafka entrypoint: a throwaway single-node Kafka (KRaft: broker and controller in one process) for tests,
# meant for `docker run --network host`. Same settings as the launcher's own broker (kafka_config in deploy/relais).
#
#   KAFKA_PORT             broker (PLAINTEXT) port, default 9092: pick one nothing else on the host uses
#   KAFKA_CONTROLLER_PORT  controller port, default 9093: idem
#   KAFKA_HOST             address both listen on and the broker advertises, default 127.0.0.1
#   KAFKA_NODE_ID          default 1
#   KAFKA_CLUSTER_ID       default: a new random one at the first start
#   KAFKA_HEAP_OPTS        default -Xms64m -Xmx512m
#   KAFKA_JVM_OPTS         default -XX:+UseSerialGC -XX:TieredStopAtLevel=1 (a quick start on a small machine)
#   KAFKA_CFG_<NAME>       any broker setting, NAME upper-cased with dots as underscores, e.g.
#                          KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE=false; these come last, so they win
#
# Storage is formatted at the first start. Kafka prints "Kafka Server started" when the broker is ready: the line
# to wait for.
set -euo pipefail

: "${KAFKA_HOST:=127.0.0.1}" "${KAFKA_PORT:=9092}" "${KAFKA_CONTROLLER_PORT:=9093}" "${KAFKA_NODE_ID:=1}"
: "${KAFKA_HEAP_OPTS:=-Xms64m -Xmx512m}" "${KAFKA_JVM_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
KAFKA_HOME=/opt/kafka
STATE=/var/lib/kafka
CONFIG="$STATE/server.properties"

# shellcheck disable=SC2206 # the option lists are split on spaces, as Kafka's own scripts do
JAVA=(java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$KAFKA_HOME/log4j2.properties" -cp "$KAFKA_HOME/libs/*")

# KAFKA_CFG_LOG_RETENTION_MS=1000 -> log.retention.ms=1000
extra_settings() {
  local name
  for name in $(compgen -e | grep '^KAFKA_CFG_' || true); do
    printf '%s=%s\n' "$(tr 'A-Z_' 'a-z.' <<<"${name#KAFKA_CFG_}")" "${!name}"
  done
}

write_config() {
  cat >"$CONFIG" <<PROPERTIES
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
log.dirs=$STATE/data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.segment.bytes=67108864
log.retention.hours=168
PROPERTIES
  extra_settings >>"$CONFIG"
}

# A Kafka cluster id is 16 random bytes in URL-safe base64 without padding; one starting with "-" would read as an
# option on a command line, so Kafka never makes one, nor does this. Made here to spare a JVM start.
random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [[ "$id" != -* ]] && { echo "$id"; return 0; }
  done
}

format_storage() {
  [[ -f "$STATE/data/meta.properties" ]] && return 0
  "${JAVA[@]}" kafka.tools.StorageTool format --standalone -t "${KAFKA_CLUSTER_ID:-$(random_cluster_id)}" -c "$CONFIG" \
    >"$STATE/format.log" 2>&1 || { cat "$STATE/format.log"; exit 1; }
}

write_config
format_storage
echo "relais-kafka: starting on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT)"
# exec: the JVM is pid 1, so docker stop's SIGTERM reaches Kafka's shutdown hook (a controlled shutdown).
exec "${JAVA[@]}" kafka.Kafka "$CONFIG"
