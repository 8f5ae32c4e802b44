import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { keepTrying, StartAbortedError } from './keep-trying.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
const logger = createLogger('test', 'silent');

describe('keepTrying', () => {
  it('retries retriable errors until the step succeeds, reporting the reason and then null', async () => {
    let calls = 0;
    const reasons: (string | null)[] = [];
    const result = await keepTrying(
      async () => {
        calls += 1;
        if (calls < 4) throw refused();
        return 'started';
      },
      { what: 'test', logger, initialDelayMs: 1, random: () => 1, onWaiting: (reason) => reasons.push(reason) },
    );
    expect(result).toBe('started');
    expect(calls).toBe(4);
    expect(reasons).toEqual(['Error: connect ECONNREFUSED 127.0.0.1:9092', 'Error: connect ECONNREFUSED 127.0.0.1:9092', 'Error: connect ECONNREFUSED 127.0.0.1:9092', null]);
  });

  it('throws a non-retriable error at once', async () => {
    let calls = 0;
    const failing = keepTrying(
      async () => {
        calls += 1;
        throw new Error('MONGO_URL is not a URL');
      },
      { what: 'test', logger, initialDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow('MONGO_URL is not a URL');
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const abort = new AbortController();
    let calls = 0;
    const waiting = keepTrying(
      async () => {
        calls += 1;
        throw refused();
      },
      { what: 'test', logger, initialDelayMs: 60_000, random: () => 1, signal: abort.signal },
    );
    // The first attempt has run (steps start synchronously); the loop would now wait 60 s.
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(StartAbortedError);
    expect(calls).toBe(1);
  });
});
