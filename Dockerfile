# The workbench image: one image, the command picks the role (run, produce, stream, serve).
# docker-compose.yml runs it against Apache Kafka; see README, "Running on Kafka".
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY app ./app
COPY server ./server
COPY reports ./reports
COPY tsconfig.json ./
# The CLI runs as a bundle in dist/ (bin/_bundle.js), built here while the image is still root's.
RUN node --input-type=module -e "const b = await import('./bin/_bundle.js'); await b.prepare('app/main.ts', 'purchase-trends'); await b.prepare('app/stage1-worker.ts', 'stage1-worker'); await b.prepare('app/compaction-thread.ts', 'compaction-thread'); await b.prepare('app/raw-encoder-thread.ts', 'raw-encoder-thread');"
# A named volume mounted on /data takes this owner, so the unprivileged user can write Parquet there.
RUN mkdir -p /data && chown node:node /data
USER node
ENTRYPOINT ["node", "bin/purchase-trends.js"]
CMD ["run", "--host", "0.0.0.0", "--data-dir", "/data"]
