import { isoDateTimeIn } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import type { OpenedCase } from './case-state.js';
import { clockView } from './clock-view.js';
import { at, calendars, openCase, play, reply, stateOf, status } from './test-support/cases.js';

const minute = 60_000;
const iso = (ms: number) => isoDateTimeIn(ms, 'Asia/Shanghai');
const start = at('2026-02-10T08:00:00+08:00');

/** Email complaints opened every 97 minutes over three weeks across the Spring Festival, each paused once for a while. */
const cases = Array.from({ length: 300 }, (_, index) => {
  const openedAt = start + index * 97 * minute;
  const pausedAt = openedAt + ((index * 53) % 600) * minute + minute;
  const resumedAt = pausedAt + ((index * 71) % 2000) * minute + minute;
  return { openedAt, pausedAt, resumedAt };
});

describe('the resolution clock over generated cases', () => {
  it.each([0, 1, 2])('reaches its target exactly at its deadline, never before, its pause not counted (slice %i)', (slice) => {
    for (const { openedAt, pausedAt, resumedAt } of cases.filter((_, index) => index % 3 === slice)) {
      const history = play(
        openCase({ channel: 'email', openedAt: iso(openedAt) }),
        reply(iso(openedAt + minute)),
        status('waiting_on_customer', iso(pausedAt)),
        status('open', iso(resumedAt)),
      );
      const state = stateOf(history) as OpenedCase;
      const resolution = clockView(state, calendars, resumedAt).find(({ metric }) => metric === 'resolution')!;
      const deadline = Date.parse(resolution.deadline!);
      const at = (now: number) => clockView(state, calendars, now).find(({ metric }) => metric === 'resolution')!;
      expect([iso(openedAt), at(deadline).elapsedMs]).toEqual([iso(openedAt), resolution.targetMs]);
      expect(at(deadline - 1).elapsedMs).toBeLessThan(resolution.targetMs);
      expect(at(deadline).remainingMs).toBe(0);
      expect(at(resumedAt).elapsedMs).toBe(at(pausedAt).elapsedMs);
      expect(at(resumedAt).paused).toEqual([{ from: iso(pausedAt), to: iso(resumedAt), status: 'waiting_on_customer' }]);
    }
  });
});
