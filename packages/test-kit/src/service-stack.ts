import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isolatedEnvironment, startService, waitUntilReady, type ServiceProcess } from './service-process.js';
import { uniqueName } from './unique.js';

/** Built services on one isolated schema, topic prefix and database, each told where the others listen. */
export interface ServiceStack {
  readonly schema: string;
  /** The development API key of each role (integrator, agent, analyst, auditor, admin, privacy). */
  readonly keys: Readonly<Record<string, string>>;
  /** The process of a service running now: a new one after each `restart`. */
  service(name: string): ServiceProcess;
  /** The stack's clock, every process's too: the real one, or with `CLOCK_START` one that started there and runs with real time. */
  readonly clock: () => Date;
  /** A request with the role's key to a service by name (its first instance) or to a given process of the stack. */
  call(target: string | ServiceProcess, method: string, path: string, role: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Starts a service again (same port and settings) once the running one has exited; does not wait until it is ready. */
  restart(name: string): ServiceProcess;
  /**
   * Starts another instance of a service of the stack, named `instance` (its INSTANCE_ID), on a port of its own and with
   * the same settings otherwise, and waits until it is ready. `stop` stops it too; `service(name)` stays the first instance.
   */
  startInstance(name: string, instance: string): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

function stackClock(clockStart: string | undefined): { readonly now: () => Date; readonly settings: Record<string, string> } {
  if (clockStart === undefined) return { now: () => new Date(), settings: {} };
  const startedAt = new Date();
  const offsetMs = Date.parse(clockStart) - startedAt.getTime();
  // Every process counts from the same real instant: its clock and the stack's read the same, whenever it started.
  return { now: () => new Date(Date.now() + offsetMs), settings: { CLOCK_START: clockStart, CLOCK_START_REAL: startedAt.toISOString() } };
}

/**
 * Starts the services all at once, as a deployment does (fresh-start.e2e proves they need no order), and waits until
 * each is ready. Each gets `<NAME>_URL` of every service in the stack (e.g. TIERING_URL), and a process started later
 * starts at the stack clock's reading.
 */
export async function startServiceStack(names: readonly string[], settings: Record<string, string> = {}, seed = names.at(-1) ?? 'stack'): Promise<ServiceStack> {
  const schema = uniqueName(seed);
  const isolated = await isolatedEnvironment(schema);
  const ports = new Map(await Promise.all(names.map(async (name) => [name, await freePort()] as const)));
  const urls = Object.fromEntries([...ports].map(([name, port]) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}`]));
  const environment = { ...isolated.environment, ...urls, TIMER_POLL_MS: '200', READ_WAIT_TIMEOUT_MS: '30000', CONSUMER_SESSION_TIMEOUT_MS: '10000', ...settings };
  const { now: clock, settings: clockSettings } = stackClock(settings.CLOCK_START);
  const spawn = (name: string) => startService(name, ports.get(name)!, { ...environment, ...clockSettings });
  const running = new Map<string, ServiceProcess>();
  const instances: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all([...running.values(), ...instances].map((service) => service.stop()));
    await rm(isolated.keysDir, { recursive: true, force: true });
  };
  try {
    for (const name of names) running.set(name, spawn(name));
    await Promise.all([...running.values()].map((started) => waitUntilReady(started, 180_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  const keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
  const service = (name: string) => {
    const found = running.get(name);
    if (!found) throw new Error(`${name} is not part of this stack (${names.join(', ')})`);
    return found;
  };
  return {
    schema,
    keys,
    service,
    clock,
    call: (target, method, path, role, body, headers = {}) =>
      fetch(`${typeof target === 'string' ? service(target).baseUrl : target.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${keys[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    restart(name) {
      const current = service(name);
      if (current.child.exitCode === null && current.child.signalCode === null) throw new Error(`${name} is still running`);
      running.set(name, spawn(name));
      return running.get(name)!;
    },
    async startInstance(name, instance) {
      service(name);
      const started = startService(name, await freePort(), { ...environment, ...clockSettings, INSTANCE_ID: instance });
      instances.push(started);
      await waitUntilReady(started, 180_000);
      return started;
    },
    stop,
  };
}

/** Polls until the probe answers something; the error shows the tail of `output`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, output: () => string, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
