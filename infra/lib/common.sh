# shellcheck shell=bash disable=SC2034 # (variables are used by the other lib files)
# Shared paths and helpers for infra/infra. Sourced, never executed.

# ---------------------------------------------------------------- layout
# REPO_ROOT and INFRA_DIR are set by infra/infra before sourcing this file.
# CTP_INFRA_STATE_DIR puts a second set of servers elsewhere (with other CTP_*_PORT), e.g. for the
# fresh-start test; its services' pid files then live there too, so its 'down' stops only its own.
STATE_DIR="${CTP_INFRA_STATE_DIR:-$REPO_ROOT/.local/infra}"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
CONF_DIR="$STATE_DIR/conf"
ENV_FILE="$STATE_DIR/env.sh"
if [[ -n ${CTP_INFRA_STATE_DIR:-} ]]; then SERVICES_PID_DIR="$STATE_DIR/services"; else SERVICES_PID_DIR="$REPO_ROOT/.local/run/services"; fi
CACHE_DIR="${CTP_CACHE_DIR:-${HOME:?HOME is not set}/.cache/ctp-infra}"

BIND_HOST=127.0.0.1
PG_PORT="${CTP_PG_PORT:-5433}"
KAFKA_PORT="${CTP_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CTP_KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${CTP_MONGO_PORT:-27017}"

LOG_TAIL_LINES=30
LOG_ROTATE_BYTES=$((50 * 1024 * 1024))

