/**
 * @ctp/deployment: loads and checks the Docker deployment (docker-compose.yml, Dockerfile,
 * .dockerignore, infra/docker/otel-collector.yaml) without a Docker engine. The checks return lists
 * of problems (empty when all is well); src/compose.unit.test.ts runs them against the repository.
 */
export * from './compose.js';
export * from './dockerfile.js';
export * from './workspace.js';
