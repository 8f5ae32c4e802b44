import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { kafkaBrokers, mongoUrl, postgresUrl } from './server-urls.js';

export const repositoryRoot = resolve(import.meta.dirname, '../../..');

/**
 * The first port of the kernel's ephemeral range, which outgoing connections take their local ports from: a port
 * chosen in it can be taken by any client socket (to Kafka, PostgreSQL, FerretDB) before the service binds it, and
 * then the service exits with EADDRINUSE (CI, 5 December 2026).
 */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  // `once` rejects on the server's 'error' (the port taken).
  const bound = await once(server, 'listening').then(() => true, () => false);
  if (bound) await new Promise((closed) => server.close(closed));
  return bound;
}

const claims = join(tmpdir(), 'ctp-port-claims');
const claimedForMs = 5 * 60_000;

/**
 * Claims `port` for this process among all that pick ports on the machine (a file per port, created exclusively): a
 * port is free until the service started on it binds, seconds later, and two test processes starting services at
 * once picked the same one (CI, 6 December 2026: EADDRINUSE). A claim older than five minutes is taken over (the
 * range holds about 22,700 ports, and a test run draws a few thousand).
 */
function claim(port: number): boolean {
  const file = join(claims, String(port));
  mkdirSync(claims, { recursive: true });
  for (const takeOver of [false, true]) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || takeOver) return false;
      const held = statSync(file, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs < claimedForMs) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

/** Lets a port handed out by freePort go before its claim runs out (for tests that draw many). */
export function releasePort(port: number): void {
  rmSync(join(claims, String(port)), { force: true });
}

/**
 * A port free now and claimed by no other process, below the ephemeral range (so no outgoing connection takes it),
 * picked at random among those left to services.
 */
export async function freePort(): Promise<number> {
  const [lowest, highest] = [10_000, ephemeralStart() - 1];
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = lowest + Math.floor(Math.random() * (highest - lowest + 1));
    // Claimed first: the probe binds the port for a moment, and must never do so to a port handed to another caller.
    if (!claim(port)) continue;
    if (await bindable(port)) return port;
    releasePort(port);
  }
  throw new Error(`no free port between ${lowest} and ${highest}`);
}

export interface ServiceProcess {
  readonly name: string;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  output(): string;
  /**
   * Sends `signal` (default SIGTERM: the service finishes its work in hand and leaves its consumer groups, so the run's
   * clean-up deletes them at once; a killed member holds its group until its session expires) and waits for the exit,
   * killing the process if it has not exited within `killAfterMs` (default 10 s). Answers the exit code.
   */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | null>;
  /** Headers with the development admin key beside API_KEYS_FILE, if there is one: /ready shows its detail only to admin. */
  adminHeaders(): Record<string, string>;
}

function devAdminHeaders(environment: Record<string, string>): Record<string, string> {
  if (!environment.API_KEYS_FILE) return {};
  try {
    const keys = JSON.parse(readFileSync(join(dirname(resolve(repositoryRoot, environment.API_KEYS_FILE)), 'dev-keys.json'), 'utf8')) as Record<string, string>;
    return keys.admin ? { authorization: `Bearer ${keys.admin}` } : {};
  } catch {
    return {};
  }
}

/** Node's own options for every service started (e.g. `--heapsnapshot-signal=SIGUSR2` for the soak's heap snapshots), from CTP_SERVICE_NODE_OPTIONS. */
const nodeOptions = (): Record<string, string> => (process.env.CTP_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CTP_SERVICE_NODE_OPTIONS } : {});

/** Starts a built service (`services/<name>/dist/main.js`) as a real process. */
export function startService(name: string, port: number, environment: Record<string, string>): ServiceProcess {
  const main = resolve(repositoryRoot, `services/${name}/dist/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: build it first (pnpm turbo run build --filter=@ctp/${name})`);
  const child = spawn(process.execPath, [main], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...nodeOptions(), ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    adminHeaders: () => devAdminHeaders(environment),
    async stop(signal = 'SIGTERM', killAfterMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null]>;
      child.kill(signal);
      const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      try {
        return (await exited)[0];
      } finally {
        clearTimeout(kill);
      }
    },
  };
}

/** Waits until the service answers /health; fails early, with its output, if it exits. */
export async function waitUntilHealthy(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && service.child.exitCode === null) {
    try {
      await fetch(`${service.baseUrl}/health`);
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`${service.name} at ${service.baseUrl} did not answer /health within ${timeoutMs} ms:\n${service.output()}`);
}

/** Readiness follows liveness: consumers join their groups after the server listens. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && service.child.exitCode === null) {
    const response = await fetch(`${service.baseUrl}/ready`, { headers: service.adminHeaders() }).catch(() => undefined);
    if (response?.ok) return;
    last = response ? await response.text() : 'no answer';
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${service.name} did not become ready within ${timeoutMs} ms: ${last}\n${service.output()}`);
}

/** Analytics' own PostgreSQL schema (audit seals, checkpoints, kept reports) for a stack on `schema`. */
export function auditSchemaFor(schema: string): string {
  return `${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_audit`.slice(-63);
}

/**
 * The environment for running services against the real servers in isolation: one event store
 * schema, topic prefix and Mongo database named `schema`, analytics' audit and report schema beside it
 * (its default, `analytics`, would be shared by every stack running at once), and development keys in a
 * fresh folder (the caller deletes it; a stack's `stop` does).
 */
export async function isolatedEnvironment(schema: string): Promise<{ environment: Record<string, string>; keysDir: string }> {
  const keysDir = await mkdtemp(join(tmpdir(), `${schema}-`));
  const environment = {
    NODE_ENV: 'development',
    EVENT_STORE_URL: postgresUrl(),
    EVENT_STORE_SCHEMA: schema,
    AUDIT_SCHEMA: auditSchemaFor(schema),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    MONGO_URL: mongoUrl(),
    MONGO_DATABASE: schema,
    TOPIC_PREFIX: schema,
    API_KEYS_FILE: join(keysDir, 'api-keys.json'),
    DATA_MASTER_KEY_FILE: join(keysDir, 'data-master-key'),
    UNSUBSCRIBE_SECRET_FILE: join(keysDir, 'unsubscribe-secret'),
  };
  return { environment, keysDir };
}
