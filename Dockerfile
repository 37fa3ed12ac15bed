# Hồ sơ production image: built in one stage with the development tools, run in another with production
# dependencies only, as a non-root user. No embedded database here: the image needs MONGODB_URI (compose.yaml).
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY bots ./bots
COPY jobs ./jobs
# No bench/: the benchmarks import test helpers the image does not carry (tsconfig.build.json's include skips a
# missing folder), and a server never runs them.
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Production dependencies only; no install-time scripts need the development tools (package.json has no prepare).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY LICENSE README.md .env.example ./
USER node
EXPOSE 3000
# /readyz: database reachable and no channel problem (e.g. a Zalo re-authorisation).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
