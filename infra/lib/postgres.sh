# shellcheck shell=bash
# PostgreSQL (Debian packages) as our own cluster on 127.0.0.1:$PG_PORT. Sourced by infra/infra.

PG_DATA="$DATA_DIR/postgres"     # real path of the cluster (see pg_paths)
PG_LOG="$LOG_DIR/postgres.log"    # the path we show; a symlink in external mode
PG_LOG_REAL="$PG_LOG"             # the file postgres writes
PG_SOCK_DIR="$RUN_DIR/pgsock"
PG_EXTERNAL_BASE="${CTP_PG_EXTERNAL_DIR:-/var/lib/ctp-infra}"
PG_PIDFILE="$RUN_DIR/postgres.pid"
PG_OS_USER=postgres
PG_START_TIMEOUT="${CTP_PG_START_TIMEOUT:-60}"

pg_bindir() {
  local d
  d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1)
  [[ -n $d ]] && dirname "$d"
}

pg_ensure_installed() {
  if [[ -z $(pg_bindir) ]]; then
    apt_install postgresql
  fi
  [[ -n $(pg_bindir) ]] || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin after install"
  id -u "$PG_OS_USER" >/dev/null 2>&1 || die "OS user '$PG_OS_USER' is missing (it comes with Debian's postgresql package)"
}

