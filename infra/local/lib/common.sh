# shellcheck shell=bash
# Shared helpers for infra/local/{up,down,status}. Sourced, never executed.
#
# Every server module (lib/<server>.sh) implements the same small interface:
#   <s>_ports        the TCP ports it must own (first one is the "main" port)
#   <s>_pids         the root pid(s) of our running instance, nothing when stopped
#   <s>_install      install binaries/artifacts when missing (idempotent)
#   <s>_start        launch in the background, return at once
#   <s>_ready        one cheap readiness probe (0 = ready)
#   <s>_provision    idempotent setup once ready (users, databases)
#   <s>_stop         ask for a graceful stop, return at once
# up/down/status only drive that interface, so adding a server is one new file.
# Pid and port lists travel as whitespace-separated strings.

# shellcheck disable=SC2034  # settings and names below are used by the sourcing scripts

INFRA_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$INFRA_LOCAL_DIR/../.." && pwd)"
STATE_DIR="${PATTERN_SHOP_STATE_DIR:-$REPO_DIR/.local}"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
READY_TIMEOUT="${PATTERN_SHOP_READY_TIMEOUT:-120}"
STOP_TIMEOUT="${PATTERN_SHOP_STOP_TIMEOUT:-30}"

ALL_SERVERS=(postgres rabbitmq kafka smtp toxiproxy prometheus)

# The application ports status reports on (they are not started by these scripts).
APP_NAMES=(order-service inventory-service payment-service email-service analytics-service realtime-gateway payment-provider web)
APP_PORTS=(3001 3002 3003 3004 3005 3006 3007 8080)

log() { printf '%s\n' "$*"; }
info() { printf '[%s] %s\n' "$1" "${*:2}"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

ensure_state_dirs() {
  # 0755 so the postgres OS user can traverse to its own data dir.
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
  chmod 0755 "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
}

# Serialise concurrent up/down runs so two callers never race on one pid file.
take_lock() {
  ensure_state_dirs
  exec 9>"$RUN_DIR/infra.lock"
  if ! flock -n 9; then
    log "waiting for another infra/local command to finish (lock $RUN_DIR/infra.lock)"
    flock -w 300 9 || die "another infra/local command still holds $RUN_DIR/infra.lock after 300s"
  fi
}

# Resolve the server list from CLI args; no args means all servers.
parse_servers() {
  if [ "$#" -eq 0 ]; then
    SERVERS=("${ALL_SERVERS[@]}")
    return
  fi
  SERVERS=()
  local s known
  for s in "$@"; do
    case "$s" in -h|--help) usage; exit 0 ;; esac
    known=0
    for k in "${ALL_SERVERS[@]}"; do [ "$s" = "$k" ] && known=1; done
    [ "$known" = 1 ] || die "unknown server '$s' (choose from: ${ALL_SERVERS[*]})"
    SERVERS+=("$s")
  done
}

load_server_modules() {
  local s
  for s in "${ALL_SERVERS[@]}"; do
    # shellcheck source=/dev/null
    . "$INFRA_LOCAL_DIR/lib/$s.sh"
  done
}

# ---------------------------------------------------------------- processes

