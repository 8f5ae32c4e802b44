#!/usr/bin/env bash
# start (default): starts the development mailbox and the relay and the six services in the background (pid files in
# .local/run/services) and waits until each answers /ready; a service that already answers /health is left running.
# stop: stops what this script started (SIGTERM, 15 s, then SIGKILL); the servers keep running.
set -euo pipefail
cd "$(dirname "$0")/../.."

services=(relay:8090 intake:8081 tiering:8082 sla:8083 feedback:8084 outbound:8086 analytics:8085)
run_dir=.local/run/services
log_dir=.local/run/logs
mailbox_port=${CTP_MAILBOX_PORT:-1025}
mkdir -p "$run_dir" "$log_dir"

answers() { node -e "fetch('http://127.0.0.1:$1$2').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }

start_one() {
  local name=$1 port=$2
  if answers "$port" /health; then
    echo "    $name already running on :$port"
    return
  fi
  # CTP_SERVICE_NODE_OPTIONS: Node's own options for each service (e.g. --heapsnapshot-signal=SIGUSR2, docs/drills.md).
  local settings=()
  if [ -n "${CTP_SERVICE_NODE_OPTIONS:-}" ]; then settings=("NODE_OPTIONS=$CTP_SERVICE_NODE_OPTIONS"); fi
  if [ "$name" = outbound ] && [ -z "${SMTP_URL:-}" ]; then settings+=("SMTP_URL=smtp://127.0.0.1:$mailbox_port"); fi
  NODE_ENV=development PORT=$port API_KEYS_FILE=.local/api-keys.json \
    setsid nohup env "${settings[@]}" node "services/$name/dist/main.js" >>"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
}

listens() { node -e "require('net').connect($1, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"; }

# The development mailbox (services/outbound/dev/mailbox.mjs): outbound's e-mail is kept in .local/mail as .eml files,
# unless SMTP_URL names a mail server of one's own.
start_mailbox() {
  if [ -n "${SMTP_URL:-}" ]; then
    echo "    mailbox not started: outbound sends to SMTP_URL"
  elif listens "$mailbox_port"; then
    echo "    mailbox already listening on :$mailbox_port"
  else
    setsid nohup node services/outbound/dev/mailbox.mjs "$mailbox_port" .local/mail >>"$log_dir/mailbox.log" 2>&1 </dev/null &
    echo $! >"$run_dir/mailbox.pid"
    local deadline=$((SECONDS + 30))
    until listens "$mailbox_port"; do
      if [ $SECONDS -ge $deadline ]; then fail_start mailbox "$mailbox_port" "not listening after 30 s"; fi
      sleep 0.2
    done
    printf '    %-10s smtp://127.0.0.1:%s  mail kept in .local/mail (log: %s)\n' mailbox "$mailbox_port" "$log_dir/mailbox.log"
  fi
}

# What /ready says is not up yet, one line: "start-up: ... is waiting: KafkaJSConnectionError: ...".
# /ready shows the dependencies only to an admin key: the development one from .local/dev-keys.json.
not_ready_reason() {
  node -e "
    let headers = {};
    try { headers = { authorization: 'Bearer ' + require('./.local/dev-keys.json').admin }; } catch {}
    fetch('http://127.0.0.1:$1/ready', { headers }).then((r) => r.json()).then((body) => {
      const down = Object.entries(body.dependencies ?? {}).filter(([, d]) => d.status !== 'up');
      console.log(down.map(([name, d]) => name + ': ' + (d.error ?? 'down')).join('; ') || body.status);
    }, () => console.log('not answering on :$1'));"
}

fail_start() {
  local name=$1 port=$2 why=$3
  {
    echo "!! $name did not become ready on :$port: $why"
    echo "   last lines of $log_dir/$name.log:"
    tail -n 20 "$log_dir/$name.log" | sed 's/^/   | /'
    echo "   when the reason is a server: bash infra/infra status (and its logs in .local/infra/logs);"
    echo "   then run the start command again (bash scripts/start.sh): what already runs is kept."
  } >&2
  exit 1
}

wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + ${CTP_READY_TIMEOUT:-180})) pid="" reason="" said=""
  [ -f "$run_dir/$name.pid" ] && pid=$(tr -dc '0-9' <"$run_dir/$name.pid")
  until answers "$port" /ready; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then fail_start "$name" "$port" "the process exited"; fi
    reason=$(not_ready_reason "$port")
    if [ $SECONDS -ge $deadline ]; then fail_start "$name" "$port" "$reason"; fi
    if [ "$reason" != "$said" ]; then
      echo "    $name waits: $reason"
      said=$reason
    fi
    sleep 1
  done
  printf '    %-10s http://127.0.0.1:%s  ready (log: %s)\n' "$name" "$port" "$log_dir/$name.log"
}

stop_one() {
  local name=$1 main=${2:-services/$1/dist/main.js} file="$run_dir/$1.pid" pid waited=0
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file")
  # only a process that still runs this service's main (a reused pid is left alone)
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$main"; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    echo "    $name stopped"
  fi
  rm -f "$file"
}

case ${1:-start} in
  start)
    echo "==> starting services"
    start_mailbox
    for entry in "${services[@]}"; do start_one "${entry%%:*}" "${entry##*:}"; done
    for entry in "${services[@]}"; do wait_ready "${entry%%:*}" "${entry##*:}"; done
    ;;
  stop)
    echo "==> stopping services"
    for entry in "${services[@]}"; do stop_one "${entry%%:*}"; done
    stop_one mailbox services/outbound/dev/mailbox.mjs
    ;;
  *)
    echo "usage: bash scripts/lib/services.sh [start|stop]" >&2
    exit 2
    ;;
esac
