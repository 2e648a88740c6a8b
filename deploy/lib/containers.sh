# shellcheck shell=bash
# Container engine for the tests, sourced by deploy/relais: `deploy/relais containers up|down|status|...`.
#
# No container registry is reachable from the machines Relais is tested on, so nothing is pulled: Debian's own
# docker.io runs a private dockerd (its socket, data and state under $CONTAINERS_ROOT, never the system's), and the
# three images the tests use are built here from Debian packages:
#   relais/debian:bookworm   debootstrap --variant=minbase from the mirror in the machine's apt sources, docker import
#   relais/postgres:15       Debian's postgresql-15 (deploy/containers/postgres)
#   relais/kafka:<version>   Debian's JRE + the Kafka jars the launcher fetches from Maven Central (deploy/containers/kafka)
# Images are built once and reused; `containers rebuild` builds them again.
#
# The engine is the machine's, not the clone's: CI runs from a fresh clone every time, and images kept in a clone's
# state folder would be built again (minutes) at every run. One daemon per machine serves every clone; whichever
# launcher started it stops it (and only that one), and a machine-wide lock keeps two launchers from starting two
# daemons on one data root or building one image twice.
#
# The daemon never touches the host's network: no iptables rules, no IP forwarding, no masquerading, no docker0
# bridge. Containers therefore run with `--network host` and listen on 127.0.0.1 on ports of their own.
#
# Uses from deploy/relais: STATE, RUN, LOGS, DEPLOY, say, die, wait_until, pidfile, is_running, kafka_libs,
# KAFKA_STATE (read inside functions only: this file is sourced before deploy/relais defines it) and STARTED_HERE.

# Machine-wide (RELAIS_CONTAINER_ROOT to move it): images, the daemon's socket, pid file and runtime state, the lock.
CONTAINERS_ROOT="${RELAIS_CONTAINER_ROOT:-/var/lib/relais/docker}"
DOCKER_DATA_ROOT="$CONTAINERS_ROOT/data"
DOCKER_RUNTIME="$CONTAINERS_ROOT/run"
DOCKER_SOCKET="$DOCKER_RUNTIME/docker.sock"
DOCKER_EXEC_ROOT="$DOCKER_RUNTIME/exec"
# Written by dockerd itself, which refuses to start while the process it names runs: a second daemon on the same
# data root cannot start, even from a launcher that skipped the lock.
DOCKER_OWN_PIDFILE="$DOCKER_RUNTIME/dockerd.pid"
DOCKER_CONFIG_FILE="$CONTAINERS_ROOT/daemon.json"
CONTAINERS_LOCK="$CONTAINERS_ROOT/lock"
# The clone's own scratch space for image builds (debootstrap's root file system, the Kafka build context).
# shellcheck disable=SC2153 # STATE comes from deploy/relais
CONTAINERS_BUILD="$STATE/container-build"
DEBIAN_SUITE=bookworm
BASE_IMAGE="relais/debian:$DEBIAN_SUITE"
POSTGRES_IMAGE=relais/postgres:15
# Bump when rootfs_slim (or the import below) changes, so that an image built from the older recipe is reported.
BASE_IMAGE_RECIPE=1
RECIPE_LABEL=org.relais.recipe

# What clients (the docker CLI, Testcontainers) need to reach this daemon; exported by containers_environment.
#   DOCKER_HOST                   the private daemon's socket, never the system's /var/run/docker.sock.
#   TESTCONTAINERS_RYUK_DISABLED  Ryuk (the reaper Testcontainers starts beside each test JVM) is an image from Docker
#                                 Hub, which cannot be pulled here; left-over containers go when the daemon stops.
#   TESTCONTAINERS_HOST_OVERRIDE  the containers share the host's network, so their ports are on this machine: without
#                                 it Testcontainers may look for the "bridge" network's gateway, and there is no bridge.
containers_environment() {
  export DOCKER_HOST="unix://$DOCKER_SOCKET"
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  # Which images a test resource starts (with --network host, ports from their environment): see deploy/containers.
  export RELAIS_POSTGRES_IMAGE="$POSTGRES_IMAGE"
  RELAIS_KAFKA_IMAGE="$(kafka_image)"
  export RELAIS_KAFKA_IMAGE
  # A docker context chosen in ~/.docker would fight DOCKER_HOST.
  unset DOCKER_CONTEXT
}

