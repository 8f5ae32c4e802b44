import { randomBytes } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import type { TestProject } from 'vitest/node';
import { dockerEngineAnswers, startContainer } from './containers.js';
import { dropRunResources, runResources } from './run-cleanup.js';
import { serverEnvironment, serverKinds, type ServerInfo, type Servers } from './servers.js';

/**
 * Finds each server once per test run: a URL from the environment first, then a container when
 * a Docker engine answers. A server found nowhere is recorded as missing, and every test that
 * asks for it fails with a message naming it. At the end, every schema, database, topic and consumer
 * group named for this run (uniqueName) is dropped; CTP_KEEP_TEST_DATA=1 keeps them for a post-mortem.
 */
export default async function setup(project: TestProject) {
  const containers: StartedTestContainer[] = [];
  let docker: boolean | undefined;
  const servers = {} as Record<string, ServerInfo>;
  for (const kind of serverKinds) {
    const fromEnvironment = process.env[serverEnvironment[kind]];
    if (fromEnvironment) {
      servers[kind] = { url: fromEnvironment, source: 'environment' };
      continue;
    }
    docker ??= await dockerEngineAnswers();
    if (!docker) {
      servers[kind] = { missing: `${serverEnvironment[kind]} is not set and no Docker engine answers` };
      continue;
    }
    const started = await startContainer(kind);
    containers.push(started.container);
    servers[kind] = { url: started.url, source: 'testcontainers' };
  }
  const run = randomBytes(4).toString('hex');
  project.provide('ctpServers', servers as Servers);
  project.provide('ctpTestRun', run);
  return async () => {
    try {
      const urls = { postgres: servers.postgres?.url, kafka: servers.kafka?.url, mongo: servers.mongo?.url };
      if (process.env.CTP_KEEP_TEST_DATA === '1') {
        const kept = await runResources(urls, run);
        process.stderr.write(`test run ${run}: kept ${Object.values(kept).flat().length} schemas, databases, topics and groups (CTP_KEEP_TEST_DATA=1)\n`);
      } else {
        const dropped = await dropRunResources(urls, run);
        const counts = Object.entries(dropped).map(([kind, names]) => `${names.length} ${kind}`).join(', ');
        process.stderr.write(`test run ${run}: dropped ${counts}\n`);
      }
    } finally {
      await Promise.all(containers.map((container) => container.stop()));
    }
  };
}
