import { describe, expect, it } from 'vitest';
import type { Timer } from './timer.js';
import { dispatchTimers } from './timer-dispatch.js';

const fired = (kind: string): Timer => ({ id: `${kind}:1`, kind, payload: null, dueAt: new Date(0), state: 'pending', attempts: 1, lastError: null, lastAttemptAt: null, availableAt: new Date(0), leasedUntil: null, createdAt: new Date(0), firedAt: null, cancelledAt: null, parkedAt: null });
const context = { signal: new AbortController().signal };

describe('dispatchTimers', () => {
  it('hands a fired timer to the area that declares its kind', async () => {
    const handled: string[] = [];
    const handle = dispatchTimers('feedback', [
      { kinds: ['survey-expiry'], handle: async (timer) => void handled.push(`surveys ${timer.kind}`) },
      { kinds: ['contact-cadence', 'follow-up-overdue'], handle: async (timer) => void handled.push(`contacts ${timer.kind}`) },
    ]);
    await handle(fired('follow-up-overdue'), context);
    await handle(fired('survey-expiry'), context);
    expect(handled).toEqual(['contacts follow-up-overdue', 'surveys survey-expiry']);
  });

  it('parks a timer of a kind no area declares, naming the service and the kinds it knows', async () => {
    const handle = dispatchTimers('outbound', [{ kinds: ['webhook-delivery'], handle: async () => undefined }]);
    await expect(handle(fired('tier-review'), context)).rejects.toThrow('no outbound area declares timer kind "tier-review" (known: webhook-delivery)');
  });
});
