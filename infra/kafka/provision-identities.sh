#!/bin/bash
# docker compose's one-shot `kafka-identities` (the kafka image, once the broker is healthy): creates
# the operator `shop` and every service's SCRAM user and ACLs (kafka-identities.sh, generated from
# libs/contracts) as the broker's own PLAIN login. kafka-configs and kafka-acls add idempotently, so
# it runs at every `docker compose up`.
set -euo pipefail
here="$(dirname "$0")"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
login=(--bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9092}" --command-config "$here/broker-admin.properties")

kafka_user() {
  "$bin/kafka-configs.sh" "${login[@]}" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$2]"
}

kafka_acl() {
  local user="$1" pattern="$2" resource="$3" name="$4" operations=() operation
  for operation in "${@:5}"; do operations+=(--operation "$operation"); done
  "$bin/kafka-acls.sh" "${login[@]}" --add --allow-principal "User:$user" \
    --resource-pattern-type "$pattern" "--$resource" "$name" "${operations[@]}" >/dev/null
}

# shellcheck source=kafka-identities.sh
. "$here/kafka-identities.sh"
kafka_user shop "${KAFKA_OPERATOR_PASSWORD:-shop_dev}"
kafka_identities
echo "kafka users present: shop $(kafka_identity_users | paste -sd' ' -)"
