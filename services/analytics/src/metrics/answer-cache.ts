import { checkpointsCollectionName } from '@ctp/projections';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';

/**
 * What the read side has applied, as one string: each projection partition's checkpoint and how many
 * times it was saved. Any batch applied by any instance changes it, so an answer keyed by it is the
 * answer the same query would count again.
 */
export function readSideVersion(db: Db, projections: readonly string[]): () => Promise<string> {
  const checkpoints = db.collection<{ _id: string; saves: number; version: number }>(checkpointsCollectionName);
  return async () => {
    const saved = await checkpoints.find({ projection: { $in: [...projections] } }, { projection: { saves: 1, version: 1 } }).toArray();
    return saved.map(({ _id, saves, version }) => `${_id}@${version}.${saves}`).toSorted().join(',');
  };
}

export interface AnswerCacheOptions {
  readonly version: () => Promise<string>;
  /** The business date: figures as of today (churn, target progress) change with it, not only with events. */
  readonly today: () => string;
  readonly maxEntries?: number;
}

interface Answer {
  readonly payload: string;
  readonly contentType: string;
}

/**
 * The figure routes registered on `app` answer a repeated GET from memory while the read side has applied
 * nothing new and the business date is the same: counting them from the fact documents takes seconds at a
 * thousand customers on FerretDB. A request that asks to read its write (`minPosition`) is always counted.
 * The answer says which it was in `x-ctp-answer` (counted or cached).
 */
export function useAnswerCache(app: FastifyInstance, { version, today, maxEntries = 256 }: AnswerCacheOptions): void {
  const answers = new Map<string, Answer>();
  const keys = new WeakMap<FastifyRequest, string>();
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    reply.header('x-ctp-answer', 'counted');
    if ((request.query as { minPosition?: unknown } | undefined)?.minPosition !== undefined) return;
    const key = [request.principal?.role ?? '', request.url, today(), await version()].join('\n');
    const cached = answers.get(key);
    if (cached) return reply.header('content-type', cached.contentType).header('x-ctp-answer', 'cached').send(cached.payload);
    keys.set(request, key);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const key = keys.get(request);
    const contentType = reply.getHeader('content-type');
    if (key && reply.statusCode === 200 && typeof payload === 'string' && typeof contentType === 'string') {
      answers.delete(key);
      answers.set(key, { payload, contentType });
      if (answers.size > maxEntries) answers.delete(answers.keys().next().value!);
    }
    return payload;
  });
}
