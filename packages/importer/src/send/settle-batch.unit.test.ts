import { describe, expect, it } from 'vitest';
import { FatalError } from '../errors.js';
import type { FactRow } from '../input/rows.js';
import type { Problem } from './intake-client.js';
import type { FinalAnswer } from './send-with-retries.js';
import { settleBatch } from './settle-batch.js';

const rows = (count: number): FactRow[] =>
  Array.from({ length: count }, (_, index) => ({ kind: 'fact', index: index + 10, line: index + 11, source: `f${index}`, fact: `f${index}` }));

/** A stand-in for intake's rules: refuses facts whose name is listed, as the real route answers. */
function server(answer: (facts: readonly string[]) => FinalAnswer) {
  const requests: string[][] = [];
  const send = async (facts: readonly unknown[]) => {
    requests.push(facts as string[]);
    return answer(facts as string[]);
  };
  return { send, requests };
}

const accepted = (facts: readonly string[]): FinalAnswer => ({ kind: 'published', statuses: facts.map(() => 'accepted') });
const refused = (status: number, problem: Problem): FinalAnswer => ({ kind: 'refused', status, problem });
const signal = new AbortController().signal;

describe('settleBatch', () => {
  it('sets aside the rows a 400 names, by index or by path, and sends the rest again', async () => {
    const { send, requests } = server((facts) => {
      const errors = facts.flatMap((fact, index) =>
        fact === 'f1' ? [{ index, path: `body.events[${index}].data.amount`, message: 'expected a decimal' }] : fact === 'f3' ? [{ path: `body.events[${index}].id`, message: 'Invalid UUID' }] : [],
      );
      return errors.length > 0 ? refused(400, { code: 'CTP_VALIDATION_FAILED', errors }) : accepted(facts);
    });
    const settled = await settleBatch(rows(5), send, signal);
    expect(requests).toEqual([['f0', 'f1', 'f2', 'f3', 'f4'], ['f0', 'f2', 'f4']]);
    expect(settled.map((settlement) => [settlement.row.index, settlement.status])).toEqual([
      [10, 'accepted'],
      [11, 'rejected'],
      [12, 'accepted'],
      [13, 'rejected'],
      [14, 'accepted'],
    ]);
    expect(settled[1]).toMatchObject({ reasons: [{ code: 'CTP_VALIDATION_FAILED', path: 'data.amount', message: 'expected a decimal' }] });
    expect(settled[3]).toMatchObject({ reasons: [{ path: 'id', message: 'Invalid UUID' }] });
  });

  it('isolates 409 conflicts one at a time and keeps duplicates apart', async () => {
    const { send } = server((facts) => {
      const index = facts.findIndex((fact) => fact === 'f0' || fact === 'f2');
      if (index >= 0) return refused(409, { code: 'CTP_CONFLICT', errors: [{ index, path: `body.events[${index}].id`, message: 'reused with different content' }] });
      return { kind: 'published', statuses: facts.map((fact) => (fact === 'f1' ? 'duplicate' : 'accepted')) };
    });
    const settled = await settleBatch(rows(4), send, signal);
    expect(settled.map((settlement) => settlement.status)).toEqual(['rejected', 'duplicate', 'rejected', 'accepted']);
  });

  it('narrows a 422 that names no row down by halving', async () => {
    const { send, requests } = server((facts) => (facts.includes('f5') ? refused(422, { code: 'CTP_UNPROCESSABLE', detail: 'breaks a rule' }) : accepted(facts)));
    const settled = await settleBatch(rows(8), send, signal);
    expect(settled.filter((settlement) => settlement.status === 'rejected')).toEqual([
      expect.objectContaining({ row: expect.objectContaining({ index: 15 }), reasons: [{ code: 'CTP_UNPROCESSABLE', path: '', message: 'breaks a rule' }] }),
    ]);
    expect(requests.length).toBeLessThanOrEqual(1 + 2 * Math.log2(8));
  });

  it('halves a batch once on 413, rejects a lone row that is too large, then gives up', async () => {
    const tooLarge = refused(413, { code: 'CTP_PAYLOAD_TOO_LARGE' });
    const halving = server((facts) => (facts.length > 2 ? tooLarge : accepted(facts)));
    expect((await settleBatch(rows(4), halving.send, signal)).map((settlement) => settlement.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const lone = server(() => tooLarge);
    expect(await settleBatch(rows(1), lone.send, signal)).toMatchObject([{ status: 'rejected', reasons: [{ code: 'CTP_PAYLOAD_TOO_LARGE' }] }]);
    const never = server((facts) => (facts.length > 1 ? tooLarge : accepted(facts)));
    await expect(settleBatch(rows(8), never.send, signal)).rejects.toThrow('4 rows are still over the intake');
  });

  it('stops the import on a refused key or an unexpected answer', async () => {
    const unauthenticated = server(() => refused(401, { code: 'CTP_UNAUTHENTICATED', detail: 'A valid API key is required' }));
    await expect(settleBatch(rows(2), unauthenticated.send, signal)).rejects.toThrow(/the API key was refused \(401 CTP_UNAUTHENTICATED/);
    const missing = server(() => refused(404, { code: 'CTP_NOT_FOUND' }));
    await expect(settleBatch(rows(2), missing.send, signal)).rejects.toThrow(FatalError);
  });
});
