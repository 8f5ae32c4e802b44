import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kafkaBrokers, mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';

export const repositoryRoot = resolve(import.meta.dirname, '../../../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Service {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  output(): string;
}

function startService(name: string, port: number, environment: Record<string, string>): Service {
  const main = resolve(repositoryRoot, `services/${name}/dist/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: run pnpm turbo run build --filter=@ctp/intake --filter=@ctp/relay`);
  const child = spawn(process.execPath, [main], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { baseUrl: `http://127.0.0.1:${port}`, child, output: () => output };
}

async function waitUntilAnswers(service: Service, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && service.child.exitCode === null) {
    try {
      await fetch(`${service.baseUrl}/health`);
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`${service.baseUrl} did not answer within ${timeoutMs} ms:\n${service.output()}`);
}

export interface Platform {
  /** The event store schema, also the topic prefix and the Mongo database of this run. */
  readonly schema: string;
  readonly intake: Service;
  readonly keys: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts intake as a real process on a fresh schema, as the walking skeleton does, but without the
 * relay: the import is checked in the store, and fanning thousands of facts out to the read model
 * wedges FerretDB 1.24 (its connection pool deadlocks under large unordered bulkWrites).
 */
export async function startPlatform(extra: Record<string, string> = {}): Promise<Platform> {
  const schema = uniqueName('importer');
  const local = await mkdtemp(join(tmpdir(), 'ctp-importer-'));
  const environment = {
    NODE_ENV: 'development',
    EVENT_STORE_URL: postgresUrl(),
    EVENT_STORE_SCHEMA: schema,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    MONGO_URL: mongoUrl(),
    MONGO_DATABASE: schema,
    TOPIC_PREFIX: schema,
    API_KEYS_FILE: join(local, 'api-keys.json'),
    DATA_MASTER_KEY_FILE: join(local, 'data-master-key'),
    ...extra,
  };
  const started: Service[] = [];
  const stop = async () => {
    await Promise.all(started.filter((service) => service.child.exitCode === null).map((service) => (service.child.kill('SIGKILL'), once(service.child, 'exit'))));
  };
  try {
    const intake = startService('intake', await freePort(), environment);
    started.push(intake);
    await waitUntilAnswers(intake);
    const keys = JSON.parse(await readFile(join(local, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    return { schema, intake, keys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
