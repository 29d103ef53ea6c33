# shellcheck shell=bash
# Kafka in KRaft mode (one JVM: broker + controller), built from the Apache
# Kafka artifacts on Maven Central (infra/local/kafka/pom.xml) and run with the
# machine's Java 17+. No tarball download, no ZooKeeper.

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_POM="$INFRA_LOCAL_DIR/kafka/pom.xml"
KAFKA_PIDFILE="$RUN_DIR/kafka.pid"
# The operator's client settings (SASL/SCRAM as `shop`, a super user) for the CLI tools.
KAFKA_OPERATOR_PROPS="$INFRA_LOCAL_DIR/kafka/operator.properties"
# Users and ACLs per service, generated from libs/contracts (docs/security.md).
KAFKA_IDENTITIES="$INFRA_LOCAL_DIR/../kafka/kafka-identities.sh"

# Footprint matters more than peak throughput on a laptop: a 256 MiB heap cap
# (about 60 MiB live when idle), periodic G1 cycles that hand unused heap back
# to the OS, and the C1 JIT only (less code cache, less CPU while warming up).
# ~200 MiB resident instead of ~360 MiB. Override with PATTERN_SHOP_KAFKA_JVM_OPTS.
KAFKA_JVM_OPTS="${PATTERN_SHOP_KAFKA_JVM_OPTS:--Xms32m -Xmx256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:G1PeriodicGCInterval=60000 -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m}"

# 9092 clients, 9093 controller, then the chaos-mode listeners (one per app's Toxiproxy proxy,
# see infra/local/kafka/server.properties).
kafka_ports() { echo 9092 9093 19101 19102 19103 19105; }

kafka_pids() { read_pidfile "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM"; }

# Kafka 4 needs Java 17 or newer.
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

kafka_install() {
  if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then apt_install default-jre-headless; fi
  command -v mvn >/dev/null || apt_install maven
  [ "$(java_major)" -ge 17 ] || die "kafka: needs Java 17+, found $(java -version 2>&1 | head -n1)"
  kafka_fetch_libs
}

# Copy the server's runtime jars out of the local Maven repository (~/.m2),
# downloading them once. The pom's checksum marks which version libs/ holds,
# so a version bump in the pom refreshes it and anything else is a no-op.
kafka_fetch_libs() {
  local want have
  want="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  have="$(cat "$KAFKA_LIBS/.pom.sha256" 2>/dev/null || true)"
  [ "$want" = "$have" ] && return 0

  info kafka "fetching Kafka $(kafka_version) jars from Maven Central (once per version)"
  mkdir -p "$KAFKA_DIR/build"
  # Build from a copy so Maven never writes into the repository.
  cp "$KAFKA_POM" "$KAFKA_DIR/build/pom.xml"
  rm -rf "$KAFKA_LIBS.tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_DIR/build/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp" >>"$LOG_DIR/kafka.log" 2>&1; then
    fail_with_log kafka "mvn dependency:copy-dependencies failed"
  fi
  echo "$want" >"$KAFKA_LIBS.tmp/.pom.sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
}

