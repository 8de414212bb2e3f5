#!/usr/bin/env bash
# bench/bench.sh <scenario> [options] -- runs the bench jar with the open-file limit raised as far as the
# hard limit allows: the sessions scenario holds one descriptor per session in this JVM and in the server
# process it starts (which inherits the limit). Same arguments as `parley bench`.
set -euo pipefail
home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$home/target/parley-bench.jar"
[ -f "$jar" ] || (cd "$home/.." && ./mvnw -q -B -pl bench -am -DskipTests package) >&2
hard="$(ulimit -Hn)"
ulimit -n "$hard" 2>/dev/null || echo "bench: could not raise the open-file limit to $hard" >&2
echo "bench: open-file limit $(ulimit -n)" >&2
# shellcheck disable=SC2086
exec java ${PARLEY_JAVA_OPTS:-} -jar "$jar" "$@"
