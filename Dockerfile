# SIP Q&A server image: `docker build -t sip-qa .` then `docker run -p 3000:3000 sip-qa`.
# Build stage: install, compile src/ → dist/ (npm run build), build the lexical index, drop dev dependencies.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# package.json's allowScripts (which install scripts run) needs npm 11.16+; onnxruntime's CUDA download is skipped either way.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
RUN npm install -g npm@11.16.0
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY prompts ./prompts
COPY corpus ./corpus
# The second build finds dist/ unchanged and, the index now being there, writes the server's V8 code cache by starting it once.
RUN npm run build \
 && EMBEDDING_MODEL=none npm run ingest \
 && EMBEDDING_MODEL=none npm run build \
 && mkdir -p .cache/code-cache \
 && npm prune --omit=dev

# Runtime stage: the compiled server, its production dependencies, the corpus and the index built above.
# Dense retrieval: mount a model folder and set MODEL_CACHE_DIR and EMBEDDING_MODEL (the index is then rebuilt at start).
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 EMBEDDING_MODEL=none
# glibc malloc: fewer arenas, freed memory trimmed back sooner (as npm start sets; ~18 MB less RSS under load)
ENV MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prompts ./prompts
COPY --from=build --chown=node:node /app/corpus ./corpus
COPY --from=build --chown=node:node /app/index ./index
# jieba's smaller dictionary, made from its full one by the ingest above (text/jieba-dictionary.ts).
COPY --from=build --chown=node:node /app/.cache/jieba ./.cache/jieba
# The server's V8 code cache (server/code-cache.ts), written at the build above; rewritten here if V8 refuses it.
COPY --from=build --chown=node:node /app/.cache/code-cache ./.cache/code-cache
RUN chown node:node .cache
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The start script's command without npm (npm start would rebuild dist/ from src/, which the image does not ship).
CMD ["node", "--max-semi-space-size=1", "--optimize-for-size", "dist/server/server.js"]
