import { describe, expect, it } from 'vitest';
import { checkNewTimer, toTimer, type TimerRow } from './timer.js';

const at = (iso: string) => new Date(iso);

describe('checkNewTimer', () => {
  const valid = { id: 'tier-review:C-1', kind: 'tier-review', dueAt: at('2025-07-01T00:00:00Z'), payload: { customerId: 'C-1' } };

  it('returns the payload as JSON text', () => {
    expect(checkNewTimer(valid)).toBe('{"customerId":"C-1"}');
    expect(checkNewTimer({ ...valid, payload: null })).toBe('null');
    expect(checkNewTimer({ ...valid, payload: 'text' })).toBe('"text"');
  });

  it('rejects an empty id or kind, an invalid date and a payload that is not JSON', () => {
    expect(() => checkNewTimer({ ...valid, id: '' })).toThrow(TypeError);
    expect(() => checkNewTimer({ ...valid, kind: '' })).toThrow(TypeError);
    expect(() => checkNewTimer({ ...valid, dueAt: new Date('nope') })).toThrow(/dueAt/);
    expect(() => checkNewTimer({ ...valid, payload: undefined as never })).toThrow(/payload/);
  });
});

describe('toTimer', () => {
  const row: TimerRow = {
    id: 't',
    kind: 'k',
    payload: { a: 1 },
    due_at: at('2025-01-01T00:00:00Z'),
    state: 'pending',
    available_at: at('2025-01-01T00:00:30Z'),
    lease_token: '00000000-0000-4000-8000-000000000000',
    attempts: 1,
    last_error: null,
    last_attempt_at: at('2025-01-01T00:00:00Z'),
    created_at: at('2024-12-01T00:00:00Z'),
    settled_at: null,
  };

  it('shows a held lease as leasedUntil', () => {
    expect(toTimer(row)).toMatchObject({ state: 'pending', leasedUntil: row.available_at, firedAt: null, cancelledAt: null });
    expect(toTimer({ ...row, lease_token: null }).leasedUntil).toBeNull();
  });

  it('splits the settled time into firedAt, cancelledAt and parkedAt', () => {
    const settled = at('2025-01-01T00:00:01Z');
    expect(toTimer({ ...row, state: 'fired', settled_at: settled })).toMatchObject({ firedAt: settled, cancelledAt: null, parkedAt: null, leasedUntil: null });
    expect(toTimer({ ...row, state: 'cancelled', settled_at: settled })).toMatchObject({ firedAt: null, cancelledAt: settled, parkedAt: null });
    expect(toTimer({ ...row, state: 'parked', settled_at: settled })).toMatchObject({ firedAt: null, cancelledAt: null, parkedAt: settled, leasedUntil: null });
  });
});
