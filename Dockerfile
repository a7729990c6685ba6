# Image of the source-brex Airbyte connector.
#
# Build:  docker build -t source-brex/source-brex:dev .
# Run:    docker run --rm source-brex/source-brex:dev spec
#
# Both stages use the same base so that native code, if a dependency ever ships
# some, is built for the Node version that runs it. Node 26 is the Active LTS
# line in December 2026. The major is pinned, so a new Node major arrives only
# through a change to both FROM lines.

FROM node:26-slim AS build

WORKDIR /airbyte/integration_code

# Install all dependencies first, so this layer is reused while only sources change.
COPY package.json package-lock.json ./
# No dependency needs an install script to run here, and the slim image has no compiler.
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
RUN npm run build:image

# Keep only the runtime dependencies (got, ajv, ajv-formats, pino) for the final stage.
RUN npm prune --omit=dev --no-audit --no-fund


FROM node:26-slim

ENV NODE_ENV="production"

WORKDIR /airbyte/integration_code

# The connector reads schemas/*.json from the package root, two levels above
# dist/src, so the layout below mirrors the repository.
COPY --from=build /airbyte/integration_code/package.json ./package.json
COPY --from=build /airbyte/integration_code/node_modules ./node_modules
COPY --from=build /airbyte/integration_code/dist/src ./dist/src
COPY --from=build /airbyte/integration_code/schemas ./schemas

# Airbyte runs the connector through `eval "$AIRBYTE_ENTRYPOINT <command> ..."`
# from /config or /source, so the path is absolute, and the variable must equal
# the ENTRYPOINT below joined with spaces.
# --max-semi-space-size=4 caps V8's young generation at 4 MB per semi-space: a read allocates
# fast and short-lived, and the default lets garbage push peak memory about 30 MB higher
# (measured on 100,000 and 1,000,000 card transactions, docs/benchmarks.md) at the same speed.
ENV AIRBYTE_ENTRYPOINT="node --max-semi-space-size=4 /airbyte/integration_code/dist/src/index.js"
ENTRYPOINT ["node", "--max-semi-space-size=4", "/airbyte/integration_code/dist/src/index.js"]

# Airbyte's acceptance tests compare these with metadata.yaml
# (data.dockerRepository and data.dockerImageTag).
LABEL io.airbyte.name=source-brex/source-brex
LABEL io.airbyte.version=0.1.0

# Rootless Airbyte runs connectors as uid 1000 and gid 1000, which is the `node`
# user of the base image. The files above stay owned by root, so the connector
# can read but not change them. The connector writes no files, only stdout and
# stderr.
USER 1000:1000
