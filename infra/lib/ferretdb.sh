# shellcheck shell=bash
# FerretDB 1.24 (MongoDB wire protocol on PostgreSQL), built from infra/ferretdb. Sourced by infra/infra.

FERRET_SRC="$INFRA_DIR/ferretdb"
FERRET_LOG="$LOG_DIR/ferretdb.log"
FERRET_BUILD_LOG="$LOG_DIR/ferretdb-build.log"
FERRET_PIDFILE="$RUN_DIR/ferretdb.pid"
FERRET_BIN_NAME=ctp-ferretdb
# the SQLite backend (modernc.org/sqlite) is by far the slowest package to compile; we use PostgreSQL
FERRET_TAGS=ferretdb_no_sqlite
FERRET_START_TIMEOUT="${CTP_FERRETDB_START_TIMEOUT:-30}"

go_bin() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    printf '%s\n' /usr/local/go/bin/go
  else
    return 1
  fi
}

ferret_bin() {
  local key
  key=$(cache_key "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC/main.go" "$FERRET_SRC"/patches/*.patch \
    "tags=$FERRET_TAGS" "$("$(go_bin)" env GOVERSION 2>/dev/null || true)")
  printf '%s/ferretdb/%s/%s\n' "$CACHE_DIR" "$key" "$FERRET_BIN_NAME"
}

# Each patch of infra/ferretdb/patches changes FerretDB's files (each says why), with paths from its module's folder.
# Go's module cache is read-only, so the build runs on a vendored copy of the wrapper's modules with the patches applied.
FERRET_PATCHED_MODULE=github.com/FerretDB/FerretDB

# The wrapper's sources and its vendored modules, FerretDB's files patched, in $1.
ferret_patched_source() {
  local dir=$1 go patch
  go=$(go_bin)
  rm -rf "$dir" && mkdir -p "$dir" &&
    cp "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC/main.go" "$dir/" &&
    (cd "$dir" && GOTOOLCHAIN=local GOFLAGS=-modcacherw GOWORK=off GOMODCACHE="$CACHE_DIR/go/mod" "$go" mod vendor) || return 1
  for patch in "$FERRET_SRC"/patches/*.patch; do
    (cd "$dir/vendor/$FERRET_PATCHED_MODULE" && git apply -p1 "$patch") || return 1
  done
}

ferret_addr() { printf '%s:%s\n' "$BIND_HOST" "$MONGO_PORT"; }

# go build the wrapper once per source/toolchain change; modules and build cache live in the cache dir
ferretdb_build() {
  local go
  go=$(go_bin) || die "go not found: FerretDB needs Go >= 1.24 (/usr/local/go/bin/go)"
  local bin
  bin=$(ferret_bin)
  [[ -x $bin ]] && return 0
  say ferretdb "building $FERRET_BIN_NAME (FerretDB wrapper) into $bin (log: $FERRET_BUILD_LOG)"
  mkdir -p "$(dirname "$bin")"
  local src="$CACHE_DIR/ferretdb/source.$$"
  if ! (ferret_patched_source "$src" && cd "$src" &&
    GOTOOLCHAIN=local GOFLAGS=-modcacherw GOWORK=off CGO_ENABLED=0 \
      GOMODCACHE="$CACHE_DIR/go/mod" GOCACHE="$CACHE_DIR/go/build" \
      "$go" build -mod=vendor -trimpath -buildvcs=false -tags "$FERRET_TAGS" \
      -o "$bin.tmp.$$" .) >>"$FERRET_BUILD_LOG" 2>&1; then
    rm -rf "$bin.tmp.$$" "$src"
    fail_server ferretdb "$FERRET_BUILD_LOG" "go build of infra/ferretdb failed"
    return 1
  fi
  rm -rf "$src"
  mv -f "$bin.tmp.$$" "$bin"
}

ferretdb_ready() { probe mongo "$(ferret_addr)"; }

# GIN index on (_jsonb->'_id') for every FerretDB table, present and future (infra/ferretdb/id-index.sql):
# without it FerretDB 1.24 reads the whole table on every lookup by _id. Idempotent, run on every
# `up` (also when FerretDB is already running), as superuser over the socket. psql's stderr goes to
# the PostgreSQL log.
ferretdb_pg_setup() {
  local out missing
  pg_paths
  out=$(as_pg "$(pg_bindir)/psql" -X -q -At -h "$PG_SOCK_DIR" -p "$PG_PORT" -d ferretdb \
    <"$FERRET_SRC/id-index.sql" 2>>"$PG_LOG_REAL") ||
    { fail_server ferretdb "$PG_LOG" "installing the _id index trigger in database ferretdb failed"; return 1; }
  missing=$(tail -n 1 <<<"$out")
  [[ $missing == 0 ]] || warn ferretdb "$missing FerretDB table(s) still lack the _id GIN index (see $PG_LOG); 'up' again retries"
  # The same beside every single-field index (infra/ferretdb/field-indexes.sql): FerretDB filters `field = value` with @>.
  as_pg "$(pg_bindir)/psql" -X -q -At -h "$PG_SOCK_DIR" -p "$PG_PORT" -d ferretdb \
    <"$FERRET_SRC/field-indexes.sql" >/dev/null 2>>"$PG_LOG_REAL" ||
    warn ferretdb "installing the field index trigger in database ferretdb failed (see $PG_LOG): lookups by field read whole tables"
}

ferretdb_up() {
  local pid
  ferretdb_pg_setup || return 1
  if pid=$(server_pid ferretdb "$FERRET_BIN_NAME"); then
    if ferretdb_ready >/dev/null 2>&1; then
      say ferretdb "already running (pid $pid) on $(ferret_addr)"
      return 0
    fi
    say ferretdb "running (pid $pid) but not answering yet; waiting"
    wait_ready ferretdb "$FERRET_LOG" "$FERRET_START_TIMEOUT" "$pid" ferretdb_ready
    return
  fi
  ferretdb_build || return 1
  require_port_free ferretdb "$MONGO_PORT" || return 1

  say ferretdb "starting on $(ferret_addr) (backend $(pg_url ferretdb))"
  launch_ready ferretdb "$FERRET_LOG" "$FERRET_PIDFILE" "$FERRET_START_TIMEOUT" ferretdb_ready "$(ferret_addr)" \
    "$(ferret_bin)" -listen-addr "$(ferret_addr)" -handler postgresql -postgresql-url "$(pg_url ferretdb)?pool_max_conns=150"
}

ferretdb_down() { stop_server ferretdb "$FERRET_BIN_NAME" "$FERRET_PIDFILE" "${CTP_FERRETDB_STOP_TIMEOUT:-15}"; }
