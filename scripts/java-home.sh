#!/usr/bin/env bash
# Prints the home of a JDK 25 ($JAVA_HOME if it is one, else one under /usr/lib/jvm), or fails
# with a one-line hint. Reads each JDK's `release` file rather than starting a JVM.
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
  if [[ -n "$c" && -x "$c/bin/java" ]] && grep -qs '^JAVA_VERSION="25' "$c/release"; then
    echo "$c"; exit 0
  fi
done
echo "vireo: JDK 25 not found (looked at \$JAVA_HOME and /usr/lib/jvm); install Temurin 25" >&2
exit 1
