#!/bin/bash
# The parts of the official entrypoint that docker-compose.yml relies on: first start initialises
# the cluster with POSTGRES_USER / POSTGRES_PASSWORD and runs /docker-entrypoint-initdb.d/*.sql
# on a server that listens on the Unix socket only; every start then serves on all interfaces.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set, as for the official image}"
user="${POSTGRES_USER:-postgres}"
as_postgres() { runuser -u postgres -- "$@"; }

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown postgres:postgres "$PGDATA" /run/postgresql
  chmod 0700 "$PGDATA"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb --username="$user" --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$f" ] || continue
    echo "running $f"
    as_postgres psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -f "$f"
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi

exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