# The postgres OS user must be able to reach its data directory. When the repository
# sits below a directory it cannot search (e.g. a clone under /root, mode 700), the
# cluster, its log and socket live in $PG_EXTERNAL_BASE/<hash of repo path>/ instead,
# linked from .local/infra/data/postgres and .local/infra/logs/postgres.log.
# pg_paths [create]: pick the paths; with "create", switch to external mode if needed.
pg_paths() {
  local link="$DATA_DIR/postgres" ext=""
  if [[ -L $link ]]; then
    ext=$(dirname "$(readlink "$link")")
  elif [[ ${1:-} == create ]] && ! as_pg test -x "$STATE_DIR" 2>/dev/null; then
    ext="$PG_EXTERNAL_BASE/$(printf '%s' "${CTP_INFRA_STATE_DIR:-$REPO_ROOT}" | sha256sum | cut -c1-12)"
    say postgres "the '$PG_OS_USER' OS user cannot reach $STATE_DIR; keeping the cluster in $ext (linked from .local/infra)"
    install -d -m 755 "$ext"
    if [[ -f $link/PG_VERSION ]]; then
      die "$link holds a cluster the '$PG_OS_USER' user cannot reach; move the repo or run 'infra/infra reset'"
    fi
    rm -rf "$link" # an uninitialised in-repo dir from an earlier attempt
    ln -sfn "$ext/data" "$link"
    ln -sfn "$ext/postgres.log" "$PG_LOG"
  fi
  if [[ -n $ext ]]; then
    PG_DATA="$ext/data" PG_LOG_REAL="$ext/postgres.log" PG_SOCK_DIR="$ext/sock"
  elif ((${#PG_SOCK_DIR} > 90)); then
    PG_SOCK_DIR=/tmp # unix socket paths are limited to 107 bytes
  fi
}

# reset: delete an external cluster directory, if this repo uses one
pg_forget_external() {
  local link="$DATA_DIR/postgres" ext
  [[ -L $link ]] || return 0
  ext=$(dirname "$(readlink "$link")")
  if [[ $ext == "$PG_EXTERNAL_BASE"/* && $(basename "$ext") =~ ^[0-9a-f]{12}$ ]]; then
    say postgres "deleting external cluster directory $ext"
    rm -rf "$ext"
  fi
}

as_pg() { (cd / && runuser -u "$PG_OS_USER" -- "$@"); }

pg_url() { printf 'postgres://ctp:ctp@%s:%s/%s\n' "$BIND_HOST" "$PG_PORT" "$1"; }

# ready = accepts connections AND role ctp can run SELECT 1 in ctp_test
pg_ready() {
  "$(pg_bindir)/pg_isready" -q -h "$BIND_HOST" -p "$PG_PORT" -d postgres &&
    PGCONNECT_TIMEOUT=3 "$(pg_bindir)/psql" -X -q -At -c 'SELECT 1' "$(pg_url ctp_test)" | grep -qx 1
}

# pid of the running postmaster of our data directory, if any
pg_pid() {
  local pid
  pid=$(read_pid "$PG_DATA/postmaster.pid" 2>/dev/null || true)
  if [[ -n $pid ]] && pid_matches "$pid" postgres; then
    printf '%s\n' "$pid"
    return 0
  fi
  return 1
}

pg_write_conf() {
  local sockdir=$1
  cat >"$PG_DATA/ctp-infra.conf" <<EOF
# Written by infra/infra on every start; edit infra/lib/postgres.sh instead.
listen_addresses = '$BIND_HOST'
port = $PG_PORT
unix_socket_directories = '$sockdir'
max_connections = 400
shared_buffers = 256MB
effective_cache_size = 2GB
work_mem = 8MB
maintenance_work_mem = 128MB
wal_buffers = 16MB
min_wal_size = 256MB
max_wal_size = 2GB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
random_page_cost = 1.1
effective_io_concurrency = 100
max_parallel_workers_per_gather = 0
max_locks_per_transaction = 128
jit = off
huge_pages = off
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  chown "$PG_OS_USER:" "$PG_DATA/ctp-infra.conf"
  grep -qF "include_if_exists = 'ctp-infra.conf'" "$PG_DATA/postgresql.conf" ||
    printf "\ninclude_if_exists = 'ctp-infra.conf'\n" >>"$PG_DATA/postgresql.conf"
}

pg_initdb() {
  say postgres "initdb into $PG_DATA"
  install -d -m 700 -o "$PG_OS_USER" -g "$(id -gn "$PG_OS_USER")" "$PG_DATA"
  as_pg "$(pg_bindir)/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >>"$PG_LOG_REAL" 2>&1 ||
    fail_server postgres "$PG_LOG" "initdb failed"
}

# role ctp/ctp and databases ctp, ctp_test, ferretdb (idempotent), as superuser over the socket
pg_bootstrap() {
  as_pg "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK_DIR" -p "$PG_PORT" -d postgres >>"$PG_LOG_REAL" 2>&1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ctp') THEN
    CREATE ROLE ctp LOGIN CREATEDB PASSWORD 'ctp';
  ELSE
    ALTER ROLE ctp LOGIN CREATEDB PASSWORD 'ctp';
  END IF;
END $$;
SELECT format('CREATE DATABASE %I OWNER ctp', d)
  FROM unnest(ARRAY['ctp', 'ctp_test', 'ferretdb']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)
\gexec
SQL
}

pg_up() {
  local pid
  pg_paths
  if pid=$(pg_pid); then
    printf '%s\n' "$pid" >"$PG_PIDFILE"
    if pg_ready; then
      say postgres "already running (pid $pid) on $BIND_HOST:$PG_PORT"
      return 0
    fi
    say postgres "running (pid $pid) but not answering as ctp yet; (re)applying bootstrap"
    wait_ready postgres "$PG_LOG" "$PG_START_TIMEOUT" "$pid" \
      "$(pg_bindir)/pg_isready" -q -h "$BIND_HOST" -p "$PG_PORT" || return 1
    pg_bootstrap || { fail_server postgres "$PG_LOG" "creating role/databases failed"; return 1; }
    wait_ready postgres "$PG_LOG" 10 "$pid" pg_ready
    return
  fi

  rm -f "$PG_PIDFILE"
  pg_paths create
  rotate_log "$PG_LOG_REAL"
  touch "$PG_LOG_REAL" && chown "$PG_OS_USER:" "$PG_LOG_REAL"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    pg_initdb || return 1
  elif [[ $(stat -c %U "$PG_DATA") != "$PG_OS_USER" ]]; then
    chown -R "$PG_OS_USER:" "$PG_DATA"
  fi
  # a crash can leave postmaster.pid behind with a pid now used by something else
  rm -f "$PG_DATA/postmaster.pid"

  [[ $PG_SOCK_DIR == /tmp ]] || install -d -m 755 -o "$PG_OS_USER" "$PG_SOCK_DIR"
  pg_write_conf "$PG_SOCK_DIR"
  require_port_free postgres "$PG_PORT" || return 1

  say postgres "starting on $BIND_HOST:$PG_PORT"
  if ! as_pg "$(pg_bindir)/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG_REAL" -w -t "$PG_START_TIMEOUT" -s 9>&-; then
    fail_server postgres "$PG_LOG" "pg_ctl start failed"
    return 1
  fi
  pid=$(pg_pid) || { fail_server postgres "$PG_LOG" "started but postmaster.pid is missing"; return 1; }
  printf '%s\n' "$pid" >"$PG_PIDFILE"
  write_addr postgres "$BIND_HOST:$PG_PORT"
  pg_bootstrap || { fail_server postgres "$PG_LOG" "creating role ctp / databases failed"; return 1; }
  wait_ready postgres "$PG_LOG" 20 "$pid" pg_ready || return 1
  say postgres "ready (pid $pid)"
}

pg_down() {
  local pid
  pg_paths
  pid=$(pg_pid || server_pid postgres postgres || true)
  if [[ -z $pid ]]; then
    say postgres "not running"
  else
    # SIGINT = "fast" shutdown (SIGTERM would wait for every client to disconnect)
    stop_pid postgres "$pid" "${CTP_PG_STOP_TIMEOUT:-30}" INT
  fi
  rm -f "$PG_PIDFILE"
}
