# shellcheck shell=bash
# deploy/relais test, the services' container images (the ones deploy/kubernetes runs). Sourced by deploy/lib/test.sh.
#
#   relais/jre:17                 Debian's OpenJDK 17 JRE on relais/debian:bookworm (deploy/containers/jre), built once
#   relais/<service>:<version>    the service's target/quarkus-app in the shape of Quarkus's Dockerfile.jvm
#                                 (deploy/containers/service), built at every run (unchanged layers come from the cache)
#
# Each image is then started once, on the host's network (the private daemon has no bridge) and ports of its own,
# against a throwaway PostgreSQL and Kafka (relais/postgres:15, relais/kafka) also started here, until its
# /q/health/ready answers UP; then everything started here is removed. Nothing of the test platform or of a live
# one is touched. Uses from the launcher: ROOT, DEPLOY, LOGS, CONTAINERS_BUILD, say, die, port_open, docker_build,
# files_digest, image_exists, warn_if_stale, kafka_image, ensure_topics.

JRE_IMAGE=relais/jre:17
IMAGE_SERVICES=(capacity-service referral-service patrol-service gateway)
# Containers of this check carry this label, so that a run stopped half-way has its leftovers removed by the next.
IMAGE_CHECK_LABEL=org.relais.image-check

# The project's version, the tag of the service images (the Kubernetes manifests name relais/<service>:<version>).
project_version() { sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1; }

service_image() { echo "relais/$1:$(project_version)"; }

# A port nothing listens on, from a range the platforms never use.
image_check_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 9000))
    port_open 127.0.0.1 "$p" || { echo "$p"; return 0; }
  done
  die "no free port for the image check"
}

remove_image_check_containers() {
  local ids
  ids="$(docker ps -aq --filter "label=$IMAGE_CHECK_LABEL" 2>/dev/null || true)"
  # shellcheck disable=SC2086 # one id per word
  [[ -z "$ids" ]] || docker rm -f -v $ids >/dev/null 2>&1 || true
}

build_service_images() {
  local s context
  if image_exists "$JRE_IMAGE"; then
    warn_if_stale "$JRE_IMAGE" "$(files_digest "$DEPLOY/containers/jre")"
  else
    docker_build "$JRE_IMAGE" "$(files_digest "$DEPLOY/containers/jre")" "$DEPLOY/containers/jre" "$LOGS/image-jre.log"
  fi
  for s in "${IMAGE_SERVICES[@]}"; do
    [[ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ]] || die "$s is not built (mvn package): no image without its jar"
    # The context: the recipe and the fast-jar folder (hard links where the file system allows, copies otherwise).
    context="$CONTAINERS_BUILD/image-$s"
    rm -rf "$context"
    mkdir -p "$context"
    cp -al "$ROOT/$s/target/quarkus-app/." "$context/" 2>/dev/null || cp -r "$ROOT/$s/target/quarkus-app/." "$context/"
    cp "$DEPLOY/containers/service/Dockerfile" "$context/"
    docker_build "$(service_image "$s")" "$(files_digest "$DEPLOY/containers/service")" "$context" "$LOGS/image-$s.log"
    rm -rf "$context"
  done
}

