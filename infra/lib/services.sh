# shellcheck shell=bash
# Application services started by another script, tracked as .local/run/services/<name>.pid.
# infra/infra only stops them (before the servers they depend on) and reports them.

SERVICE_STOP_TIMEOUT="${CTP_SERVICE_STOP_TIMEOUT:-15}"

service_pidfiles() {
  [[ -d $SERVICES_PID_DIR ]] || return 0
  find "$SERVICES_PID_DIR" -maxdepth 1 -type f -name '*.pid' | sort
}

services_down() {
  local f name pid
  while IFS= read -r f; do
    name=$(basename "$f" .pid)
    pid=$(read_pid "$f" || true)
    if pid_alive "$pid"; then
      stop_pid "service:$name" "$pid" "$SERVICE_STOP_TIMEOUT" TERM
    else
      say "service:$name" "not running (stale pid file)"
    fi
    rm -f "$f"
  done < <(service_pidfiles)
}

services_status() {
  local f name pid any=0
  while IFS= read -r f; do
    if ((any == 0)); then
      printf 'services (%s):\n' "$SERVICES_PID_DIR"
      any=1
    fi
    name=$(basename "$f" .pid)
    pid=$(read_pid "$f" || true)
    if pid_alive "$pid"; then
      printf '  %-10s %-24s pid %s\n' "$name" running "$pid"
    else
      printf '  %-10s %-24s (stale pid file %s)\n' "$name" stopped "$f"
    fi
  done < <(service_pidfiles)
  ((any == 1)) || printf 'services: none (no pid files in %s)\n' "$SERVICES_PID_DIR"
}
