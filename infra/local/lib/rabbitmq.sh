# shellcheck shell=bash
# RabbitMQ: our own node pattern-shop@localhost from the Debian package, with
# all state in $STATE/rabbitmq. It runs as the invoking user (root is fine for
# RabbitMQ), started through /usr/lib/rabbitmq/bin directly: the /usr/sbin
# wrappers would su to the rabbitmq user, cd to /var/lib/rabbitmq and swap HOME.

RMQ_DIR="$STATE_DIR/rabbitmq"
RMQ_NODE=pattern-shop@localhost
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_PIDFILE="$RUN_DIR/rabbitmq.pid"          # the launcher script (it forwards signals to the VM)
RMQ_BEAM_PIDFILE="$RMQ_DIR/rabbitmq.pid"     # written by the VM itself
RMQ_USER=shop RMQ_PASS=shop_dev              # local development default only

# Everything the node and its CLI need to find each other and stay out of /etc and /var.
RMQ_ENV=(
  HOME="$RMQ_DIR"                                        # the Erlang cookie lives here
  RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"    # ignore /etc/rabbitmq/rabbitmq-env.conf
  RABBITMQ_CONFIG_FILE="$INFRA_LOCAL_DIR/rabbitmq/rabbitmq.conf"
  RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
  RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  RABBITMQ_NODENAME="$RMQ_NODE"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT=5672
  RABBITMQ_DIST_PORT=25672
  RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  RABBITMQ_PID_FILE="$RMQ_BEAM_PIDFILE"
  ERL_EPMD_ADDRESS=127.0.0.1
  ERL_CRASH_DUMP="$RMQ_DIR/erl_crash.dump"
  # The package default minus its huge process/atom tables (+P 1048576,
  # +t 5000000), which cost ~30 MiB resident on an idle dev node.
  RABBITMQ_SERVER_ERL_ARGS="+P 131072 +t 1000000 +stbt db +zdbbl 128000 +sbwt none +sbwtdcpu none +sbwtdio none"
  # Erlang distribution (CLI <-> node) on loopback only.
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
)

rabbitmq_ports() { echo 5672 15672 25672; }

rabbitmq_pids() {
  { read_pidfile "$RMQ_PIDFILE" rabbitmq-server; read_pidfile "$RMQ_BEAM_PIDFILE" beam; } | sort -u
}

# epmd is a separate daemon the VM launches; count it towards our memory.
rabbitmq_extra_pids() { port_holders 4369; }

