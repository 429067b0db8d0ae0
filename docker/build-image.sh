#!/usr/bin/env bash
# Builds the application image from docker/Dockerfile, after the Maven package
# (./mvnw -B package -DskipTests), with podman on a machine without a registry: the base is the
# local JRE image that docker/podman-setup.sh made. Also builds the local Kafka stand-in for
# apache/kafka when it is missing. The container tests and the Helm chart's tests call this.
#
#   docker/build-image.sh [IMAGE]       IMAGE defaults to localhost/registry-streams:test
#
# BASE_IMAGE overrides the base (default localhost/jre-local:17). Prints the image's name.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
image="${1:-localhost/registry-streams:test}"
base="${BASE_IMAGE:-localhost/jre-local:17}"
for f in "$root/target/registry-streams-app.jar" "$root/target/lib"; do
  [ -e "$f" ] || { echo "build-image: $f is missing: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
done
# The project's version, for the OCI label: the first <version> after the artifactId in pom.xml.
version="$(awk '/<artifactId>registry-streams<\/artifactId>/{f=1} f&&/<version>/{gsub(/.*<version>|<\/version>.*/,""); print; exit}' "$root/pom.xml")"
source_url="$(git -C "$root" remote get-url origin 2>/dev/null || true)"
args=(--pull=never --network=host --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$version")
[ -n "$source_url" ] && args+=(--build-arg "SOURCE=$source_url")
previous="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
podman build -q "${args[@]}" -f "$here/Dockerfile" -t "$image" "$root" >/dev/null
# The image this build replaced would stay behind untagged, 500 MB each time: remove it, unless
# a container still uses it.
current="$(podman image inspect --format '{{.Id}}' "$image")"
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi

# The Kafka stand-in only depends on the Kafka version, so it is kept once built.
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml")"
kafka_image="localhost/kafka-local:$kafka_version"
if ! podman image exists "$kafka_image"; then
  echo "build-image: building $kafka_image" >&2
  podman build -q --pull=never --network=host --build-arg "BASE_IMAGE=$base" \
    -f "$here/local/kafka/Dockerfile" -t "$kafka_image" "$root" >/dev/null
fi
echo "$image"
