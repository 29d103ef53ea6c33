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

# KRaft needs its storage formatted once with a cluster id (meta.properties).
kafka_format_storage() {
  [ -f "$KAFKA_DATA/meta.properties" ] && return 0
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid)"
  info kafka "formatting KRaft storage (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_PROPS" \
    >>"$LOG_DIR/kafka.log" 2>&1 || fail_with_log kafka "kafka-storage format failed"
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
  kafka_java org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server 127.0.0.1:9092 >/dev/null 2>&1
}

# A broker that answers but lacks a listener (up waits for every port first) was started from
# an older configuration: say how to apply the new one rather than pass silently.
kafka_provision() {
  if kafka_config_is_stale; then
    info kafka "WARNING: running with an older server.properties (ports $(kafka_ports) not all open); apply the new one: infra/local/down kafka && infra/local/up kafka"
  fi
}

# SIGTERM runs Kafka's shutdown hook: a controlled shutdown that flushes logs.
kafka_stop() { signal_pids TERM "$(kafka_pids)"; }
