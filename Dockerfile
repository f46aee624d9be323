# The workbench image: one image, the command picks the role (run, produce, stream, serve).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY server ./server
COPY tsconfig.json ./
USER node
ENTRYPOINT ["node", "bin/purchase-trends.js"]
CMD ["run", "--host", "0.0.0.0"]
