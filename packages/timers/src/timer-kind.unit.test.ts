import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTimerKind, scheduleTimer, scheduleTimers, timerRegistry, TimerParkedError, TimerPayloadError } from './timer-kind.js';
import { toTimer, type NewTimer, type Timer } from './timer.js';

const reviewKind = defineTimerKind({
  kind: 'review',
  payload: z.object({ customerId: z.string().min(1), reviewDate: z.iso.date() }),
  handle: async ({ deps, payload, timer }: { deps: string[]; payload: { customerId: string; reviewDate: string }; timer: Timer }) =>
    void deps.push(`${timer.id} ${payload.customerId} ${payload.reviewDate}`),
});

function timerOf(kind: string, payload: NewTimer['payload']): Timer {
  const at = new Date('2025-01-01T00:00:00Z');
  return toTimer({ id: 't-1', kind, payload, due_at: at, state: 'pending', available_at: at, lease_token: null, attempts: 1, last_error: null, last_attempt_at: at, created_at: at, settled_at: null });
}

const signal = new AbortController().signal;

describe('a timer registry', () => {
  it('hands a declared kind its checked payload and the deps', async () => {
    const seen: string[] = [];
    await timerRegistry([reviewKind]).handler(seen)(timerOf('review', { customerId: 'C-1', reviewDate: '2025-07-01' }), { signal });
    expect(seen).toEqual(['t-1 C-1 2025-07-01']);
  });

  it('parks a timer of an undeclared kind, naming the kinds it knows', async () => {
    const handle = timerRegistry([reviewKind]).handler([]);
    const parked = handle(timerOf('renamed-review', { customerId: 'C-1' }), { signal });
    await expect(parked).rejects.toBeInstanceOf(TimerParkedError);
    await expect(parked).rejects.toMatchObject({ reason: 'unknown_kind', message: expect.stringContaining('"renamed-review"') });
    await expect(parked).rejects.toThrow(/known: review/);
  });

  it('parks a timer whose payload fails its schema, naming every field', async () => {
    const seen: string[] = [];
    const parked = timerRegistry([reviewKind]).handler(seen)(timerOf('review', { customerId: '', reviewDate: 'July' }), { signal });
    await expect(parked).rejects.toMatchObject({ reason: 'invalid_payload', message: expect.stringMatching(/^invalid_payload: customerId: .+; reviewDate: .+$/) });
    expect(seen).toEqual([]);
  });

  it('refuses a kind declared twice and a kind without a name', () => {
    expect(() => timerRegistry([reviewKind, reviewKind])).toThrow(/declared twice/);
    expect(() => defineTimerKind({ kind: '', payload: z.null(), handle: async () => undefined })).toThrow(TypeError);
    expect(timerRegistry([reviewKind]).kinds).toEqual(['review']);
  });
});

describe('scheduleTimer', () => {
  const dueAt = new Date('2025-07-01T00:00:00Z');

  it('schedules a checked payload under the kind', async () => {
    const scheduled: NewTimer[] = [];
    const store = { schedule: async (timer: NewTimer) => (scheduled.push(timer), 'scheduled' as const) };
    expect(await scheduleTimer(store, reviewKind, { id: 'r-1', dueAt, payload: { customerId: 'C-1', reviewDate: '2025-07-01' } })).toBe('scheduled');
    expect(scheduled).toEqual([{ id: 'r-1', kind: 'review', dueAt, payload: { customerId: 'C-1', reviewDate: '2025-07-01' } }]);
  });

  it('refuses a payload its kind does not accept, naming the fields, and stores nothing', () => {
    const scheduled: NewTimer[] = [];
    const store = { schedule: async (timer: NewTimer) => (scheduled.push(timer), 'scheduled' as const) };
    expect(() => scheduleTimer(store, reviewKind, { id: 'r-2', dueAt, payload: { customerId: '', reviewDate: '2025-13-45' } })).toThrow(TimerPayloadError);
    expect(() => scheduleTimer(store, reviewKind, { id: 'r-2', dueAt, payload: { customerId: '', reviewDate: '2025-13-45' } })).toThrow(/r-2 \(review\): invalid payload: customerId: .+; reviewDate: /);
    expect(scheduled).toEqual([]);
  });

  it('schedules many in one call, none when one payload is refused', async () => {
    const calls: (readonly NewTimer[])[] = [];
    const store = { scheduleAll: async (timers: readonly NewTimer[]) => (calls.push(timers), timers.length) };
    const good = { id: 'r-3', dueAt, payload: { customerId: 'C-3', reviewDate: '2025-07-01' } };
    expect(() => scheduleTimers(store, reviewKind, [good, { id: 'r-4', dueAt, payload: { customerId: 'C-4', reviewDate: 'soon' } }])).toThrow(/r-4 \(review\): invalid payload: reviewDate: /);
    expect(calls).toEqual([]);
    expect(await scheduleTimers(store, reviewKind, [good])).toBe(1);
    expect(calls).toEqual([[{ ...good, kind: 'review' }]]);
  });
});
