# shellcheck shell=bash
# PostgreSQL: our own cluster in $STATE/postgres, never the Debian "main" cluster.

PG_DIR="$STATE_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/run"
PG_PORT=5432
PG_PIDFILE="$RUN_DIR/postgres.pid"
PG_SUPERUSER_PASSWORD=postgres_dev   # local development default only

postgres_ports() { echo "$PG_PORT"; }

postgres_pids() { read_pidfile "$PG_PIDFILE" "$PG_DATA"; }

# Newest installed server, unless the cluster was made by a specific major version.
postgres_bindir() {
  if [ -f "$PG_DATA/PG_VERSION" ] && [ -x "/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin/postgres" ]; then
    echo "/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin"
    return
  fi
  find /usr/lib/postgresql -maxdepth 3 -path '*/bin/postgres' 2>/dev/null | sort -V | tail -n1 | xargs -r dirname
}

# PostgreSQL refuses to run as root: when we are root the cluster belongs to
# the "postgres" OS user; otherwise it simply runs as the invoking user.
postgres_os_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

# setpriv execs in place (unlike su/runuser), so the pid we record is the server's.
PG_AS_USER=()
if [ "$(id -u)" -eq 0 ]; then PG_AS_USER=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
as_pg_user() { "${PG_AS_USER[@]}" "$@"; }

postgres_install() {
  [ -n "$(postgres_bindir)" ] || apt_install postgresql
  [ -n "$(postgres_bindir)" ] || die "postgres: no server binaries under /usr/lib/postgresql after install"
  command -v psql >/dev/null || apt_install postgresql-client
}

# One-time initdb; safe to call on every start.
postgres_init_cluster() {
  local user bin
  user="$(postgres_os_user)"
  bin="$(postgres_bindir)"
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  chmod 0755 "$PG_DIR"
  chown "$user:" "$PG_DATA" "$PG_SOCKET_DIR"
  chmod 0700 "$PG_DATA"
  as_pg_user test -w "$PG_DATA" ||
    die "postgres: OS user '$user' cannot reach $PG_DATA; every parent directory must be traversable (o+x), or set PATTERN_SHOP_STATE_DIR to a path that is"
  [ -f "$PG_DATA/PG_VERSION" ] && return 0

  info postgres "initdb in $PG_DATA"
  local pwfile="$PG_DIR/.pwfile"
  (umask 077 && echo "$PG_SUPERUSER_PASSWORD" >"$pwfile")
  chown "$user:" "$pwfile"
  as_pg_user "$bin/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >>"$LOG_DIR/postgres.log" 2>&1 ||
    { rm -f "$pwfile"; fail_with_log postgres "initdb failed"; }
  rm -f "$pwfile"
  echo "include_if_exists = 'pattern-shop.conf'" >>"$PG_DATA/postgresql.conf"
}

postgres_start() {
  postgres_init_cluster
  local user
  user="$(postgres_os_user)"
  # Config lives in the repo; copying it on each start picks up edits.
  install -m 0600 -o "$user" "$INFRA_LOCAL_DIR/postgres/postgresql.conf" "$PG_DATA/pattern-shop.conf"
  install -m 0600 -o "$user" "$INFRA_LOCAL_DIR/postgres/pg_hba.conf" "$PG_DATA/pg_hba.conf"
  # A postmaster.pid left by a crash is handled by postgres itself (it checks the pid).
  spawn_detached "$PG_PIDFILE" "$LOG_DIR/postgres.log" \
    "${PG_AS_USER[@]}" "$(postgres_bindir)/postgres" -D "$PG_DATA" -k "$PG_SOCKET_DIR"
}

postgres_ready() {
  "$(postgres_bindir)/pg_isready" -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres && port_open "$PG_PORT"
}

postgres_psql() {
  psql -X -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"
}

# Roles and databases come from infra/db/init.sql (shared with docker compose).
postgres_provision() {
  postgres_psql -d postgres -f "$REPO_DIR/infra/db/init.sql" >/dev/null ||
    die "postgres: applying infra/db/init.sql failed"
  info postgres "applied infra/db/init.sql"
}

# SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
postgres_stop() { signal_pids INT "$(postgres_pids)"; }
