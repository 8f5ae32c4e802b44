import { describe, expect, it } from 'vitest';
import { FatalError } from '../errors.js';
import type { Answer } from './intake-client.js';
import { withRetries } from './send-with-retries.js';

function scripted(answers: Answer[]) {
  const calls: unknown[][] = [];
  const send = async (facts: readonly unknown[]) => {
    calls.push([...facts]);
    return answers.shift() ?? { kind: 'published' as const, statuses: [] };
  };
  return { send, calls };
}

const busy: Answer = { kind: 'transient', reason: '503 CTP_NOT_READY' };
const limited: Answer = { kind: 'transient', reason: '429 CTP_RATE_LIMITED', retryAfterMs: 2_000 };
const published: Answer = { kind: 'published', statuses: ['accepted'] };

describe('withRetries', () => {
  it('re-sends the same facts after transient answers, waiting as the policy says', async () => {
    const { send, calls } = scripted([busy, limited, published]);
    const waits: number[] = [];
    const retries: string[] = [];
    const sendUntilFinal = withRetries(send, {
      maxRetries: 5,
      backoff: { baseMs: 100, capMs: 1_000 },
      random: () => 1,
      sleep: async (ms) => waits.push(ms),
      onRetry: ({ reason }) => retries.push(reason),
    });
    expect(await sendUntilFinal(['fact'], new AbortController().signal)).toEqual(published);
    expect(calls).toEqual([['fact'], ['fact'], ['fact']]);
    expect(waits).toEqual([100, 2_000]);
    expect(retries).toEqual(['503 CTP_NOT_READY', '429 CTP_RATE_LIMITED']);
  });

  it('returns a refusal at once', async () => {
    const refused: Answer = { kind: 'refused', status: 400, problem: { code: 'CTP_VALIDATION_FAILED' } };
    const { send, calls } = scripted([refused]);
    expect(await withRetries(send, { maxRetries: 5, sleep: async () => undefined })(['fact'], new AbortController().signal)).toEqual(refused);
    expect(calls).toHaveLength(1);
  });

  it('gives up after maxRetries with a fatal error that says how to go on', async () => {
    const { send, calls } = scripted([busy, busy, busy, busy]);
    const attempt = withRetries(send, { maxRetries: 2, sleep: async () => undefined })(['fact'], new AbortController().signal);
    await expect(attempt).rejects.toThrow(FatalError);
    await expect(attempt).rejects.toThrow('after 3 attempt(s) (last: 503 CTP_NOT_READY); run again to resume');
    expect(calls).toHaveLength(3);
  });
});
