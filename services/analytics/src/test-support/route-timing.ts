import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Calls `url` as an analyst `calls` times in a row, each answer 200 and passing `expectAnswer`: the last answer's rows
 * and `next`, and the median and slowest call (ms).
 */
export async function timedCalls(app: FastifyInstance, url: string, calls: number, expectAnswer: (response: LightMyRequestResponse) => void = () => undefined) {
  const ms: number[] = [];
  let body: unknown;
  for (let call = 0; call < calls; call += 1) {
    const started = performance.now();
    const response = await app.inject({ url, headers: bearer('analyst') });
    ms.push(performance.now() - started);
    expect(response.statusCode, response.body).toBe(200);
    expectAnswer(response);
    body = { rows: response.json().rows, next: response.json().meta.next };
  }
  ms.sort((a, b) => a - b);
  return { body, p50: ms[Math.floor(calls / 2)]!.toFixed(1), max: ms.at(-1)!.toFixed(1) };
}

export interface FactsAgainstKept {
  readonly calls: number;
  /** What the timing is at (`2000 customers`) and what the kept documents are called (`listing`), for the printed lines. */
  readonly scale: string;
  readonly kept: string;
  /** Takes the kept documents' head away (the routes read the facts) and puts it back (they read what is kept). */
  readonly head: { readonly remove: () => Promise<unknown>; readonly restore: () => Promise<unknown> };
  readonly expectAnswer?: (response: LightMyRequestResponse) => void;
}

/** Times each URL answered from the facts and from the kept documents, prints both and asserts only that they answer alike. */
export async function timeFactsAgainstKept(app: FastifyInstance, urls: readonly string[], { calls, scale, kept, head, expectAnswer }: FactsAgainstKept) {
  for (const url of urls) {
    await head.remove();
    const fromFacts = await timedCalls(app, url, calls, expectAnswer);
    await head.restore();
    const fromKept = await timedCalls(app, url, calls, expectAnswer);
    process.stdout.write(`${url} at ${scale}: facts p50 ${fromFacts.p50} ms, max ${fromFacts.max} ms; ${kept} p50 ${fromKept.p50} ms, max ${fromKept.max} ms (${calls} calls each)\n`);
    expect(fromKept.body).toEqual(fromFacts.body);
  }
}