# Waits for a line in a container's log (its ready line); dies with the log's end when the container stopped.
wait_container_line() {
  local name="$1" line="$2" seconds="$3" deadline=$((SECONDS + $3))
  until docker logs "$name" 2>&1 | grep -q "$line"; do
    if [[ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" != true ]] || ((SECONDS >= deadline)); then
      docker logs --tail 30 "$name" 2>&1 | sed 's/^/  | /' >&2 || true
      die "$name did not print '$line' within ${seconds}s"
    fi
    sleep 0.5
  done
}

# service_images: builds the images, starts each once against a throwaway PostgreSQL and Kafka, and waits until every
# one answers ready; prints how long the start took and each container's memory once ready. In a subshell whose exit
# (a failure's included) removes what it started.
service_images() {
  (
    trap remove_image_check_containers EXIT
    build_service_images
    remove_image_check_containers
    start_service_images
  )
}

start_service_images() {
  local pg kafka controller key secret s started ready=() name port
  local -A port_of
  pg="$(image_check_port)"; kafka="$(image_check_port)"; controller="$(image_check_port)"
  docker run -d --name relais-image-check-postgres --label "$IMAGE_CHECK_LABEL=1" --network host -e PGPORT="$pg" \
    -e POSTGRES_DATABASES="relais_capacity relais_referral relais_patrol" "$POSTGRES_IMAGE" >/dev/null
  docker run -d --name relais-image-check-kafka --label "$IMAGE_CHECK_LABEL=1" --network host -e KAFKA_PORT="$kafka" \
    -e KAFKA_CONTROLLER_PORT="$controller" -e KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE=false "$(kafka_image)" >/dev/null
  wait_container_line relais-image-check-postgres "relais-postgres: ready" 60
  wait_container_line relais-image-check-kafka "Kafka Server started" 60
  # The platform's topics, as the launcher creates them.
  (KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka" TOPIC_REPLICATION=1 TOPIC_MIN_ISR=1 ensure_topics)
  # A key pair and a person-code secret of this check only: the images must start as a cluster would start them.
  key="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout -outform DER 2>/dev/null | base64 -w0)"
  secret="$(head -c 48 /dev/urandom | base64 -w0)"
  for s in "${IMAGE_SERVICES[@]}"; do port_of[$s]="$(image_check_port)"; done
  started="$(date +%s)"
  for s in "${IMAGE_SERVICES[@]}"; do
    local env=(-e QUARKUS_HTTP_HOST=127.0.0.1 -e "QUARKUS_HTTP_PORT=${port_of[$s]}" -e "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$kafka"
      -e "RELAIS_JWT_PUBLIC_KEY=$key" -e RELAIS_TOKEN_ISSUER=relais-image-check)
    case "$s" in
      gateway) env+=(-e "RELAIS_UPSTREAM_CAPACITY=http://127.0.0.1:${port_of[capacity-service]}"
        -e "RELAIS_UPSTREAM_REFERRAL=http://127.0.0.1:${port_of[referral-service]}"
        -e "RELAIS_UPSTREAM_PATROL=http://127.0.0.1:${port_of[patrol-service]}") ;;
      *) env+=(-e RELAIS_DB_HOST=127.0.0.1 -e "RELAIS_DB_PORT=$pg" -e RELAIS_DB_USER=postgres) ;;
    esac
    [[ "$s" == patrol-service ]] && env+=(-e "RELAIS_PERSON_CODE_SECRET=$secret")
    # Restarted when its start fails (the database slow to answer on a busy machine), as a pod's container would be.
    docker run -d --name "relais-image-check-$s" --label "$IMAGE_CHECK_LABEL=1" --network host --memory 640m \
      --restart on-failure:5 \
      "${env[@]}" "$(service_image "$s")" >/dev/null
  done
  say "started ${IMAGE_SERVICES[*]} from their images: waiting for /q/health/ready"
  # A bound for a failure, not a timing: alone on 2 cores the four start in well under a minute; beside other builds
  # (a shared machine) it took up to 4 minutes.
  local deadline=$((SECONDS + 360))
  while ((${#ready[@]} < ${#IMAGE_SERVICES[@]})); do
    for s in "${IMAGE_SERVICES[@]}"; do
      [[ " ${ready[*]} " == *" $s "* ]] && continue
      name="relais-image-check-$s"
      port="${port_of[$s]}"
      if curl -fs --max-time 2 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'; then
        ready+=("$s")
        say "$(service_image "$s") ready after $(($(date +%s) - started)) s ($(docker inspect -f '{{.RestartCount}}' "$name") restarts)"
      elif [[ "$(docker inspect -f '{{.State.Status}}' "$name" 2>/dev/null)" == exited ]] || ((SECONDS >= deadline)); then
        docker logs --tail 40 "$name" 2>&1 | sed 's/^/  | /' >&2 || true
        die "$(service_image "$s") did not answer ready on :$port (its log's end above)"
      fi
    done
    sleep 1
  done
  say "memory of each container once ready (limit 640 MiB, as in deploy/kubernetes/base):"
  docker stats --no-stream --format '  {{.Name}} {{.MemUsage}}' "${IMAGE_SERVICES[@]/#/relais-image-check-}" >&2 || true
}
