# Sourced by .ci/run: a throw-away PostgreSQL cluster on 127.0.0.1 for the Postgres-tagged tests.
#   start_postgres  installs Debian's postgresql when missing, starts the cluster, exports LIVEREMINDER_TEST_POSTGRES
#   stop_postgres   stops it and removes its directory (run it from a trap)
PG_PORT="${PG_PORT:-54329}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR=""

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ ! -x "$PG_BIN/pg_ctl" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
  fi
  PG_DIR=$(mktemp -d /tmp/livereminder-pg.XXXXXX)
  mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock" -w start >/dev/null
  export LIVEREMINDER_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
