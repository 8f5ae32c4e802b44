import { z } from 'zod';
import { FatalError } from '../errors.js';
import type { SendUntilFinal } from './send-with-retries.js';
import { isTransientStatus, parseRetryAfter } from './retry-policy.js';

const problemSchema = z.looseObject({
  code: z.string().optional(),
  detail: z.string().optional(),
  errors: z.array(z.looseObject({ index: z.int().optional(), path: z.string().optional(), message: z.string().optional() })).optional(),
});

const publishedSchema = z.looseObject({
  events: z.array(z.looseObject({ status: z.enum(['accepted', 'duplicate']) })),
});

export type Problem = z.output<typeof problemSchema>;
export type PublishStatus = 'accepted' | 'duplicate';

export type Answer =
  | { readonly kind: 'published'; readonly statuses: readonly PublishStatus[] }
  | { readonly kind: 'refused'; readonly status: number; readonly problem: Problem }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number };

export type SendFacts = (facts: readonly unknown[], signal: AbortSignal) => Promise<Answer>;

export interface ClientOptions {
  readonly url: string;
  readonly key: string;
  /** The privacy role's key: erasure requests go with it (an integrator key may not send them). */
  readonly privacyKey?: string;
  readonly timeoutMs: number;
}

const isErasure = (fact: unknown) => (fact as { type?: unknown } | null)?.type === 'CustomerErasureRequested';

function failure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `connection failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/**
 * One POST /v1/events, its answer classified as published, refused (final) or transient. With a
 * privacy key, a batch's erasure requests go in a second POST with that key, after the other facts
 * (an erasure ends a customer's history); a refusal's `errors[].index` is mapped back to the batch.
 * `eachPost` wraps every POST on its own (withRetries): a second POST answered 429 is sent again by
 * itself, not with the first, already published.
 */
export function intakeClient(options: ClientOptions): SendFacts;
export function intakeClient(options: ClientOptions, eachPost: (post: SendFacts) => SendUntilFinal): SendUntilFinal;
export function intakeClient(options: ClientOptions, eachPost: (post: SendFacts) => SendFacts = (post) => post): SendFacts {
  const post = poster(options);
  const withKey = (key: string) => eachPost((facts, signal) => post(facts, key, signal));
  const send = withKey(options.key);
  if (!options.privacyKey) return send;
  const sendErasures = withKey(options.privacyKey);
  return async (facts, signal) => {
    const parts = [false, true].map((erasures) => facts.flatMap((fact, index) => (isErasure(fact) === erasures ? [index] : [])));
    if (parts[1]!.length === 0) return send(facts, signal);
    const statuses: PublishStatus[] = [];
    for (const [part, indices] of parts.entries()) {
      if (indices.length === 0) continue;
      const answer = await (part === 0 ? send : sendErasures)(indices.map((index) => facts[index]), signal);
      if (answer.kind === 'transient') return answer;
      if (answer.kind === 'refused') {
        const errors = answer.problem.errors?.map((error) => (error.index === undefined ? error : { ...error, index: indices[error.index] ?? error.index }));
        return { ...answer, problem: { ...answer.problem, ...(errors ? { errors } : {}) } };
      }
      answer.statuses.forEach((status, at) => (statuses[indices[at]!] = status));
    }
    return { kind: 'published', statuses };
  };
}

function poster(options: ClientOptions) {
  const endpoint = new URL('/v1/events', options.url);
  return async (facts: readonly unknown[], key: string, signal: AbortSignal): Promise<Answer> => {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ events: facts }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      const body = await bodyOf(response);
      if (response.status === 202) {
        const published = publishedSchema.safeParse(body);
        if (!published.success || published.data.events.length !== facts.length) {
          throw new FatalError(`${endpoint.href} answered 202 with an unexpected body; is --url the intake service?`);
        }
        return { kind: 'published', statuses: published.data.events.map((event) => event.status) };
      }
      const problem = problemSchema.safeParse(body).data ?? {};
      if (isTransientStatus(response.status)) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        const reason = `${response.status} ${problem.code ?? response.statusText}`;
        return retryAfterMs === undefined ? { kind: 'transient', reason } : { kind: 'transient', reason, retryAfterMs };
      }
      return { kind: 'refused', status: response.status, problem };
    } catch (error) {
      if (error instanceof FatalError || signal.aborted) throw error;
      return { kind: 'transient', reason: failure(error) };
    }
  };
}
