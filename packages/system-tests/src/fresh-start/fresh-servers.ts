import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, repositoryRoot } from '@ctp/test-kit';

const run = promisify(execFile);

export type ServerName = 'postgres' | 'kafka' | 'ferretdb';

/**
 * A set of servers of its own, started by infra/infra from empty data folders (the downloaded and
 * built servers come from the shared cache), on free ports beside the ones the other tests use.
 */
export interface FreshServers {
  readonly stateDir: string;
  readonly ports: { readonly postgres: number; readonly kafka: number; readonly controller: number; readonly mongo: number };
  up(...servers: ServerName[]): Promise<string>;
  /** Stops the servers named (their data stays; `up` starts them again on the same ports). */
  down(...servers: [ServerName, ...ServerName[]]): Promise<string>;
  /** Stops the servers and deletes their data. */
  destroy(): Promise<void>;
  /** Whether the server's process (its pid file in the state folder) is alive: false once it has halted by itself. */
  running(server: ServerName): Promise<boolean>;
  /** The settings a service needs to use these servers. */
  serviceEnvironment(keysDir: string): Record<string, string>;
}

export async function freshServers(): Promise<FreshServers> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ctp-fresh-'));
  const ports = { postgres: await freePort(), kafka: await freePort(), controller: await freePort(), mongo: await freePort() };
  const environment = {
    ...process.env,
    CTP_INFRA_STATE_DIR: stateDir,
    CTP_PG_PORT: String(ports.postgres),
    CTP_KAFKA_PORT: String(ports.kafka),
    CTP_KAFKA_CONTROLLER_PORT: String(ports.controller),
    CTP_MONGO_PORT: String(ports.mongo),
  };
  const infra = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('bash', [resolve(repositoryRoot, 'infra/infra'), ...args], { env: environment, maxBuffer: 16 * 1024 * 1024 });
      return stdout + stderr;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`infra/infra ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
  };
  return {
    stateDir,
    ports,
    up: (...servers) => infra('up', ...servers),
    down: (...servers) => infra('down', ...servers),
    async destroy() {
      await infra('reset');
      await rm(stateDir, { recursive: true, force: true });
    },
    async running(server) {
      const pid = Number((await readFile(join(stateDir, 'run', `${server}.pid`), 'utf8').catch(() => '')).trim());
      return pid > 0 && processAlive(pid);
    },
    serviceEnvironment: (keysDir) => ({
      NODE_ENV: 'development',
      EVENT_STORE_URL: `postgres://ctp:ctp@127.0.0.1:${ports.postgres}/ctp`,
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      MONGO_URL: `mongodb://127.0.0.1:${ports.mongo}/?maxPoolSize=10`,
      API_KEYS_FILE: join(keysDir, 'api-keys.json'),
      DATA_MASTER_KEY_FILE: join(keysDir, 'data-master-key'),
    }),
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
