# syntax=docker/dockerfile:1
# One image per app: docker build --build-arg APP=partners -t spiffworks-partners .
# APP is one of gateway, partners, campaigns, fulfillment, commissions, analytics (also settable at run time).
ARG NODE_IMAGE=node:22-slim

# ---- deps: all dependencies (dev included, the build needs swc)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build: swc -> dist/, and the portal (apps/web, Vite) -> dist/web
# The gateway image serves the built portal at / (WEB_ROOT defaults to dist/web): one origin for the
# pages and the API, so no CORS and one Ingress route (docs/portal.md).
FROM deps AS build
COPY . .
RUN npm run build

# ---- prod-deps: production dependencies only
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ENV APP=${APP} \
    NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000 3001 3002 3003 3004 3005
# Services report readiness (database + broker) on /health/ready; the gateway only has /health/live.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "const d={gateway:3000,partners:3001,campaigns:3002,fulfillment:3003,commissions:3004,analytics:3005};const a=process.env.APP;fetch('http://127.0.0.1:'+(process.env.PORT||d[a])+(a==='gateway'?'/health/live':'/health/ready')).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Shell form so ${APP} expands; exec so node is PID 1 and receives SIGTERM.
# The same flags as SERVICE_NODE_FLAGS (libs/runtime/src/node-flags.ts).
CMD exec node --enable-source-maps --max-semi-space-size=8 dist/apps/${APP}/src/main.js
