#!/usr/bin/env bash
# Loads demo data into the running system once: a synthetic history (packages/synthetic-data, seed 42, the
# last 24 months) imported through intake with ctp-import, only while the event store holds no registered
# customer. CTP_DEMO_DATA=0 skips it; CTP_DEMO_CUSTOMERS sets the size (default 1000).
# An interrupted load leaves .local/demo/demo.ndjson behind, and the next run resumes it.
# Then demo service cases for those customers (the last three weeks up to now) are posted to sla as a
# helpdesk integration would; a case sla already has is left as it is, so running it again adds nothing.
# Then demo feedback on those cases (docs/feedback.md "Demo data"): causes and remedies on the complaints,
# improvement actions, survey answers and contact outcomes, each with a fixed id or an Idempotency-Key.
set -euo pipefail
cd "$(dirname "$0")/../.."

customers=${CTP_DEMO_CUSTOMERS:-1000}
intake=http://127.0.0.1:8081
dir=.local/demo
file=$dir/demo.ndjson

echo "==> demo data"
if [ "${CTP_DEMO_DATA:-1}" = 0 ]; then
  echo "    demo data: skipped (CTP_DEMO_DATA=0)"
  exit 0
fi
if ! [[ $customers =~ ^[1-9][0-9]*$ ]]; then
  echo "!! demo data: CTP_DEMO_CUSTOMERS must be a whole number above 0, got '$customers'" >&2
  exit 1
fi
# shellcheck disable=SC1091
source .local/infra/env.sh
registered=$(psql "$EVENT_STORE_URL" -XAtq -v ON_ERROR_STOP=1 \
  -c "SELECT EXISTS (SELECT 1 FROM ${EVENT_STORE_SCHEMA:-event_store}.events WHERE type = 'CustomerRegistered')")

load_customers() {
  started=$SECONDS
  mkdir -p "$dir"
  if [ -f "$file" ] && [ "$registered" = t ]; then
    action="resumed the load of"
  elif [ "$registered" = t ]; then
    echo "    demo data: not loaded, the event store already holds customers"
    return 0
  else
    to=$(date +%F)
    from=$(date -d "$to -24 months" +%F)
    rm -f "$file".*
    node packages/synthetic-data/dist/bin/generate.js --seed 42 --customers "$customers" --from "$from" --to "$to" \
      --out "$file" >"$dir/generate.log" 2>&1
    echo "$(grep -c '"type":"CustomerRegistered"' "$file") customers (seed 42, $from to $(date -d "$to -1 day" +%F))" >"$dir/about"
    action="loaded"
  fi

  # Four requests in flight; the importer holds a batch back while an earlier one naming the same customers
  # is in flight, so each registration is in before the facts about that customer.
  status=0
  node packages/importer/dist/bin/ctp-import.js "$file" --url "$intake" --batch-size 500 --concurrency 4 \
    >"$dir/import.log" 2>&1 || status=$?
  accepted=$(awk '$1 == "accepted" { print $2 }' "$dir/import.log")
  duplicates=$(awk '$1 == "duplicates" { print $2 }' "$dir/import.log")
  rejected=$(awk '$1 == "rejected" { print $2 }' "$dir/import.log")
  case $status in
    0 | 2)
      more=""
      [ "${duplicates:-0}" = 0 ] || more+=", ${duplicates} already stored"
      [ "${rejected:-0}" = 0 ] || more+=", ${rejected} rejected (see $file.rejects.ndjson)"
      echo "    demo data: $action $(cat "$dir/about"): ${accepted:-0} facts accepted${more} in $((SECONDS - started)) s"
      rm -f "$file" "$file.progress.json"
      ;;
    *)
      echo "!! demo data: ctp-import failed (exit $status); the next start resumes it. Last lines of $dir/import.log:" >&2
      tail -n 5 "$dir/import.log" >&2
      return 1
      ;;
  esac
}

# The demo helpdesk's cases, posted to sla (packages/synthetic-data/src/cases.ts): each says its external id,
# so sla answers a case it already has without recording anything again.
load_cases() {
  local started=$SECONDS status=0 out
  out=$(node packages/synthetic-data/dist/bin/demo-cases.js --seed 42 --customers "$customers" --now "$(date -u +%FT%TZ)" \
    --url http://127.0.0.1:8083 2>"$dir/cases.log") || status=$?
  if [ "$status" = 0 ]; then
    echo "    demo cases: $out in $((SECONDS - started)) s"
  else
    echo "!! demo cases: the load stopped (exit $status)${out:+ after $out}; the next start sends the rest. First lines of $dir/cases.log:" >&2
    head -n 5 "$dir/cases.log" >&2
    return 1
  fi
}

# Feedback on the demo cases (packages/synthetic-data/src/feedback-plan.ts): a failure is reported and stops nothing.
load_feedback() {
  local started=$SECONDS status=0 out
  out=$(node packages/synthetic-data/dist/bin/demo-feedback.js --seed 42 --customers "$customers" --now "$(date -u +%FT%TZ)" \
    --keys .local/dev-keys.json 2>"$dir/feedback.log") || status=$?
  if [ "$status" = 0 ]; then
    echo "    demo feedback: $out in $((SECONDS - started)) s"
  else
    echo "!! demo feedback: incomplete (exit $status)${out:+ after $out}; running it again adds only what is missing. First lines of $dir/feedback.log:" >&2
    head -n 5 "$dir/feedback.log" >&2
  fi
}

CTP_API_KEY=$(node -p "require('./.local/dev-keys.json').integrator")
# Erasure requests need the privacy role (an integrator key may not send them): the importer sends them with this key.
CTP_PRIVACY_KEY=$(node -p "require('./.local/dev-keys.json').privacy ?? ''")
export CTP_API_KEY CTP_PRIVACY_KEY
load_customers # a failure ends the script here (set -e), before any case
load_cases
load_feedback
