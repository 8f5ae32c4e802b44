# Sourced by the drills' long-form scripts (REPO set, .local/infra/env.sh sourced): runs one drill's vitest file in a
# package, printing the machine's cores and load average before and after, and answers the drill's exit status.
# Usage: run_drill <name> <what it does> <package folder> <vitest arguments...>

load_average() { uptime | sed 's/.*load average/ load average/'; }

run_drill() {
  local name=$1 what=$2 package=$3
  shift 3
  echo "$name: $what; $(nproc) cores;$(load_average)"
  cd "$REPO/$package"
  local started=$SECONDS status=0
  npm_lifecycle_event=test:e2e node ../../node_modules/vitest/vitest.mjs run "$@" || status=$?
  echo "$name: exit $status after $((SECONDS - started)) s;$(load_average)"
  return "$status"
}
