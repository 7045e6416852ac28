# The service image for docker-compose.yml (and any container platform). node:20-bookworm has the compiler
# hnswlib-node builds with; the corpus is not baked in (replicas read the index from DATABASE_URL).
FROM node:20-bookworm
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
EXPOSE 3000
CMD ["npm", "start"]
