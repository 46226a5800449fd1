#!/usr/bin/env bash
# The whole test suite: installs what the tests need (host packages, idempotently), then runs
# unit tests and the integration tests against real QEMU, qemu-img, xorriso, mmdebstrap and
# cloud-init in real guests. Needs root (image builds and the daemon's state dirs).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/host-packages.sh" --test
JAVA_HOME="$("$ROOT/scripts/java-home.sh")"
export JAVA_HOME
exec ./mvnw -B -ntp verify -Dvireo.it=true "$@"
