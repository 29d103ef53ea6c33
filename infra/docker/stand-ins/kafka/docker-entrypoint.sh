#!/bin/bash
# As the official image: KAFKA_FOO_BAR=x becomes foo.bar=x (___ -> -, __ -> _), CLUSTER_ID formats
# the storage when log.dirs holds no meta.properties yet, then the broker runs in the foreground.
set -euo pipefail
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_OPTS) continue ;;
    KAFKA_*)
      key="$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
      printf '%s=%s\n' "$key" "$value" >>"$props"
      ;;
  esac
done < <(env)
run() {
  # shellcheck disable=SC2086
  exec_prefix="$1"; shift
  $exec_prefix java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} -Djava.awt.headless=true \
    -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.xml -cp '/opt/kafka/libs/*' "$@"
}
logdir="$(sed -n 's/^log\.dirs=//p' "$props")"
if [ ! -f "${logdir:-/tmp/kraft-combined-logs}/meta.properties" ]; then
  : "${CLUSTER_ID:?CLUSTER_ID must be set, as for the official image}"
  run '' kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$props" --ignore-formatted
fi
run exec kafka.Kafka "$props"
