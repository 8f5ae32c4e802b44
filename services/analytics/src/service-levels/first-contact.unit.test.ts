import { describe, expect, it } from 'vitest';
import { assessFirstContact, firstContactOf } from './first-contact.js';

const day = 86_400_000;
const resolvedAt = new Date('2026-03-10T02:00:00Z');
const after = (ms: number) => new Date(resolvedAt.getTime() + ms);
const now = after(30 * day);

const solved = (over: Partial<Parameters<typeof assessFirstContact>[0]> = {}) => ({
  _id: 'K-1', customerId: 'C-1', replies: 1, reopened: 0, firstReplyAt: new Date('2026-03-10T01:00:00Z'), resolvedAt, ...over,
});

describe('first-contact resolution of one case', () => {
  it('is FCR with one reply, no message after it, never reopened and no case of the customer within 7 days', () => {
    const others = [
      { _id: 'K-1', customerId: 'C-1', openedAt: after(-day) }, // itself
      { _id: 'K-2', customerId: 'C-1', openedAt: after(7 * day + 1) }, // 1 ms past 168 h
      { _id: 'K-3', customerId: 'C-2', openedAt: after(day) }, // another customer
    ];
    expect(assessFirstContact({ ...solved(), lastCustomerMessageAt: new Date('2026-03-09T23:00:00Z') }, others, now)).toEqual({ atFirstContact: true, repeatCaseIds: [], fcr: true, windowOpen: false });
  });

  it('is not FCR after two replies, a message after the first reply, a reopening, or a repeat at exactly 168 h', () => {
    expect(assessFirstContact(solved({ replies: 2 }), [], now).atFirstContact).toBe(false);
    expect(assessFirstContact(solved({ lastCustomerMessageAt: new Date('2026-03-10T01:30:00Z') }), [], now).atFirstContact).toBe(false);
    expect(assessFirstContact(solved({ reopened: 1 }), [], now).atFirstContact).toBe(false);
    expect(assessFirstContact(solved(), [{ _id: 'K-9', customerId: 'C-1', openedAt: after(7 * day) }], now)).toEqual({ atFirstContact: true, repeatCaseIds: ['K-9'], fcr: false, windowOpen: false });
  });

  it('counts a case resolved without any reply as at first contact, and flags a resolution less than 7 days old', () => {
    expect(assessFirstContact(solved({ replies: 0, firstReplyAt: undefined }), [], after(7 * day - 1))).toEqual({ atFirstContact: true, repeatCaseIds: [], fcr: true, windowOpen: true });
  });
});

describe('a first-contact cell', () => {
  it('divides the FCR cases by the solved ones and averages the stopped first-response waits', () => {
    const assessment = (fcr: boolean, atFirstContact: boolean, repeats: string[], windowOpen = false) => ({ fcr, atFirstContact, repeatCaseIds: repeats, windowOpen });
    // 4 solved: 2 FCR, 1 at first contact but repeated, 1 not at first contact -> FCR 2 / 4 = 0.5.
    // Waits 5, 10, 30 min (one clock still running): mean 15 min = 900,000 ms; p90 rank ceil(2.7) = 3 -> 30 min.
    const cell = firstContactOf(
      [assessment(true, true, []), assessment(true, true, [], true), assessment(false, true, ['K-8']), assessment(false, false, [])],
      [{ elapsedMs: 300_000 }, { elapsedMs: 600_000 }, { elapsedMs: 1_800_000 }, { elapsedMs: null }],
    );
    expect(cell).toEqual({ solved: 4, atFirstContact: 3, repeated: 1, fcr: { numerator: 2, denominator: 4, value: 0.5 }, windowOpen: 1, waited: 3, averageWaitMs: 900_000, p90WaitMs: 1_800_000 });
  });
});