rmqctl() { env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODE" "$@"; }

rabbitmq_install() {
  [ -x "$RMQ_BIN/rabbitmq-server" ] && return 0
  apt_install rabbitmq-server
  rabbitmq_stop_system_instance
}

# Should the package's own node (rabbit@<host>, user rabbitmq) have started
# despite policy-rc.d, stop it and its epmd: they would hold 5672/4369 on all interfaces.
rabbitmq_stop_system_instance() {
  local pids
  pids="$(pgrep -u rabbitmq -d' ' 'beam.smp|epmd' || true)"
  [ -n "$pids" ] || return 0
  info rabbitmq "stopping the Debian package's own RabbitMQ node (pids $pids)"
  as_root /usr/sbin/rabbitmqctl stop >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  as_root kill $pids 2>/dev/null || true
}

# The cookie must match between node and CLI. Reusing the package's cookie
# also lets a root shell use the stock `rabbitmqctl -n pattern-shop@localhost`.
rabbitmq_cookie() {
  local cookie="$RMQ_DIR/.erlang.cookie"
  [ -s "$cookie" ] && return 0
  if [ -r /var/lib/rabbitmq/.erlang.cookie ]; then
    cp /var/lib/rabbitmq/.erlang.cookie "$cookie"
  else
    (umask 077 && tr -dc '[:upper:]' </dev/urandom | head -c 20 >"$cookie")
  fi
  chmod 0400 "$cookie"
}

rabbitmq_start() {
  mkdir -p "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  chmod 0700 "$RMQ_DIR"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
  rabbitmq_cookie
  rm -f "$RMQ_BEAM_PIDFILE"
  spawn_detached "$RMQ_PIDFILE" "$LOG_DIR/rabbitmq.log" env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmq-server"
}

# Ready = both listeners open and the node logged the end of its boot in this
# run (the log line is what `rabbitmqctl await_startup` waits for, without the
# ~1 s of CPU each CLI call costs).
rabbitmq_ready() {
  all_ports_open 5672 15672 || return 1
  log_since_mark rabbitmq | grep -q 'Server startup complete'
}

# The shop user (the operator's) normally comes from default_user in rabbitmq.conf on first boot;
# re-create it with the CLI only if it is missing or was changed. Then the services' own users.
rabbitmq_provision() {
  if curl -fsS -o /dev/null -u "$RMQ_USER:$RMQ_PASS" "http://127.0.0.1:15672/api/permissions/%2F/$RMQ_USER" 2>/dev/null &&
     curl -fsS -u "$RMQ_USER:$RMQ_PASS" http://127.0.0.1:15672/api/whoami 2>/dev/null | grep -q administrator; then
    info rabbitmq "user '$RMQ_USER' present (administrator, full rights on vhost /)"
  else
    info rabbitmq "creating user '$RMQ_USER'"
    rmqctl -q add_user "$RMQ_USER" "$RMQ_PASS" >/dev/null 2>&1 ||
      rmqctl -q change_password "$RMQ_USER" "$RMQ_PASS" >/dev/null
    rmqctl -q set_user_tags "$RMQ_USER" administrator >/dev/null
    rmqctl -q set_permissions -p / "$RMQ_USER" '.*' '.*' '.*' >/dev/null
  fi
  rabbitmq_provision_identities
}

# A user per service with least privilege (docs/security.md, Broker identities): the definitions
# compose loads too, generated from libs/contracts/src/broker-identities.ts. Importing them
# through the management API creates or updates users and permissions, so it is idempotent.
RMQ_IDENTITIES="$INFRA_LOCAL_DIR/../rabbitmq/broker-identities.json"
rabbitmq_provision_identities() {
  curl -fsS -o /dev/null -u "$RMQ_USER:$RMQ_PASS" -H 'content-type: application/json' \
    --data-binary "@$RMQ_IDENTITIES" http://127.0.0.1:15672/api/definitions ||
    die "rabbitmq: could not import the service users from $RMQ_IDENTITIES"
  info rabbitmq "service users present: $(grep -o '"user": "[a-z-]*-[a-z]*"' "$RMQ_IDENTITIES" | sort -u | sed 's/.*: "\(.*\)"/\1/' | tr '\n' ' ')"
}

# SIGTERM makes the VM shut down gracefully; the launcher script then exits with it.
# RabbitMQ 3.10 (Debian 12) stalls 5 s in that shutdown: the management agent's
# event handler, removed while the node stops, waits on the stopping node
# (fixed upstream in 3.13, rabbitmq-server PR 11070). Removing the handler first,
# while the node still runs, takes ~0.3 s and brings the whole stop to ~1.5 s.
rabbitmq_stop() {
  local beam
  rmqctl -q --timeout 5 eval 'gen_event:delete_handler(rabbit_event, rabbit_mgmt_db_handler, []).' >/dev/null 2>&1 || true
  beam="$(read_pidfile "$RMQ_BEAM_PIDFILE" beam)"
  signal_pids TERM "${beam:-$(rabbitmq_pids)}"
}

# After the node is gone, stop epmd too if no other Erlang node uses it.
rabbitmq_after_stop() {
  local epmd
  epmd="$(command -v epmd || find /usr/lib/erlang -name epmd -type f -perm -u+x 2>/dev/null | head -n1 || true)"
  [ -n "$epmd" ] || return 0
  if ! ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -names 2>/dev/null | grep -q '^name '; then
    ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -kill >/dev/null 2>&1 || true
  fi
}