# Alive = exists and is not a zombie. An exited server whose parent is gone
# waits as a zombie until init reaps it, which some inits (containers, VMs)
# do only every second or two; kill -0 alone would count it as running.
pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  [ "$(sed -n 's/^.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# Read a pid file; print the pid only if that process is alive and its
# command line contains $2 (guards against a recycled pid after a reboot).
read_pidfile() {
  local file="$1" expect="$2" pid
  [ -f "$file" ] || return 0
  pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$expect"; then
    echo "$pid"
  fi
}

# Start a command detached from this shell (own session, no stdin, output to
# a log). The pid file is written by the child itself just before exec, so it
# names the real server process even if setsid has to fork.
spawn_detached() {
  local pidfile="$1" logfile="$2"; shift 2
  rm -f "$pidfile"
  # Run from the state dir so stray crash dumps land there, not in the repo;
  # 3>&- ... 9>&- : the server must not inherit (and hold forever) the infra lock, nor a lock
  # the caller holds, e.g. `flock FILE infra/local/up` run by a test harness.
  # shellcheck disable=SC2016  # $$ and $@ are for the child shell
  (cd "$STATE_DIR" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
  for _ in $(seq 1 50); do [ -s "$pidfile" ] && return 0; sleep 0.1; done
  die "could not start: $*"
}

# All descendants of the given pids, the pids themselves included.
process_tree() {
  local roots
  roots="$(echo "$*" | tr -s '[:space:]' ' ')"
  [ -n "${roots// /}" ] || return 0
  ps -e -o pid=,ppid= | awk -v roots="$roots" '
    { kids[$2] = kids[$2] " " $1 }
    END {
      n = split(roots, queue, " "); head = 1
      while (head <= n) {
        p = queue[head++]; if (p in seen) continue; seen[p] = 1; print p
        m = split(kids[p], c, " "); for (i = 1; i <= m; i++) queue[++n] = c[i]
      }
    }'
}

# Resident memory (KiB) summed over the process trees of the given pids.
tree_rss_kib() {
  local pids
  pids="$(process_tree "$@" | paste -sd, -)"
  [ -n "$pids" ] || { echo 0; return; }
  ps -o rss= -p "$pids" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'
}

# Send a signal to a list of pids; an empty list is fine.
signal_pids() {
  local sig="$1" pids
  read -r -a pids <<<"$(echo "${*:2}" | tr -s '[:space:]' ' ')"
  [ "${#pids[@]}" -eq 0 ] || kill "-$sig" "${pids[@]}" 2>/dev/null || true
}

# Send a signal to whole process trees (the last resort of down).
kill_trees() { signal_pids "$1" "$(process_tree "${@:2}")"; }

# ---------------------------------------------------------------- ports

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pids of processes listening on a TCP port (any address).
port_holders() {
  { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' || true; } | cut -d= -f2 | sort -u
}

# "name(pid) ..." for the processes listening on a port, for error messages.
describe_port_holders() {
  local line
  line="$({ ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(.*)' || true; } | sort -u | paste -sd' ' -)"
  if [ -n "$line" ]; then echo "$line"; else echo "an unknown process (run: ss -ltnp 'sport = :$1')"; fi
}

# Fail when one of the server's ports is held by something that is not part
# of our instance (a system service, another checkout's stack, a stray test).
check_ports_free() {
  local server="$1" port holder ours
  ours=" $(process_tree "$("${server}_pids")" | paste -sd' ' -) "
  for port in $("${server}_ports"); do
    for holder in $(port_holders "$port"); do
      case "$ours" in *" $holder "*) continue ;; esac
      die "$server: port $port is already in use by $(describe_port_holders "$port"), which is not the instance these scripts started. Stop it (or free the port) and retry."
    done
  done
}

# all_ports_open "5672 15672"
all_ports_open() {
  local port
  # shellcheck disable=SC2048  # accepts "5672 15672" as well as 5672 15672
  for port in $*; do port_open "$port" || return 1; done
}

# ---------------------------------------------------------------- waiting

# Poll "<server>_ready" until it succeeds, printing progress, within READY_TIMEOUT.
wait_ready() {
  local server="$1" start now last_note=0 missing=0
  start=$SECONDS
  while :; do
    # Twice in a row, half a second apart: while the server's process execs (right after it
    # wrote its pid file), /proc/PID/cmdline can read empty for a moment, and one such read once
    # had a healthy Prometheus taken for dead and the whole infrastructure stopped.
    if [ -z "$("${server}_pids")" ]; then
      missing=$((missing + 1))
      [ "$missing" -lt 2 ] || fail_with_log "$server" "the process exited during startup"
      sleep 0.5
      continue
    fi
    missing=0
    if "${server}_ready" 2>/dev/null; then return 0; fi
    now=$((SECONDS - start))
    if [ "$now" -ge "$READY_TIMEOUT" ]; then
      fail_with_log "$server" "not ready after ${READY_TIMEOUT}s (still running: 'infra/local/down $server' stops it, PATTERN_SHOP_READY_TIMEOUT allows more time)"
    fi
    if [ $((now - last_note)) -ge 5 ]; then
      info "$server" "waiting for readiness... ${now}s"
      last_note=$now
    fi
    sleep 0.5
  done
}

# Remember where this run's output starts in a server's log, so readiness
# checks and error reports look only at this run.
mark_log() {
  stat -c %s "$LOG_DIR/$1.log" 2>/dev/null >"$RUN_DIR/$1.log-offset" || echo 0 >"$RUN_DIR/$1.log-offset"
}

# The log written since mark_log.
log_since_mark() {
  local offset
  offset="$(cat "$RUN_DIR/$1.log-offset" 2>/dev/null || echo 0)"
  tail -c +"$((offset + 1))" "$LOG_DIR/$1.log" 2>/dev/null
}

# The first error lines usually name the cause (a boot failure ends in pages
# of stack traces), so show those, then the end of the log.
fail_with_log() {
  local server="$1" why="$2" run_log errors
  printf 'ERROR: %s: %s.\n' "$server" "$why" >&2
  run_log="$(log_since_mark "$server")"
  errors="$(grep -m 8 -iE '\b(error|fatal|exception|failed)\b' <<<"$run_log" || true)"
  if [ -n "$errors" ]; then
    printf 'First error lines of this run:\n    %s\n' "${errors//$'\n'/$'\n    '}" >&2
  fi
  printf 'Last lines this run wrote to %s:\n' "$LOG_DIR/$server.log" >&2
  if [ -n "$run_log" ]; then
    tail -n 30 <<<"$run_log" | sed 's/^/    /' >&2
  else
    echo "    (nothing logged yet)" >&2
  fi
  exit 1
}

# ---------------------------------------------------------------- installing

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get install the given packages if any is missing; apt-get update runs at
# most once per invocation and only when something has to be installed.
# A temporary policy-rc.d (exit 101) stops Debian packages from starting their
# own system instance (a system postgres/rabbitmq would grab our ports).
APT_UPDATED=0
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "need to install ${missing[*]} but apt-get is not available"
  log "installing ${missing[*]} with apt-get"
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  local made_policy=0 rc=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    made_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || rc=$?
  [ "$made_policy" = 1 ] && as_root rm -f /usr/sbin/policy-rc.d
  [ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed (exit $rc)"
}
