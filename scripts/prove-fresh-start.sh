#!/usr/bin/env bash
# The long form of the fresh-start test: clones the repository N times (default 10) and runs the README's
# start command in each clone as its very first command, with empty server data every time (the servers'
# download and build cache in ~/.cache/ctp-infra is kept, as on a developer's machine). Prints one line per
# run with its time, and stops everything between runs. The servers get ports of their own
# (CTP_PROVE_PORT_BASE, default 25000) so that a running system on the usual ports is left alone;
# the services use their usual ports (8081-8090), so stop a running system's services first.
# Usage: bash scripts/prove-fresh-start.sh [runs]   (CTP_DEMO_DATA=0 skips the demo data, as in the issue)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=${1:-10}
base=${CTP_PROVE_PORT_BASE:-25000}
export CTP_PG_PORT=$((base + 433)) CTP_KAFKA_PORT=$((base + 92)) CTP_KAFKA_CONTROLLER_PORT=$((base + 93)) CTP_MONGO_PORT=$((base + 17))
results=$(mktemp -d /tmp/ctp-prove-XXXX)
failed=0
commit=$(git -C "$repo" rev-parse HEAD)
echo "==> $runs fresh starts of ${commit:0:7}; logs in $results"
for run in $(seq 1 "$runs"); do
  clone=$(mktemp -d /tmp/ctp-clone-XXXX)
  git clone -q "$repo" "$clone"
  git -C "$clone" checkout -q "$commit"
  started=$SECONDS
  if (cd "$clone" && bash scripts/start.sh) >"$results/run-$run.log" 2>&1; then
    echo "    run $run: ready in $((SECONDS - started)) s"
  else
    echo "    run $run: FAILED after $((SECONDS - started)) s; last lines of $results/run-$run.log:"
    tail -n 25 "$results/run-$run.log" | sed 's/^/    | /'
    failed=$((failed + 1))
  fi
  (cd "$clone" && bash infra/infra reset) >>"$results/run-$run.log" 2>&1 || true
  rm -rf "$clone"
done
echo "==> $((runs - failed)) of $runs fresh starts ready"
[ "$failed" = 0 ]