kafka_image() { echo "relais/kafka:$(kafka_version)"; }

# The Kafka version the launcher's recipe fetches (deploy/kafka/pom.xml), so image and local broker never differ.
kafka_version() {
  local v
  v="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$DEPLOY/kafka/pom.xml" | head -1)"
  [[ -n "$v" ]] || die "no <kafka.version> in $DEPLOY/kafka/pom.xml"
  echo "$v"
}

# ---------------------------------------------------------------------------------------------------------
# packages

docker_installed() { command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]]; }
debootstrap_installed() { command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]]; }

missing_container_packages() {
  local missing=()
  docker_installed || missing+=(docker.io)
  debootstrap_installed || missing+=(debootstrap)
  echo "${missing[*]}"
}

ensure_container_packages() {
  local missing
  missing="$(missing_container_packages)"
  [[ -z "$missing" ]] && return 0
  if [[ "$(id -u)" != 0 ]]; then
    die "the container engine needs Debian packages that are missing: $missing.
  Install them as root: apt-get install --no-install-recommends $missing
  (then run deploy/relais containers up as root: dockerd needs root)"
  fi
  say "installing $missing (Debian packages, no service started)"
  # shellcheck disable=SC2086 # one word per package
  apt_install_without_services $missing >"$LOGS/containers-install.log" 2>&1 \
    || die "could not install $missing, see $LOGS/containers-install.log"
  [[ " $missing " == *" docker.io "* ]] && keep_system_docker_off
  return 0
}

