#!/usr/bin/env bash
# Downloads Apache Kafka's broker jars (and their run-time dependencies) from Maven Central, once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_DIR/pom.xml")
if ls "$LIBS"/kafka_2.13-"$version".jar >/dev/null 2>&1; then
  echo "Kafka $version jars already in $LIBS"
  exit 0
fi
command -v mvn >/dev/null || { echo "Maven (mvn) is needed to fetch Kafka's jars" >&2; exit 1; }
command -v java >/dev/null || { echo "Java 17+ is needed to run Kafka" >&2; exit 1; }
echo "fetching Kafka $version from Maven Central into $LIBS"
rm -rf "$LIBS"
mvn -q -B -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS" -DincludeScope=runtime
