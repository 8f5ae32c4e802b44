import type { GlobalPosition } from '@ctp/contracts';
import { checkpointsCollectionName } from '@ctp/projections';
import { alsoAnswerInScope, ProblemError, problems } from '@ctp/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';

/** A feed follower's head position, for the answer cache's version. */
export function followerVersion(name: string, readHead: () => Promise<{ readonly position: GlobalPosition } | null>): () => Promise<string> {
  return async () => `${name}@${(await readHead())?.position ?? 'none'}`;
}

/**
 * What the read side has applied, as one string: each projection partition's checkpoint and how many
 * times it was saved. Any batch applied by any instance changes it, so an answer keyed by it is the
 * answer the same query would count again.
 */
export function readSideVersion(db: Db, projections: readonly string[]): () => Promise<string> {
  const checkpoints = db.collection<{ _id: string; saves: number; version: number }>(checkpointsCollectionName);
  const read = async () => {
    const saved = await checkpoints.find({ projection: { $in: [...projections] } }, { projection: { saves: 1, version: 1 } }).toArray();
    return saved.map(({ _id, saves, version }) => `${_id}@${version}.${saves}`).toSorted().join(',');
  };
  // Requests arriving while the checkpoints are being read share that read (FerretDB answers it in 0.2 to 0.5 s
  // when busy, and the overview asks nine figures at once): as if the read side had moved just after it.
  let reading: Promise<string> | null = null;
  return () => (reading ??= read().finally(() => (reading = null)));
}

export interface AnswerCacheOptions {
  readonly version: () => Promise<string>;
  /** The business date: figures as of today (churn, target progress) change with it, not only with events. */
  readonly today: () => string;
  readonly now: () => number;
  readonly maxEntries?: number;
}

interface Answer {
  readonly version: string;
  readonly countedAtMs: number;
  readonly payload: string;
  readonly contentType: string;
}

/** `Cache-Control: max-stale=<seconds>` (RFC 9111 5.2.1.2): the client takes an answer counted that long ago even if the read side has moved since. */
function maxStaleMs(request: FastifyRequest): number | undefined {
  const directive = /(?:^|,)\s*max-stale=(\d+)\s*(?:,|$)/.exec(String(request.headers['cache-control'] ?? ''));
  return directive ? Number(directive[1]) * 1000 : undefined;
}

const asks = (request: FastifyRequest, directive: string) => new RegExp(`(?:^|,)\\s*${directive}\\s*(?:,|$)`).test(String(request.headers['cache-control'] ?? ''));
/** `Cache-Control: only-if-cached` (RFC 9111 5.2.1.7): the client wants a kept answer or none (504), never a count. */
const onlyIfCached = (request: FastifyRequest) => asks(request, 'only-if-cached');
/** `Cache-Control: no-cache` (RFC 9111 5.2.1.4): the client wants a count, not a kept answer; the count is kept for the next. */
const noCache = (request: FastifyRequest) => asks(request, 'no-cache');

/**
 * The figure routes registered on `app` answer a repeated GET from memory while the read side has applied
 * nothing new and the business date is the same: counting them from the fact documents takes seconds at a
 * thousand customers on FerretDB. A request that asks to read its write (`minPosition`) is always counted.
 * `Cache-Control: no-cache` asks for a count whatever is kept. A client that sends `Cache-Control: max-stale=<s>` (the dashboard) is answered at once with the last count
 * if it is no older than that, while the same request is counted again in the background for the next one.
 * The answer says which it was in `x-ctp-answer` (counted, cached or stale), and `Age` gives a kept answer's age.
 * Answers are kept per URL, not per caller: the routes in this scope answer every role that may call them alike (the
 * role is checked before, at `onRequest`), so a count made for one analyst, or by the warmer, serves the next.
 */
export function useAnswerCache(app: FastifyInstance, { version, today, now, maxEntries = 256 }: AnswerCacheOptions): void {
  alsoAnswerInScope(app, 'GET', { 504: { description: 'Sent with `Cache-Control: only-if-cached`, and no answer is kept for the read side as it is now (CTP_NOT_KEPT); nothing was counted' } });
  const answers = new Map<string, Answer>();
  const counting = new WeakMap<FastifyRequest, { key: string; version: string; countedAtMs: number }>();
  const recounts = new Set<string>();
  const keep = (key: string, answer: Answer) => {
    answers.delete(key);
    answers.set(key, answer);
    if (answers.size > maxEntries) answers.delete(answers.keys().next().value!);
  };
  const recount = (request: FastifyRequest, key: string) => {
    if (recounts.has(key)) return;
    recounts.add(key);
    const headers = { authorization: request.headers.authorization ?? '', 'x-api-key': request.headers['x-api-key'] ?? '' };
    void app
      .inject({ method: 'GET', url: request.url, headers })
      .catch((error: unknown) => request.log.warn({ err: error, url: request.url }, 'a stale answer could not be counted again'))
      .finally(() => recounts.delete(key));
  };

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    reply.header('x-ctp-answer', 'counted');
    if ((request.query as { minPosition?: unknown } | undefined)?.minPosition !== undefined) return;
    const key = [request.url, today()].join('\n');
    const [current, kept] = [await version(), noCache(request) ? undefined : answers.get(key)];
    const ageMs = kept ? now() - kept.countedAtMs : 0;
    const send = (kind: 'cached' | 'stale') =>
      reply.header('content-type', kept!.contentType).header('x-ctp-answer', kind).header('age', String(Math.floor(ageMs / 1000))).send(kept!.payload);
    if (kept?.version === current) return send('cached');
    const takesStaleMs = maxStaleMs(request);
    if (kept && takesStaleMs !== undefined && ageMs <= takesStaleMs) {
      recount(request, key);
      return send('stale');
    }
    if (onlyIfCached(request)) throw new ProblemError(problems.CTP_NOT_KEPT, `No answer to ${request.url} is kept for the read side as it is now; ask without only-if-cached to count it`);
    counting.set(request, { key, version: current, countedAtMs: now() });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const count = counting.get(request);
    counting.delete(request);
    const contentType = reply.getHeader('content-type');
    // A route that knows its answer is already behind the read side says `Cache-Control: no-store`: not kept.
    const noStore = /(?:^|,)\s*no-store\s*(?:,|$)/.test(String(reply.getHeader('cache-control') ?? ''));
    if (count && !noStore && reply.statusCode === 200 && typeof payload === 'string' && typeof contentType === 'string') {
      keep(count.key, { version: count.version, countedAtMs: count.countedAtMs, payload, contentType });
    }
    return payload;
  });
}
