# shellcheck shell=bash
# Prometheus: the server from the Debian package (2.42, which also brings promtool), run as our
# own process on 127.0.0.1:9090 with its TSDB in $STATE/prometheus, never as the package's
# system service. Scrape configuration and alert rules live in infra/prometheus (docs/alerts.md).

PROM_DIR="$STATE_DIR/prometheus"
PROM_DATA="$PROM_DIR/data"
PROM_CONFIG="$REPO_DIR/infra/prometheus/prometheus.yml"
PROM_PIDFILE="$RUN_DIR/prometheus.pid"
PROM_PORT=9090
# A week of 5 s scrapes is a few hundred MiB at most; the batch alerts look back 26 hours.
PROM_RETENTION="${PATTERN_SHOP_PROMETHEUS_RETENTION:-7d}"

prometheus_ports() { echo "$PROM_PORT"; }

prometheus_pids() { read_pidfile "$PROM_PIDFILE" "$PROM_DATA"; }

prometheus_install() {
  if [ -x /usr/bin/prometheus ] && command -v promtool >/dev/null; then return 0; fi
  apt_install prometheus
  prometheus_stop_system_instance
  [ -x /usr/bin/prometheus ] || die "prometheus: no /usr/bin/prometheus after installing the package"
}

# Should the package's own server (user prometheus, all interfaces) have started despite
# policy-rc.d, stop it: it would hold port 9090.
prometheus_stop_system_instance() {
  local pids
  pids="$(pgrep -u prometheus -d' ' -x prometheus 2>/dev/null || true)"
  [ -n "$pids" ] || return 0
  info prometheus "stopping the Debian package's own Prometheus (pids $pids)"
  # shellcheck disable=SC2086
  as_root kill $pids 2>/dev/null || true
}

# The configuration is read from the repository, so an edit needs only a reload
# (kill -HUP, see README.md) or a restart. A bad configuration or rule file stops the start,
# and wait_ready shows the log lines that name it.
prometheus_start() {
  mkdir -p "$PROM_DATA"
  spawn_detached "$PROM_PIDFILE" "$LOG_DIR/prometheus.log" \
    /usr/bin/prometheus \
    --config.file="$PROM_CONFIG" \
    --storage.tsdb.path="$PROM_DATA" \
    --storage.tsdb.retention.time="$PROM_RETENTION" \
    --web.listen-address="127.0.0.1:$PROM_PORT"
}

prometheus_ready() {
  port_open "$PROM_PORT" &&
    curl -fsS --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1
}

# Nothing to create; say how many alert rules the server loaded, as a quick sanity check.
prometheus_provision() {
  local rules
  rules="$(curl -fsS --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/rules?type=alert" 2>/dev/null || true)"
  info prometheus "$(grep -o '"type":"alerting"' <<<"$rules" | wc -l) alert rules loaded from infra/prometheus/rules"
}

# SIGTERM: Prometheus stops scraping, flushes the head block's WAL and exits.
prometheus_stop() { signal_pids TERM "$(prometheus_pids)"; }
