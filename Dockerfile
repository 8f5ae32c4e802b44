# syntax=docker/dockerfile:1
#
# One image for the whole platform (ctp/platform:dev in docker-compose.yml): every service and the
# dev-keys CLI are in it; the compose file picks one with `command: ["node", "services/<name>/dist/main.js"]`.
#
#   docker build -t ctp/platform:dev .
#
# Stages: base (node + pinned pnpm) -> manifests -> deps (full install) -> build (turbo)
#         manifests -> prod-deps (production dependencies only) -> runtime (non-root, NODE_ENV=production)
# packages/deployment (unit tests) checks this file against package.json and pnpm-workspace.yaml.

ARG NODE_IMAGE=node:20-bookworm-slim

# ------------------------------------------------------------------ base
FROM ${NODE_IMAGE} AS base
# Must equal the version in package.json "packageManager" (pnpm@<version>).
ARG PNPM_VERSION=10.34.9
ENV CI=true \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
RUN npm install --global --no-fund --no-audit --no-update-notifier "pnpm@${PNPM_VERSION}" \
    && pnpm --version
WORKDIR /app

# ------------------------------------------------------------------ manifests
# Only what dependency resolution reads, so the install layers are reused until a manifest or the
# lockfile changes. Every workspace package's package.json must be listed (a test checks this).
FROM base AS manifests
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches patches/
COPY packages/benchmarks/package.json packages/benchmarks/
COPY packages/calendar/package.json packages/calendar/
COPY packages/contracts/package.json packages/contracts/
COPY packages/deployment/package.json packages/deployment/
COPY packages/event-bus/package.json packages/event-bus/
COPY packages/event-store/package.json packages/event-store/
COPY packages/identity/package.json packages/identity/
COPY packages/importer/package.json packages/importer/
COPY packages/load-generator/package.json packages/load-generator/
COPY packages/ops-cli/package.json packages/ops-cli/
COPY packages/projections/package.json packages/projections/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/synthetic-data/package.json packages/synthetic-data/
COPY packages/system-tests/package.json packages/system-tests/
COPY packages/test-kit/package.json packages/test-kit/
COPY packages/timers/package.json packages/timers/
COPY services/analytics/package.json services/analytics/
COPY services/feedback/package.json services/feedback/
COPY services/intake/package.json services/intake/
COPY services/outbound/package.json services/outbound/
COPY services/relay/package.json services/relay/
COPY services/sla/package.json services/sla/
COPY services/tiering/package.json services/tiering/

# ------------------------------------------------------------------ deps: everything, to build
FROM manifests AS deps
RUN --mount=type=cache,id=ctp-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

# ------------------------------------------------------------------ build
FROM deps AS build
COPY . .
# Builds every service (the five and the relay) and, through turbo's ^build, the workspace packages they use
# (service-kit holds the dev-keys CLI).
RUN pnpm turbo run build --filter="./services/*"
# Gather every dist/ folder (same relative paths) for the runtime stage.
RUN mkdir -p /out \
    && for dir in packages/* services/*; do \
         if [ -d "$dir/dist" ]; then mkdir -p "/out/$dir" && cp -R "$dir/dist" "/out/$dir/dist"; fi; \
       done \
    && test -f /out/packages/service-kit/dist/cli/dev-keys.js \
    && for svc in services/*; do test -f "/out/$svc/dist/main.js"; done

# ------------------------------------------------------------------ prod-deps
# Production dependencies of the services and of the workspace packages they depend on; test-kit
# (a devDependency only) and all devDependencies stay out.
FROM manifests AS prod-deps
RUN --mount=type=cache,id=ctp-pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --store-dir /pnpm/store \
      --filter "{./services/*}..." --filter "!@ctp/test-kit"

# ------------------------------------------------------------------ runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# analytics prints its monthly report to PDF with Debian's Chromium (REPORT_BROWSER_PATH), and a CJK font
# renders its Simplified Chinese labels.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /out/ ./
# /app/.local is where dev-keys writes the API keys (docker-compose.yml bind-mounts ./.local there).
RUN mkdir -p /app/.local && chown node:node /app/.local
USER node
EXPOSE 8081 8082 8083 8084 8085
CMD ["node", "-e", "console.error('Pick a service: node services/<intake|tiering|sla|feedback|analytics|outbound>/dist/main.js'); process.exit(64)"]
