import { entityIdSchema, isoDateTimeSchema, type Actor } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import type { AccountDeps } from './account-deps.js';
import { withAccountStream } from './account-stream.js';
import { decideAccount } from '../domain/accounts/decide-account.js';

const releasePayload = z.object({ customerId: entityIdSchema, releaseAt: isoDateTimeSchema });
const accountsActor: Actor = { kind: 'service', id: 'tiering' };

const releaseTimer = defineTimerKind<AccountDeps, z.infer<typeof releasePayload>>({
  kind: 'account-manager-release',
  payload: releasePayload,
  /** As of the end of the notice (the payload's instant): a timer of a cancelled or rescheduled notice decides nothing. */
  handle: async ({ deps, payload: { customerId, releaseAt }, timer }) => {
    const context = { causationId: timer.id, correlationId: timer.id, occurredAt: releaseAt, actor: accountsActor };
    await withAccountStream(deps.store, customerId, context, (state) => decideAccount({ kind: 'release', customerId, releaseAt, at: releaseAt }, state));
  },
});

export const accountTimers = timerRegistry<AccountDeps>([releaseTimer]);

/** One timer per notice: its id carries the release instant, so scheduling it again is a no-op. */
export async function scheduleRelease(deps: AccountDeps, customerId: string, releaseAt: string): Promise<void> {
  await scheduleTimer(deps.accountTimers, releaseTimer, { id: `account-manager-release:${customerId}:${releaseAt}`, dueAt: new Date(releaseAt), payload: { customerId, releaseAt } });
}
