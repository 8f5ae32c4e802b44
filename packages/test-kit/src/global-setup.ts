import type { StartedTestContainer } from 'testcontainers';
import type { TestProject } from 'vitest/node';
import { dockerEngineAnswers, startContainer } from './containers.js';
import { serverEnvironment, serverKinds, type ServerInfo, type Servers } from './servers.js';

/**
 * Finds each server once per test run: a URL from the environment first, then a container when
 * a Docker engine answers. A server found nowhere is recorded as missing, and every test that
 * asks for it fails with a message naming it.
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
  project.provide('ctpServers', servers as Servers);
  return async () => {
    await Promise.all(containers.map((container) => container.stop()));
  };
}
