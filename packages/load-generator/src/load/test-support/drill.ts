import { createPostgresEventStore } from '@ctp/event-store';
import { eventually, type ServiceStack } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { Role, ServiceName } from '../operations.js';
import type { LoadResult } from '../run-load.js';
import { checkClockTimers, deadLetters, reconcile, type DrillWork, type Servers } from './reconcile.js';

export { loadReport } from '../report.js';
export { planOperations } from '../plan.js';
export { runLoad } from '../run-load.js';
export { killsOnProgress, planKills, type KillRecord } from './kills.js';
export type { DrillWork, Servers } from './reconcile.js';

/** The services the load reaches (the relay is the other process a drill kills). */
export const loadedServices = ['intake', 'tiering', 'sla', 'feedback', 'analytics'] as const satisfies readonly ServiceName[];

/** Where the load goes: the stack's services, with its keys. */
export const stackTarget = (stack: ServiceStack) => ({
  urls: Object.fromEntries(loadedServices.map((service) => [service, stack.service(service).baseUrl])) as Record<ServiceName, string>,
  keys: stack.keys as Record<Role, string>,
});

/** The store, FerretDB and PostgreSQL the stack writes, read directly; `close` ends the connections. */
export async function drillServers(stack: ServiceStack, urls: { readonly postgres: string; readonly mongo: string }): Promise<Servers & { close(): Promise<void> }> {
  const mongo = new MongoClient(urls.mongo);
  const store = await createPostgresEventStore(urls.postgres, { schema: stack.schema, migrate: false });
  const postgres = new pg.Pool({ connectionString: urls.postgres, max: 2 });
  postgres.on('error', () => undefined);
  return { stack, store, mongo: mongo.db(stack.schema), postgres, close: async () => void (await Promise.all([store.close(), postgres.end(), mongo.close()])) };
}

/**
 * A first SLA rule giving every case a one-minute first response and a two-minute resolution (warned at half,
 * escalated at the deadline): the cases of a drill have clock timers falling due while the faults happen.
 */
export async function publishMinuteClocks(stack: ServiceStack): Promise<void> {
  const current = (await (await stack.call('sla', 'GET', '/v1/sla-policies', 'admin')).json()) as { policy: { version: number; rules: unknown[] } };
  const target = (duration: string) => ({ duration, basis: 'calendar', calendarId: 'default' });
  const rule = { id: 'load-drill', match: {}, targets: { first_response: target('PT1M'), resolution: target('PT2M') }, warnAtRatio: 0.5, escalation: [{ level: 1, after: 'PT0S', to: { kind: 'role', id: 'service_manager' } }], pauses: { next_response: [], resolution: [] } };
  const published = await stack.call('sla', 'PUT', '/v1/sla-policies', 'admin', { policy: { rules: [rule, ...current.policy.rules] }, expectedVersion: current.policy.version });
  if (published.status !== 201) throw new Error(`publishing the drill's SLA policy answered ${published.status}: ${await published.text()}`);
}

/** The customers and cases a load's accepted operations made. */
export function workOf(result: LoadResult): DrillWork {
  return {
    customers: result.accepted.filter(({ kind }) => kind === 'register').map(({ customerId }) => customerId),
    cases: result.accepted.flatMap((operation) => (operation.kind === 'open_case' ? [{ caseId: operation.caseId, customerId: operation.customerId, type: operation.type }] : [])),
  };
}

/**
 * After a drill's load: waits (the read models and the timers keep moving as clocks fall due) until every read
 * model equals the store and every clock timer due before `dueBefore` fired once (waiting for those not due yet), then reads the dead letters.
 * Rejects, with the last differences, when they do not settle in time.
 */
export async function reconcileAfterLoad(servers: Servers, work: DrillWork, dueBefore: Date) {
  let last: unknown;
  const settled = <T>(check: () => Promise<T>, clean: (found: T) => boolean) => async () => {
    const found = await check();
    last = found;
    return clean(found) ? found : undefined;
  };
  const output = () => JSON.stringify(last, null, 1);
  const readModels = await eventually(settled(() => reconcile(servers, work), (found) => found.every(({ differences }) => differences.length === 0)), 'every read model equal to the store', output, 240_000);
  // None due yet is not settled: sla's clock reactor may not have scheduled them yet (every drill opens cases with minute clocks).
  const timers = await eventually(settled(() => checkClockTimers(servers, work, dueBefore), (found) => found.due > 0 && found.differences.length === 0), 'every due clock timer fired once', output, 180_000);
  const letters = await deadLetters(servers.stack, loadedServices);
  const line = `reconciled: ${readModels.map(({ readModel, compared }) => `${readModel} (${compared})`).join(', ')}; clock timers due ${timers.due}, fired ${timers.fired}, events they caused ${timers.events}; dead letters ${letters.length}\n`;
  return { readModels, timers, letters, line };
}

export { faultMoments, flatnessOptions, judgeFlatness, lagText, soakReport, type SoakFault, type SoakSample } from '../soak.js';
export { serverPids, soakSampler } from './soak-sampler.js';
