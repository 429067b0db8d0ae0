#!/usr/bin/env bash
# Makes this machine able to build and run the project's containers without a Docker engine or
# an image registry, as the container tests (and .ci/run) need: podman from Debian's packages,
# local base images made from Debian's packages, and podman's Docker-compatible API service for
# Testcontainers. Idempotent: each step is skipped when already done, so a second run takes a
# second, and the base images stay cached between runs.
#
#   docker/podman-setup.sh          install, build missing base images, start the API service
#   docker/podman-setup.sh stop     stop the API service this script started
#
# Environment for the tests, once it ran (also printed by "docker/podman-setup.sh env"):
#   DOCKER_HOST=unix:///run/podman/podman.sock CONTAINERS_CONF=<this dir>/containers.conf
#   TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="$here/containers.conf"
socket_dir=/run/podman
socket="$socket_dir/podman.sock"
pid_file="$socket_dir/registry-streams-service.pid"

# Local stand-ins for the public images the Dockerfile and compose stack name.
DEBIAN_IMAGE=localhost/debian-local:bookworm
JRE_IMAGE=localhost/jre-local:17
REDIS_IMAGE=localhost/redis-local:7

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

log() { echo "podman-setup: $*" >&2; }

service_answers() {
  curl -fsS --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1
}

stop_service() {
  # Only the service this script started: another user of the machine may run its own.
  if [ -f "$pid_file" ]; then
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping the API service (pid $pid)"
      $sudo kill "$pid" || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    $sudo rm -f "$pid_file"
  fi
}

case "${1:-setup}" in
  stop) stop_service; exit 0 ;;
  env)
    echo "DOCKER_HOST=unix://$socket"
    echo "CONTAINERS_CONF=$CONTAINERS_CONF"
    echo "TESTCONTAINERS_RYUK_DISABLED=true"
    echo "TESTCONTAINERS_HOST_OVERRIDE=localhost"
    exit 0 ;;
  setup) ;;
  *) echo "usage: $0 [setup|stop|env]" >&2; exit 2 ;;
esac

# dnsname: containers on one network find each other by name (CNI, podman 4.3's backend here);
# catatonit: podman's init for --init; docker-compose: the compose stack's test.
packages=(podman buildah debootstrap runc uidmap slirp4netns fuse-overlayfs catatonit
  golang-github-containernetworking-plugin-dnsname docker-compose curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! podman image exists "$DEBIAN_IMAGE"; then
  log "building $DEBIAN_IMAGE with debootstrap (about a minute)"
  mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  rootfs="$(mktemp -d)"
  trap '$sudo rm -rf "$rootfs"' EXIT
  $sudo debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  $sudo rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  $sudo tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
  $sudo rm -rf "$rootfs"
  trap - EXIT
fi

build_local() { # image, directory under docker/local
  if ! podman image exists "$1"; then
    log "building $1"
    podman build --pull=never --network=host --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" \
      -t "$1" "$here/local/$2" >/dev/null
  fi
}
build_local "$JRE_IMAGE" jre
build_local "$REDIS_IMAGE" redis

if ! service_answers; then
  log "starting podman's Docker-compatible API service on $socket"
  $sudo mkdir -p "$socket_dir"
  # setsid and no inherited output: the service must outlive this script without holding the
  # caller's terminal or pipes open.
  setsid podman system service --time=0 "unix://$socket" </dev/null >/dev/null 2>&1 &
  echo $! | $sudo tee "$pid_file" >/dev/null
  for _ in $(seq 1 100); do service_answers && break; sleep 0.1; done
  service_answers || { log "the API service did not answer on $socket"; exit 1; }
fi
log "ready: DOCKER_HOST=unix://$socket"