# ---------------------------------------------------------------- messages
say() { printf '[%s] %s\n' "$1" "${*:2}"; }
warn() { printf '[%s] WARNING: %s\n' "$1" "${*:2}" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# fail_server NAME LOGFILE MESSAGE...: explain which server failed, show its log, return 1.
fail_server() {
  local name=$1 log=$2
  shift 2
  {
    printf '[%s] FAILED: %s\n' "$name" "$*"
    if [[ -s $log ]]; then
      printf '[%s] last %d lines of %s:\n' "$name" "$LOG_TAIL_LINES" "$log"
      tail -n "$LOG_TAIL_LINES" "$log" | sed 's/^/    | /'
    else
      printf '[%s] log %s is empty or missing\n' "$name" "$log"
    fi
    printf '[%s] full log: %s\n' "$name" "$log"
  } >&2
  return 1
}

on_err() {
  [[ $4 == return* ]] && return 0 # a function reporting failure has already said why
  printf '[infra] ERROR: command failed (exit %s) at %s:%s: %s\n' "$1" "$2" "$3" "$4" >&2
}

# ---------------------------------------------------------------- small utils
now_s() { date +%s; }

ensure_state_dirs() {
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$CONF_DIR" "$CACHE_DIR"
  # the postgres OS user must be able to traverse into data/ and logs/
  chmod 755 "$STATE_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
  chmod o+x "$(dirname "$STATE_DIR")" 2>/dev/null || true
}

# Move a log aside when it grew large (keeps one previous generation).
rotate_log() {
  local log=$1 size
  [[ -f $log ]] || return 0
  size=$(stat -c %s "$log")
  if ((size > LOG_ROTATE_BYTES)); then
    mv -f "$log" "$log.1"
  fi
}

# Short content hash of files (and extra strings) for cache keys.
cache_key() {
  local f
  {
    for f in "$@"; do
      if [[ -f $f ]]; then cat "$f"; else printf '%s\n' "$f"; fi
    done
  } | sha256sum | cut -c1-16
}

# apt_install PKG...: install Debian packages (root, non-interactive).
apt_install() {
  ((EUID == 0)) || die "need root to apt-get install $*"
  say infra "installing Debian packages: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_cmd CMD PKG: make sure CMD exists, installing Debian package PKG if not.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2"
  command -v "$1" >/dev/null 2>&1 || die "'$1' still missing after installing $2"
}

# ---------------------------------------------------------------- ports
port_open() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

# fail if something already listens on PORT (used before starting our own server)
require_port_free() {
  local name=$1 port=$2 who=""
  port_open "$port" || return 0
  command -v ss >/dev/null && who=$(ss -Hltnp "sport = :$port" 2>/dev/null | awk '{print $NF}' | head -n 1)
  printf '[%s] FAILED: port %s:%s is already in use by a process infra/infra did not start%s\n' \
    "$name" "$BIND_HOST" "$port" "${who:+ ($who)}" >&2
  printf '[%s] stop that process, or choose other ports with CTP_PG_PORT / CTP_KAFKA_PORT / CTP_KAFKA_CONTROLLER_PORT / CTP_MONGO_PORT\n' "$name" >&2
  return 1
}

# ---------------------------------------------------------------- pids
read_pid() { [[ -f $1 ]] && head -n 1 "$1" | tr -dc '0-9'; }
pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# pid_matches PID PATTERN: alive and its command line contains PATTERN (guards against pid reuse)
pid_matches() {
  pid_alive "$1" || return 1
  [[ -z ${2:-} ]] && return 0
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# server_pid NAME PATTERN: the pid from run/NAME.pid if that process is still ours; cleans stale files
server_pid() {
  local file="$RUN_DIR/$1.pid" pid
  pid=$(read_pid "$file" || true)
  if [[ -n $pid ]] && pid_matches "$pid" "$2"; then
    printf '%s\n' "$pid"
    return 0
  fi
  [[ -f $file ]] && rm -f "$file"
  return 1
}

# stop_pid LABEL PID TIMEOUT_S [FIRST_SIGNAL]: signal, wait, then SIGKILL.
stop_pid() {
  local label=$1 pid=$2 timeout=$3 sig=${4:-TERM} waited=0
  pid_alive "$pid" || return 0
  say "$label" "stopping pid $pid (SIG$sig)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  while pid_alive "$pid" && ((waited < timeout * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if pid_alive "$pid"; then
    warn "$label" "pid $pid still alive after ${timeout}s, sending SIGKILL"
    kill -s KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  say "$label" "stopped"
}

# wait_ready NAME LOG TIMEOUT_S PID CHECK_FN [ARGS...]: poll CHECK_FN until it succeeds.
# Fails early (with the log) when PID dies.
wait_ready() {
  local name=$1 log=$2 timeout=$3 pid=$4
  shift 4
  local deadline=$(($(now_s) + timeout))
  while :; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      fail_server "$name" "$log" "process $pid exited during start-up"
      return 1
    fi
    if (($(now_s) >= deadline)); then
      fail_server "$name" "$log" "not answering after ${timeout}s (check: $*)"
      return 1
    fi
    sleep 0.3
  done
}

# launch LOG PIDFILE CMD...: start CMD detached (own session, stdin /dev/null,
# output appended to LOG, lock fd closed) and record its pid.
launch() {
  local log=$1 pidfile=$2
  shift 2
  rotate_log "$log"
  printf '\n===== %s starting: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  setsid "$@" </dev/null >>"$log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$pidfile"
}

# launch_ready NAME LOG PIDFILE TIMEOUT READY_FN ADDR CMD...: launch CMD, record its address, and
# wait until READY_FN answers.
launch_ready() {
  local name=$1 log=$2 pidfile=$3 timeout=$4 ready=$5 addr=$6 pid
  shift 6
  launch "$log" "$pidfile" "$@"
  pid=$(read_pid "$pidfile")
  write_addr "$name" "$addr"
  wait_ready "$name" "$log" "$timeout" "$pid" "$ready" || return 1
  say "$name" "ready (pid $pid)"
}

# stop_server NAME MATCH PIDFILE TIMEOUT: SIGTERM the server 'up' started, if it runs.
stop_server() {
  local name=$1 match=$2 pidfile=$3 timeout=$4 pid
  if pid=$(server_pid "$name" "$match"); then
    stop_pid "$name" "$pid" "$timeout" TERM
  else
    say "$name" "not running"
  fi
  rm -f "$pidfile"
}

probe() { python3 "$INFRA_DIR/lib/probe.py" "$@"; }

write_addr() { printf '%s\n' "$2" >"$RUN_DIR/$1.addr"; }
read_addr() { if [[ -f $RUN_DIR/$1.addr ]]; then cat "$RUN_DIR/$1.addr"; else printf '%s\n' "$2"; fi; }
