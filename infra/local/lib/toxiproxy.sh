# shellcheck shell=bash
# Toxiproxy (Shopify's fault-injecting TCP proxy), built from its Go module with the machine's
# Go: the module proxy is the only place it comes from, and no prebuilt binary is downloaded.
# up starts it empty; chaos mode (CHAOS=1 bin/run, tests) creates the proxies through its API
# (libs/testing/src/chaos-proxies.ts holds the layout; docs/chaos.md).

TOXIPROXY_MODULE=github.com/Shopify/toxiproxy/v2
TOXIPROXY_VERSION=v2.12.0
TOXIPROXY_DIR="$STATE_DIR/toxiproxy"
TOXIPROXY_BIN="$TOXIPROXY_DIR/bin/toxiproxy-server"
TOXIPROXY_PIDFILE="$RUN_DIR/toxiproxy.pid"
TOXIPROXY_PORT=8474

toxiproxy_ports() { echo "$TOXIPROXY_PORT"; }

toxiproxy_pids() { read_pidfile "$TOXIPROXY_PIDFILE" "$TOXIPROXY_BIN"; }

# The machine's Go (PATTERN_SHOP_GO, else PATH, else the official install location);
# Toxiproxy 2.12 needs Go 1.23+.
toxiproxy_go() {
  local go="${PATTERN_SHOP_GO:-}"
  if [ -z "$go" ]; then
    go="$(command -v go || true)"
    [ -n "$go" ] || [ ! -x /usr/local/go/bin/go ] || go=/usr/local/go/bin/go
  fi
  if [ -z "$go" ] || [ ! -x "$go" ]; then
    die "toxiproxy: building it needs Go 1.23 or newer on PATH (https://go.dev/doc/install); none found${go:+ at $go}"
  fi
  local minor
  minor="$("$go" env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
  [ "${minor:-0}" -ge 23 ] || die "toxiproxy: needs Go 1.23 or newer, found $("$go" env GOVERSION)"
  echo "$go"
}

# Built once per version (a stamp beside the binary names it); later runs cost one file read.
toxiproxy_install() {
  [ -x "$TOXIPROXY_BIN" ] && [ "$(cat "$TOXIPROXY_BIN.version" 2>/dev/null)" = "$TOXIPROXY_VERSION" ] && return 0
  local go build="$TOXIPROXY_DIR/build"
  go="$(toxiproxy_go)"
  info toxiproxy "building $TOXIPROXY_MODULE $TOXIPROXY_VERSION with $("$go" env GOVERSION) (once per version, ~1 min)"
  rm -rf "$build" && mkdir -p "$build" "$(dirname "$TOXIPROXY_BIN")"
  # The version is stamped in as the upstream release does, so GET /version names it.
  if ! (cd "$build" && GOBIN="$build" GOFLAGS='' "$go" install \
      -ldflags "-s -w -X $TOXIPROXY_MODULE.Version=${TOXIPROXY_VERSION#v}" \
      "$TOXIPROXY_MODULE/cmd/server@$TOXIPROXY_VERSION") >>"$LOG_DIR/toxiproxy.log" 2>&1; then
    fail_with_log toxiproxy "go install $TOXIPROXY_MODULE/cmd/server@$TOXIPROXY_VERSION failed"
  fi
  mv "$build/server" "$TOXIPROXY_BIN"
  echo "$TOXIPROXY_VERSION" >"$TOXIPROXY_BIN.version"
  rm -rf "$build"
}

toxiproxy_start() {
  spawn_detached "$TOXIPROXY_PIDFILE" "$LOG_DIR/toxiproxy.log" \
    "$TOXIPROXY_BIN" -host 127.0.0.1 -port "$TOXIPROXY_PORT"
}

toxiproxy_ready() {
  port_open "$TOXIPROXY_PORT" &&
    curl -fsS --max-time 2 "http://127.0.0.1:$TOXIPROXY_PORT/version" >/dev/null 2>&1
}

toxiproxy_provision() { :; }

# The lab's other fault injector: libfaketime, preloaded into one app to jump its wall clock
# (docs/chaos.md). No server, so up installs it on each run that includes toxiproxy, even when
# Toxiproxy is already running.
chaos_tools_install() { apt_install libfaketime; }

# SIGTERM closes every proxy's listener and link; proxies live in memory only.
toxiproxy_stop() { signal_pids TERM "$(toxiproxy_pids)"; }
