# syntax=docker/dockerfile:1
# ktriage serve: build with the toolchain, run on production dependencies only, as a non-root user.

# One base for both stages: the better-sqlite3 module compiled in the first runs unchanged in the second.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so a source change reuses this layer. Scripts are skipped here because `prepare`
# (the build) needs the sources; the one native module is then built on its own.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build also compiles the built-in knowledge (scripts/kb-compile.ts) into dist/knowledge.json and
# bundles the command into dist/bin/ (scripts/bundle-cli.ts).
COPY knowledge ./knowledge
COPY scripts/kb-compile.ts scripts/bundle-cli.ts ./scripts/
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# Inside a container loopback is unreachable from outside; listening on every address makes
# ktriage refuse to start without API_TOKEN, which `docker run -e API_TOKEN` provides.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KTRIAGE_DB=/data/ktriage.db
WORKDIR /app
# The same layout as the published package ("files" in package.json).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
COPY static ./static
COPY prompts ./prompts
COPY samples ./samples
# The image's `node` user (uid 1000) owns the SQLite volume; nothing else is writable to it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Slim images have no curl: ask Node itself. /healthz answers while the process runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains within SHUTDOWN_TIMEOUT_MS (8 s), inside Docker's default 10 s grace.
CMD ["node", "dist/bin/ktriage.js", "serve"]
