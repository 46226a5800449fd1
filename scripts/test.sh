#!/usr/bin/env bash
# The whole test suite: installs what the tests need (host packages, idempotently), then runs
# unit tests and the integration tests against real QEMU, qemu-img, xorriso, mmdebstrap and
# cloud-init in real guests. Needs root (image builds and the daemon's state dirs).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/host-packages.sh" --test
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [[ -n "$c" && -x "$c/bin/java" ]] && "$c/bin/java" -version 2>&1 | grep -q 'version "25'; then
    export JAVA_HOME="$c"; break
  fi
done
[[ -n "${JAVA_HOME:-}" ]] || { echo "JDK 25 not found" >&2; exit 1; }
exec ./mvnw -B -ntp verify -Dvireo.it=true "$@"
