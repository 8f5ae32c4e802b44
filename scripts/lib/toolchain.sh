# Sourced by the start and test scripts: the pinned pnpm and the workspace's dependencies.
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

pinned_pnpm_version() {
  node -p "require('./package.json').packageManager.split('@')[1]"
}

ensure_pnpm() {
  local wanted
  wanted=$(pinned_pnpm_version)
  if [ "$(pnpm --version 2>/dev/null || true)" != "$wanted" ]; then
    echo "==> installing pnpm $wanted"
    npm install --global --no-fund --no-audit "pnpm@$wanted" >/dev/null
  fi
}

install_dependencies() {
  echo "==> installing dependencies"
  pnpm install --frozen-lockfile --prefer-offline --reporter=append-only | tail -n 3
}

# The third-party API fuzzer the end-to-end tests run against every service's served OpenAPI, from PyPI.
fuzzer_version=4.32.5
ensure_fuzzer() {
  local venv=.local/tools/schemathesis
  if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | grep -o '[0-9][0-9.]*$')" = "$fuzzer_version" ]; then return; fi
  echo "==> installing schemathesis $fuzzer_version (API fuzzer) into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$fuzzer_version"
}

# Debian's Chromium, and a CJK font so the Simplified Chinese labels render: analytics prints its monthly
# report to PDF with it and the browser tests drive it.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 && [ -d /usr/share/fonts/truetype/wqy ]; then return; fi
  echo "==> installing chromium and a CJK font (Debian packages)"
  local packages=(chromium fonts-wqy-microhei)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null; }
}

start_servers() {
  bash infra/infra up
  # shellcheck disable=SC1091
  source .local/infra/env.sh
}
