# The trailwise CLI as a container, for teams that run scanners as images:
#   docker build -t trailwise .
#   docker run --rm -v "$PWD:/work" -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN -e AWS_REGION \
#     trailwise scan --output /work/report.json
# docs/install.md describes the image, its tags and pinning.

# Build stage: the dev dependencies (esbuild) bundle the CLI into dist/cli.js and the chunks it loads per command.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts ./scripts
COPY src ./src
COPY tsconfig.json ./
RUN node scripts/build.mjs --cli-only

# Runtime stage: the bundle (it carries its dependencies), the built-in policies and packs, the schemas and the IAM
# policies, owned by root and run as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /opt/trailwise
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/dist/cli.js ./dist/cli.js
COPY --from=build /src/dist/cli-chunks ./dist/cli-chunks
COPY policies ./policies
COPY schema ./schema
COPY iam ./iam
RUN ln -s /opt/trailwise/dist/cli.js /usr/local/bin/trailwise
USER node
WORKDIR /work
ENTRYPOINT ["trailwise"]
CMD ["--help"]
