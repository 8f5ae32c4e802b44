import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorKind, send, type Answer } from './http.js';
import { requestFor, type Probe, type Request, type Target } from './operations.js';
import type { Operation, OperationKind } from './plan.js';

export interface LoadOptions {
  readonly target: Target;
  readonly operations: readonly Operation[];
  /** Operations sent per second, evenly spaced. */
  readonly ratePerSecond: number;
  /** No operation is sent after this long. */
  readonly seconds: number;
  /** How long a write may take to show in a read model before it counts as not visible. */
  readonly visibleWithinMs: number;
  readonly signal?: AbortSignal;
  /** Told each time an operation is accepted, with how many have been so far (a drill times its faults by it). */
  readonly onAccepted?: (accepted: number, operation: Operation) => void;
  /**
   * Answers after which a write is sent again (same Idempotency-Key) and a read asked again; by default 0 (no
   * answer) and 503. A drill that restarts the servers adds 500: a service whose database is away answers that.
   */
  readonly retryStatuses?: readonly number[];
  /** Told each time a write became visible in a read model, with how long after it was accepted (a soak samples it). */
  readonly onVisible?: (readModel: string, ms: number) => void;
}

export interface LoadResult {
  readonly sent: Readonly<Partial<Record<OperationKind, number>>>;
  /** The operations the services accepted (a query: answered). */
  readonly accepted: readonly Operation[];
  /** Accepted to visible, per read model, in milliseconds. */
  readonly visibleMs: Readonly<Record<string, readonly number[]>>;
  /** Writes not visible in a read model within `visibleWithinMs`, per read model. */
  readonly notVisible: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
  /** Answers that made a write be sent again or a read be asked again, by kind (a 503 or no answer included). */
  readonly retried: Readonly<Record<string, number>>;
  /** From the first operation sent to the last. */
  readonly sendingSeconds: number;
  /** From the first operation sent until every read showed its write or gave up. */
  readonly seconds: number;
}

const add = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

/**
 * How long to wait before asking again after `answer`, `waitedMs` after the write was accepted: what its `retry-after`
 * says for a 429 (the service's rate limit, at most 10 s; 1 s without one); a moment for a process restarting (0) or
 * failing (500); otherwise (404, or a 503 after the route's own wait for the position) a tenth of the wait so far,
 * from 50 ms to 1 s: a write shown late is not asked for 20 times a second, and its time to be shown is still
 * measured within a tenth.
 */
export function waitBeforeAsking(answer: Answer, waitedMs = 0): number {
  if (answer.status === 429) return Math.min(10_000, answer.retryAfterMs ?? 1_000);
  if (answer.status === 0 || answer.status === 500) return 250;
  return Math.min(1_000, Math.max(50, waitedMs / 10));
}

/**
 * Sends the operations at a steady rate, each at its own instant whether or not the earlier ones have answered,
 * and for each accepted write follows its reads until they show it. Ends when every operation has been sent (or the
 * time is up) and every read has shown its write or given up.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sent: Partial<Record<OperationKind, number>> = {};
  const visibleMs: Record<string, number[]> = {};
  const notVisible: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const retried: Record<string, number> = {};
  const retryStatuses = new Set(options.retryStatuses ?? [0, 503]);
  const lastWrite = new Map<string, { position: string }>();
  const pending: Promise<void>[] = [];
  const accepted: Operation[] = [];
  const accept = (operation: Operation) => {
    accepted.push(operation);
    options.onAccepted?.(accepted.length, operation);
  };
  let sendingSeconds = 0;
  const runKey = randomUUID();
  const started = performance.now();

  const follow = async (probe: Probe, from: number) => {
    for (;;) {
      const answer = await send(options.target, probe.service, probe.role, 'GET', probe.path);
      if (answer.status === 200) {
        const ms = performance.now() - from;
        options.onVisible?.(probe.readModel, ms);
        return void (visibleMs[probe.readModel] ??= []).push(ms);
      }
      // Not there yet (503: the read model is behind; 404: not recorded yet; 0: the service is restarting; 429: asked
      // too often, while many writes wait to be shown): ask again.
      const waiting = answer.status === 404 || answer.status === 429 || retryStatuses.has(answer.status);
      if (waiting && answer.status !== 404 && answer.status !== 503) add(retried, `${errorKind(probe.service, answer)} (read ${probe.readModel})`);
      if (!waiting) add(errors, `${errorKind(probe.service, answer)} (read ${probe.readModel})`);
      if (!waiting || performance.now() - from > options.visibleWithinMs) return add(notVisible, probe.readModel);
      await sleep(waitBeforeAsking(answer, performance.now() - from));
    }
  };
  // A client that retries: the same request (same event ids, same Idempotency-Key) while the service is away or not ready.
  const sendPatiently = async (request: Request, idempotencyKey: string) => {
    const deadline = performance.now() + options.visibleWithinMs;
    for (;;) {
      const answer = await send(options.target, request.service, request.role, request.method, request.path, request.body, idempotencyKey);
      if ((!retryStatuses.has(answer.status) && answer.status !== 429) || performance.now() > deadline) return answer;
      add(retried, errorKind(request.service, answer));
      await sleep(Math.max(250, waitBeforeAsking(answer)));
    }
  };
  const perform = async (operation: Operation, index: number) => {
    add(sent as Record<string, number>, operation.kind);
    const last = lastWrite.get(operation.customerId);
    const request = requestFor(operation, new Date(), last?.position);
    if (operation.kind === 'analyst_query' && last) {
      // Read your writes: the analyst asks for the customer as of its last write, and waits (503) until shown. The
      // write may be long past, so the wait counts from the question, not from the write's answer.
      accept(operation);
      return void pending.push(follow({ readModel: 'analytics customer 360', service: request.service, role: request.role, path: request.path }, performance.now()));
    }
    const answer = await sendPatiently(request, `ctp-load-${runKey}-${index}`);
    if (answer.status >= 300 || answer.status === 0) return add(errors, errorKind(request.service, answer));
    accept(operation);
    if (operation.kind === 'analyst_query') return;
    const acceptedAt = performance.now();
    const position = String(answer.body.position);
    lastWrite.set(operation.customerId, { position });
    pending.push(...request.probes(position).map((probe) => follow(probe, acceptedAt)));
  };

  const customersReady = new Map<string, Promise<void>>();
  for (const [index, operation] of options.operations.entries()) {
    const due = started + (index * 1000) / options.ratePerSecond;
    if (due - started > options.seconds * 1000 || options.signal?.aborted) break;
    if (due > performance.now()) await sleep(due - performance.now(), undefined, { signal: options.signal }).catch(() => undefined);
    // A customer's own writes are sent in order (a case needs its customer, a reply its case); others overlap.
    const before = customersReady.get(operation.customerId) ?? Promise.resolve();
    const done = before.then(() => perform(operation, index));
    customersReady.set(operation.customerId, done.then(() => undefined, () => undefined));
    pending.push(done.catch((error: unknown) => add(errors, `load generator ${(error as Error).message}`)));
    sendingSeconds = (performance.now() - started) / 1000;
  }
  // Following a write's reads adds to `pending` after the write answered: wait until nothing more is added.
  for (let settled = 0; settled < pending.length; ) {
    const count = pending.length;
    await Promise.all(pending.slice(settled));
    settled = count;
  }
  return { sent, accepted, visibleMs, notVisible, errors, retried, sendingSeconds, seconds: (performance.now() - started) / 1000 };
}