# Run a Java main class from the Kafka jars, quietly (used for the storage tool
# and the CLI helpers; see infra/local/lib/kafka-cli).
kafka_java() {
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$INFRA_LOCAL_DIR/kafka/log4j2.xml" -Dkafka.root.level=WARN \
    -cp "$KAFKA_LIBS/*" "$@"
}

kafka_wanted_props() { sed "s|@DATA_DIR@|$KAFKA_DATA|g" "$INFRA_LOCAL_DIR/kafka/server.properties"; }

kafka_render_props() {
  mkdir -p "$KAFKA_DATA"
  kafka_wanted_props >"$KAFKA_PROPS"
}

# The running broker read an older server.properties (e.g. from before the chaos listeners).
kafka_config_is_stale() { [ -f "$KAFKA_PROPS" ] && ! cmp -s "$KAFKA_PROPS" <(kafka_wanted_props); }

# KRaft needs its storage formatted once with a cluster id (meta.properties), and with the SCRAM
# credentials of the super users: no one could log in to create them later.
kafka_format_storage() {
  [ -f "$KAFKA_DATA/.scram-users" ] && return 0
  if [ -f "$KAFKA_DATA/meta.properties" ]; then
    info kafka "storage formatted by an older tree, without SASL users: wiping it and formatting again (development data only: topics, offsets and events are lost)"
    find "$KAFKA_DATA" -mindepth 1 -delete
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid)"
  info kafka "formatting KRaft storage (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_PROPS" \
    --add-scram 'SCRAM-SHA-512=[name=broker,password=broker_dev]' \
    --add-scram 'SCRAM-SHA-512=[name=shop,password=shop_dev]' \
    >>"$LOG_DIR/kafka.log" 2>&1 || fail_with_log kafka "kafka-storage format failed"
  touch "$KAFKA_DATA/.scram-users"
}

kafka_start() {
  kafka_render_props
  kafka_format_storage
  # shellcheck disable=SC2086
  spawn_detached "$KAFKA_PIDFILE" "$LOG_DIR/kafka.log" \
    java $KAFKA_JVM_OPTS -Djava.awt.headless=true -XX:ErrorFile="$LOG_DIR/kafka-hs_err_%p.log" \
    -Dlog4j2.configurationFile="$INFRA_LOCAL_DIR/kafka/log4j2.xml" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS"
}

# Ready = the server logged that it started (this run), the port is open, and
# a real request (ApiVersions) gets an answer.
kafka_ready() {
  port_open 9092 || return 1
  log_since_mark kafka | grep -q 'Kafka Server started' || return 1
  kafka_java org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server 127.0.0.1:9092 \
    --command-config "$KAFKA_OPERATOR_PROPS" >/dev/null 2>&1
}

# A broker started by a tree from before SASL takes no login, so no client of today's tree can
# use it: up restarts it (and kafka_format_storage formats its storage again).
kafka_outdated() {
  [ -f "$KAFKA_PROPS" ] && ! grep -q '^sasl.enabled.mechanisms=' "$KAFKA_PROPS" || return 1
  info kafka "running without authentication (started by an older tree): restarting it with SASL/SCRAM users and ACLs"
}

# A broker that answers but lacks a listener (up waits for every port first) was started from
# an older configuration: say how to apply the new one rather than pass silently.
kafka_warn_if_stale() {
  if kafka_config_is_stale; then
    info kafka "WARNING: running with an older server.properties (ports $(kafka_ports) not all open); apply the new one: infra/local/down kafka && infra/local/up kafka"
  fi
}

kafka_provision() {
  kafka_warn_if_stale
  kafka_provision_identities
}

# Also when already running: the identities may have changed since the broker started.
kafka_refresh() { kafka_provision_identities; }

# Creates each service's SCRAM user and ACLs (kafka-configs and kafka-acls add idempotently).
# One JVM per call, so it runs only when the identities changed since the last time on this
# storage; the marker lives in the data directory, so a new storage is provisioned again.
kafka_provision_identities() {
  local want have marker="$KAFKA_DATA/.identities.sha256"
  want="$(sha256sum "$KAFKA_IDENTITIES" | cut -d' ' -f1)"
  have="$(cat "$marker" 2>/dev/null || true)"
  [ "$want" = "$have" ] && return 0
  info kafka "creating service users and ACLs (infra/kafka/kafka-identities.sh)"
  # shellcheck source=../../kafka/kafka-identities.sh
  . "$KAFKA_IDENTITIES"
  # Each call starts a JVM (~1.5 s): all at once, then every one must have succeeded.
  local pid failed=0
  KAFKA_PROVISIONING=()
  kafka_identities >>"$LOG_DIR/kafka.log" 2>&1
  for pid in "${KAFKA_PROVISIONING[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || fail_with_log kafka "creating Kafka users and ACLs failed"
  echo "$want" >"$marker"
  info kafka "service users present: $(kafka_identity_users | paste -sd' ' -)"
}

# The two commands infra/kafka/kafka-identities.sh is written in, each started in the background.
kafka_user() { kafka_add_user "$@" & KAFKA_PROVISIONING+=("$!"); }
kafka_acl() { kafka_add_acl "$@" & KAFKA_PROVISIONING+=("$!"); }

kafka_add_user() {
  kafka_java kafka.admin.ConfigCommand --bootstrap-server 127.0.0.1:9092 \
    --command-config "$KAFKA_OPERATOR_PROPS" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$2]"
}

kafka_add_acl() {
  local user="$1" pattern="$2" resource="$3" name="$4" operations=() operation
  for operation in "${@:5}"; do operations+=(--operation "$operation"); done
  kafka_java org.apache.kafka.tools.AclCommand --bootstrap-server 127.0.0.1:9092 \
    --command-config "$KAFKA_OPERATOR_PROPS" --add --allow-principal "User:$user" \
    --resource-pattern-type "$pattern" "--$resource" "$name" "${operations[@]}"
}

# SIGTERM runs Kafka's shutdown hook: a controlled shutdown that flushes logs.
kafka_stop() { signal_pids TERM "$(kafka_pids)"; }