# The docker.io package would start the system's dockerd, with its default iptables rules and docker0 bridge: a
# policy-rc.d that answers 101 ("not allowed") keeps every service down during the install (invoke-rc.d and
# deb-systemd-invoke both ask it). A policy already in place (common in containers) is left as it is.
apt_install_without_services() (
  local policy=/usr/sbin/policy-rc.d
  if [[ ! -e "$policy" ]]; then
    trap 'rm -f "$policy"' EXIT
    printf '#!/bin/sh\n# deploy/relais: no service starts while it installs packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)
  # Package lists may be old: on a failure, refresh them once and try again.
  "${apt[@]}" install --no-install-recommends "$@" || { "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "$@"; }
)

# The package also enables the system's docker for the next boot (systemd units, or its SysV script), which would
# then start with docker0 and its iptables rules: the launcher installed it for its private daemon only, so it
# disables that again. `systemctl disable` edits the unit links (and the SysV ones) whether systemd runs or not.
keep_system_docker_off() {
  say "disabling the system docker service the package enabled for the next boot (the launcher runs its own dockerd)"
  if command -v systemctl >/dev/null; then
    systemctl disable --quiet docker.service docker.socket >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null; then
    update-rc.d docker disable >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------------------------------------
# the private daemon

docker_answers() { docker -H "unix://$DOCKER_SOCKET" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

write_daemon_config() {
  # Its own configuration file, so /etc/docker/daemon.json (a system docker's settings) can neither change nor
  # contradict the flags below; the daemon's identity key lives here too instead of /etc/docker/key.json.
  cat >"$DOCKER_CONFIG_FILE" <<EOF
{
  "deprecated-key-path": "$CONTAINERS_ROOT/key.json",
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "2" }
}
EOF
}

# A unix socket path may not exceed 107 bytes; containerd's socket is the longest one under the exec root.
check_socket_paths() {
  local longest="$DOCKER_EXEC_ROOT/containerd/containerd.sock"
  (( ${#longest} <= 100 )) || die "the container root $CONTAINERS_ROOT is too deep for unix sockets ($longest):
  set RELAIS_CONTAINER_ROOT to a shorter path"
}

# The pid in dockerd's own pid file when that process still runs: a daemon on this data root, answering or not.
daemon_on_data_root() {
  local pid
  pid="$(cat "$DOCKER_OWN_PIDFILE" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q dockerd \
    && echo "$pid"
}

# Starts the machine's private dockerd unless one answers on its socket already (another clone's is as good as
# ours). Records it as this launcher's own (pid file in $RUN, marker relais.process=dockerd on its command line) so
# that `containers down` stops exactly that process. Called under the machine-wide lock.
ensure_dockerd() {
  local other
  if docker_answers; then
    return 0
  fi
  if other="$(daemon_on_data_root)"; then
    # Started a moment ago by a launcher that skipped the lock, or hung: never a second daemon on its data root.
    say "dockerd (pid $other) on $CONTAINERS_ROOT does not answer yet: waiting for it"
    wait_until "the dockerd on $DOCKER_SOCKET (pid $other)" 60 docker_answers
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || die "dockerd needs root: run deploy/relais containers up as root (or with sudo)"
  check_socket_paths
  mkdir -p "$DOCKER_DATA_ROOT" "$DOCKER_EXEC_ROOT"
  chmod 711 "$CONTAINERS_ROOT" "$DOCKER_RUNTIME"
  write_daemon_config
  say "starting a private dockerd on $DOCKER_SOCKET (no iptables, no bridge, no IP forwarding; images in $DOCKER_DATA_ROOT)"
  # --iptables=false --ip6tables=false  never write a firewall rule (the host's firewall is not ours);
  # --ip-forward=false                  never turn on net.ipv4.ip_forward;
  # --ip-masq=false                     no NAT rule for container traffic;
  # --bridge=none                       no docker0 bridge: containers use --network host (or none);
  # --data-root/--exec-root/--pidfile/-H  everything under $CONTAINERS_ROOT, so a system docker is never touched;
  # --label relais.process=dockerd      the marker is_running checks, so a recycled pid is never taken for ours.
  (without_lock nohup setsid "$(command -v dockerd || echo /usr/sbin/dockerd)" \
    --config-file "$DOCKER_CONFIG_FILE" \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
    --data-root "$DOCKER_DATA_ROOT" --exec-root "$DOCKER_EXEC_ROOT" --pidfile "$DOCKER_OWN_PIDFILE" \
    -H "unix://$DOCKER_SOCKET" --label relais.process=dockerd) \
    >>"$LOGS/dockerd.log" 2>&1 </dev/null &
  echo $! >"$(pidfile dockerd)"
  disown $!
  STARTED_HERE+=(dockerd)
  wait_until "dockerd" 60 dockerd_up_or_dead
}

# Runs a command (exec) without the lock's descriptor: a daemon that inherited it would hold the lock for good.
without_lock() {
  if [[ -n "${CONTAINERS_LOCK_FD:-}" ]]; then exec {CONTAINERS_LOCK_FD}>&-; fi
  exec "$@"
}

# True once the daemon answers; dies at once (with its log) when it exited instead of waiting the full minute.
dockerd_up_or_dead() {
  docker_answers && return 0
  is_running dockerd && return 1
  tail -n 20 "$LOGS/dockerd.log" >&2 || true
  die "dockerd exited at start, see $LOGS/dockerd.log"
}

# Stops the daemon this launcher started (and, through it, its containers and its containerd); nothing else. A
# daemon another clone still uses (containers of a test JVM that still runs) is left to a later `containers down`.
stop_dockerd() {
  local pid i users
  lock_containers
  if ! is_running dockerd; then
    rm -f "$(pidfile dockerd)"
    if docker_answers; then
      say "the dockerd on $DOCKER_SOCKET was not started by this launcher: left running"
      return 0
    fi
    orphan_containers_left || return 0
    # dockerd was killed hard (its containerd died with it): the containers still run under their shims, holding
    # their ports. A new dockerd finds them at start and, without live-restore, stops them; then it stops as usual.
    say "a dockerd killed hard left containers running: starting it again to stop them"
    ensure_dockerd
  fi
  users="$(test_jvms_using_containers)"
  if [[ -n "$users" ]]; then
    say "the private dockerd is left running: test JVMs still use its containers (pids: $users); 'deploy/relais containers down' stops it later"
    return 0
  fi
  pid="$(cat "$(pidfile dockerd)")"
  stop_running_containers
  say "stopping the private dockerd (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "dockerd did not stop in 60 s: killing it (its containerd dies with it; 'containers down' again stops what is left)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pidfile dockerd)"
  release_leftover_mounts
}

# Shims of our containerd (they name its socket) outlive a dockerd killed hard, and so do their containers.
orphan_containers_left() { pgrep -f -- "containerd-shim.* -address $DOCKER_EXEC_ROOT/" >/dev/null; }

# Containers run with host networking hold ports of this machine: stop them before the daemon, with a short grace.
stop_running_containers() {
  local ids
  ids="$(docker -H "unix://$DOCKER_SOCKET" ps -q 2>/dev/null || true)"
  [[ -z "$ids" ]] && return 0
  say "stopping $(wc -w <<<"$ids") container(s) of the private dockerd"
  # shellcheck disable=SC2086 # one id per word
  docker -H "unix://$DOCKER_SOCKET" stop --time 10 $ids >/dev/null 2>&1 || true
}

# A daemon killed hard can leave overlay mounts under its roots; they are ours and nothing uses them any more (the
# daemon's pid file guarantees it was the only one on them).
release_leftover_mounts() {
  local m
  awk -v root="$CONTAINERS_ROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

# The test resource (RelaisInfrastructure in testing/) labels its containers with the pid of the test JVM that
# started them and stops them when that JVM exits; a JVM killed hard (no Ryuk here) leaves them running.
TEST_JVM_LABEL=org.relais.test-jvm

# "<container id> <pid>" of every running container a test JVM started.
test_containers() {
  docker ps --filter "label=$TEST_JVM_LABEL" --format "{{.ID}} {{.Label \"$TEST_JVM_LABEL\"}}" 2>/dev/null || true
}

# Pids of the test JVMs, still running, whose containers run: another clone's `mvn verify` in progress.
test_jvms_using_containers() {
  local id pid
  test_containers | while read -r id pid; do
    if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# Containers a test run left behind: stopped ones (no Ryuk here), and running ones whose test JVM is gone.
remove_leftover_test_containers() {
  local ids id pid
  ids="$(docker ps -aq --filter label=org.testcontainers=true --filter status=exited --filter status=created 2>/dev/null || true)"
  ids+=" $(test_containers | while read -r id pid; do kill -0 "$pid" 2>/dev/null || echo "$id"; done)"
  [[ -z "${ids// /}" ]] && return 0
  # shellcheck disable=SC2086 # one id per word
  docker rm -f -v $ids >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------------------
# images

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_recipe() { docker image inspect -f "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null || true; }

# A short digest of the files an image is built from: an image built from other files is reported, not rebuilt.
files_digest() {
  local f
  for f in "$@"; do
    if [[ -d "$f" ]]; then find "$f" -type f -print0 | sort -z | xargs -0 sha256sum; else sha256sum "$f"; fi
  done | sed "s:  $DEPLOY/:  :" | sha256sum | cut -c1-16
}

postgres_recipe() { files_digest "$DEPLOY/containers/postgres"; }
kafka_recipe() { files_digest "$DEPLOY/containers/kafka" "$DEPLOY/kafka/pom.xml" "$DEPLOY/kafka/log4j2.properties"; }

warn_if_stale() {
  local image="$1" recipe="$2"
  if [[ "$(image_recipe "$image")" != "$recipe" ]]; then
    say "note: $image was built from an older recipe; 'deploy/relais containers rebuild' builds it again"
  fi
}

# The Debian mirror this machine's apt uses (never a hard-coded host): RELAIS_DEBIAN_MIRROR, or the first http(s)
# URI of an apt source for $DEBIAN_SUITE, or, failing that, for the machine's own Debian release (same archive).
debian_mirror() {
  local suite codename mirror
  if [[ -n "${RELAIS_DEBIAN_MIRROR:-}" ]]; then
    echo "$RELAIS_DEBIAN_MIRROR"
    return 0
  fi
  codename="$(. /etc/os-release 2>/dev/null && [[ "${ID:-}" == debian ]] && echo "${VERSION_CODENAME:-}")" || codename=""
  for suite in "$DEBIAN_SUITE" $codename; do
    mirror="$(apt_source_for_suite "$suite")"
    if [[ -n "$mirror" ]]; then
      echo "$mirror"
      return 0
    fi
  done
  die "no apt source for Debian $DEBIAN_SUITE in /etc/apt/sources.list{,.d/}: set RELAIS_DEBIAN_MIRROR to a Debian mirror URL"
}

# URI[ KEYRING] of the first "deb" source (deb822 .sources or one-line .list) whose suites include SUITE.
apt_source_for_suite() {
  local suite="$1" files=()
  files=(/etc/apt/sources.list.d/*.sources)
  [[ -e "${files[0]}" ]] && awk -v suite="$suite" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uris ~ /^https?:\/\// && enabled != "no") {
        split(uris, u, " "); print u[1] (keyring != "" ? " " keyring : ""); found = 1; exit
      }
      types = suites = uris = keyring = enabled = ""
    }
    /^[ \t]*$/ { flush(); next }
    /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
    /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
    /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
    /^Signed-By:[ \t]*\// { sub(/^Signed-By:[ \t]*/, ""); keyring = $0 }
    /^Enabled:/ { enabled = tolower($2) }
    END { if (!found) flush() }
  ' "${files[@]}" | head -1 | grep . && return 0
  files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
  cat "${files[@]}" 2>/dev/null | sed 's/\[[^]]*\]//' | awk -v suite="$suite" \
    '$1 == "deb" && $3 == suite && $2 ~ /^https?:\/\// { print $2; exit }'
}

# debootstrap mounts proc and sys inside the target and can bind /dev: never delete across a mount point.
remove_rootfs() {
  local dir="$1" m
  [[ -d "$dir" ]] || return 0
  awk -v root="$dir/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$dir"
}

# What Debian's own slim images do: no docs, man pages or translations in later installs, no recommends, no service
# starts during `docker build`, and none of this machine's identity (hostname, resolver, machine id) in the image.
rootfs_slim() {
  local dir="$1"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/90relais-slim" <<'EOF'
# relais/debian image: keep images small (copyright files stay)
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
  cat >"$dir/etc/apt/apt.conf.d/90relais-slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  printf '#!/bin/sh\n# relais/debian image: no service starts while packages install during docker build\nexit 101\n' \
    >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  rm -rf "$dir"/usr/share/{man,info,locale}/* "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin \
    "$dir"/var/lib/apt/lists/*
  find "$dir/var/log" -type f -delete
  rm -f "$dir/etc/hostname" "$dir/etc/resolv.conf"
  : >"$dir/etc/machine-id"
}

build_base_image() {
  local source mirror keyring dir="$CONTAINERS_BUILD/rootfs"
  source="$(debian_mirror)"
  read -r mirror keyring <<<"$source"
  remove_rootfs "$dir"
  say "building $BASE_IMAGE: debootstrap --variant=minbase $DEBIAN_SUITE from $mirror (a few minutes)"
  debootstrap --variant=minbase ${keyring:+--keyring="$keyring"} "$DEBIAN_SUITE" "$dir" "$mirror" \
    >"$LOGS/debootstrap.log" 2>&1 || { remove_rootfs "$dir"; die "debootstrap failed, see $LOGS/debootstrap.log"; }
  rootfs_slim "$dir"
  tar -C "$dir" --numeric-owner -c . | docker import \
    --change "LABEL $RECIPE_LABEL=$BASE_IMAGE_RECIPE" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --message "debootstrap --variant=minbase $DEBIAN_SUITE $mirror" - "$BASE_IMAGE" >/dev/null \
    || { remove_rootfs "$dir"; die "docker import of $BASE_IMAGE failed"; }
  remove_rootfs "$dir"
}

# Proxy settings of this shell, passed to apt inside the build (they are predefined build args).
proxy_build_args() {
  local v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -n "${!v:-}" ]] && printf -- '--build-arg\n%s\n' "$v"
  done
  return 0
}

# Extra `docker build` options (rebuild sets --no-cache).
BUILD_OPTIONS=()

# docker build IMAGE RECIPE CONTEXT LOG: the classic builder (BuildKit would need the buildx plugin, which a docker
# client may lack; the classic builder is all these Dockerfiles need, hence RUN chmod instead of COPY --chmod), and
# the host's network, because the daemon has no bridge for apt to reach the mirror through.
docker_build() {
  local image="$1" recipe="$2" context="$3" log="$4" args=()
  mapfile -t args < <(proxy_build_args)
  say "building $image (log: $log)"
  DOCKER_BUILDKIT=0 docker build --network host --label "$RECIPE_LABEL=$recipe" -t "$image" \
    ${args[@]+"${args[@]}"} ${BUILD_OPTIONS[@]+"${BUILD_OPTIONS[@]}"} "$context" >"$log" 2>&1 \
    || die "building $image failed, see $log"
}

build_postgres_image() {
  docker_build "$POSTGRES_IMAGE" "$(postgres_recipe)" "$DEPLOY/containers/postgres" "$LOGS/image-postgres.log"
}

# The build context is assembled in the state folder: the recipe from deploy/containers/kafka plus the jars and the
# log configuration of the launcher's own broker (kafka_libs fetches them from Maven Central when missing).
build_kafka_image() {
  local context="$CONTAINERS_BUILD/kafka"
  kafka_libs
  rm -rf "$context"
  mkdir -p "$context/libs"
  cp -r "$DEPLOY/containers/kafka/." "$context/"
  cp "$DEPLOY/kafka/log4j2.properties" "$context/"
  cp "$KAFKA_STATE"/libs/*.jar "$context/libs/"
  docker_build "$(kafka_image)" "$(kafka_recipe)" "$context" "$LOGS/image-kafka.log"
  rm -rf "$context"
}

# Builds whichever image is missing, one at a time (other people's tests share this machine's two cores).
ensure_images() {
  if image_exists "$BASE_IMAGE"; then
    warn_if_stale "$BASE_IMAGE" "$BASE_IMAGE_RECIPE"
  else
    build_base_image
  fi
  if image_exists "$POSTGRES_IMAGE"; then
    warn_if_stale "$POSTGRES_IMAGE" "$(postgres_recipe)"
  else
    build_postgres_image
  fi
  if image_exists "$(kafka_image)"; then
    warn_if_stale "$(kafka_image)" "$(kafka_recipe)"
  else
    build_kafka_image
  fi
}

# rebuild [base|postgres|kafka]...: all three when none is named; a new base image brings new postgres and kafka ones.
check_rebuild_arguments() {
  local i
  for i in "$@"; do
    [[ "$i" == base || "$i" == postgres || "$i" == kafka ]] || die "containers rebuild takes: base, postgres, kafka (none: all three)"
  done
}

rebuild_images() {
  local which=("$@")
  # Not from the build cache: a rebuild is asked for to get today's Debian packages.
  BUILD_OPTIONS=(--no-cache)
  [[ ${#which[@]} -gt 0 ]] || which=(base)
  if [[ " ${which[*]} " == *" base "* ]]; then which+=(postgres kafka); fi
  if [[ " ${which[*]} " == *" base "* ]]; then build_base_image; fi
  if [[ " ${which[*]} " == *" postgres "* ]]; then build_postgres_image; fi
  if [[ " ${which[*]} " == *" kafka "* ]]; then build_kafka_image; fi
  # The images these replaced are left untagged: drop them (and only dangling images).
  docker image prune -f >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------------------
# the `containers` command

# Serialises every launcher of the machine (two clones, a test run beside a hand run) while it starts or stops the
# daemon or builds images: one daemon per data root, one build of each image. Taken once per process (a second
# open of the lock file would wait for the process itself); released by unlock_containers, or when the command ends.
lock_containers() {
  [[ -n "${CONTAINERS_LOCK_FD:-}" ]] && return 0
  mkdir -p "$CONTAINERS_ROOT" 2>/dev/null \
    || die "cannot create $CONTAINERS_ROOT (the machine's container engine): run as root, or set RELAIS_CONTAINER_ROOT"
  exec {CONTAINERS_LOCK_FD}>>"$CONTAINERS_LOCK"
  if ! flock -n "$CONTAINERS_LOCK_FD"; then
    say "another launcher is preparing or stopping the container engine: waiting for it"
    flock "$CONTAINERS_LOCK_FD"
  fi
}

# Lets other launchers in once the engine is ready: a caller such as `deploy/relais test` goes on to run the tests,
# which need no lock (each test JVM starts containers of its own, on ports of its own).
unlock_containers() {
  [[ -n "${CONTAINERS_LOCK_FD:-}" ]] || return 0
  exec {CONTAINERS_LOCK_FD}>&-
  unset CONTAINERS_LOCK_FD
}

# Installs what is missing and starts the private daemon; leaves the client environment exported.
containers_engine() {
  prepare_state
  lock_containers
  ensure_container_packages
  containers_environment
  ensure_dockerd
  remove_leftover_test_containers
}

# The engine, then whichever image is missing: what `deploy/relais test` runs before the service suites.
containers_up() {
  containers_engine
  ensure_images
  unlock_containers
  say "container engine ready: DOCKER_HOST=$DOCKER_HOST, images $BASE_IMAGE $POSTGRES_IMAGE $(kafka_image)"
}

containers_down() {
  prepare_state
  containers_environment
  stop_dockerd
  unlock_containers
}

# For an `exit` trap of a caller (deploy/relais test): stops the daemon only when this invocation started it.
containers_cleanup() {
  if [[ " ${STARTED_HERE[*]} " == *" dockerd "* ]]; then stop_dockerd; fi
}

containers_status() {
  local pid="-" state="stopped" image
  prepare_state
  containers_environment
  if is_running dockerd; then pid="$(cat "$(pidfile dockerd)")"; fi
  if docker_answers; then
    state="running $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}'), storage $(docker info --format '{{.Driver}}' 2>/dev/null)"
    [[ "$pid" == - ]] && state+=" (not started by this launcher)"
  fi
  printf '%-10s %-8s %s\n' dockerd "$pid" "$state"
  printf '%-10s %s\n' socket "$DOCKER_SOCKET"
  printf '%-10s %s\n' images "$DOCKER_DATA_ROOT"
  docker_answers || return 0
  for image in "$BASE_IMAGE" "$POSTGRES_IMAGE" "$(kafka_image)"; do
    if image_exists "$image"; then
      printf '%-26s %s\n' "$image" "$(docker image inspect -f '{{.Size}} {{.Created}}' "$image" \
        | awk '{ printf "%.0f MB, built %s", $1 / 1e6, substr($2, 1, 19) }')"
    else
      printf '%-26s %s\n' "$image" "missing ('deploy/relais containers up' builds it)"
    fi
  done
  docker ps --format 'container {{.Names}} {{.Image}} {{.Status}}'
}

# Lines a shell can eval to reach the daemon: eval "$(deploy/relais containers env)" before mvn verify by hand.
containers_print_environment() {
  containers_environment
  printf 'export DOCKER_HOST=%q\nexport TESTCONTAINERS_RYUK_DISABLED=true\nexport TESTCONTAINERS_HOST_OVERRIDE=localhost\n' \
    "$DOCKER_HOST"
  printf 'export RELAIS_POSTGRES_IMAGE=%q\nexport RELAIS_KAFKA_IMAGE=%q\n' "$RELAIS_POSTGRES_IMAGE" "$RELAIS_KAFKA_IMAGE"
}

containers() {
  local action="${1:-up}"
  [[ $# -gt 0 ]] && shift
  case "$action" in
    up) containers_up ;;
    down) containers_down ;;
    status) containers_status ;;
    rebuild) check_rebuild_arguments "$@"; containers_engine; rebuild_images "$@"; unlock_containers ;;
    env) containers_print_environment ;;
    *) die "containers takes: up, down, status, rebuild [base|postgres|kafka], env" ;;
  esac
}
