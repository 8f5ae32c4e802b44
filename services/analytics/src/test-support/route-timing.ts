import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** Calls `url` as an analyst `calls` times in a row: the last answer's rows and `next`, and the median and slowest call (ms). */
export async function timedCalls(app: FastifyInstance, url: string, calls: number) {
  const ms: number[] = [];
  let body: unknown;
  for (let call = 0; call < calls; call += 1) {
    const started = performance.now();
    const response = await app.inject({ url, headers: bearer('analyst') });
    ms.push(performance.now() - started);
    expect(response.statusCode, response.body).toBe(200);
    body = { rows: response.json().rows, next: response.json().meta.next };
  }
  ms.sort((a, b) => a - b);
  return { body, p50: ms[Math.floor(calls / 2)]!.toFixed(1), max: ms.at(-1)!.toFixed(1) };
}
