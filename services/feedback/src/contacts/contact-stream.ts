import { decoderFor, streamIdFor, type ContactEvent } from '@ctp/contracts';
import { handleCommand, type CommandContext, type HandledCommand, type StreamDecider } from '@ctp/event-store';
import { defaultCadenceRules } from '../domain/contacts/cadence-rules.js';
import type { ContactCommand } from '../domain/contacts/contact-commands.js';
import { evolveContact, initialContactState, type ContactState } from '../domain/contacts/contact-state.js';
import { decideContact } from '../domain/contacts/decide-contact.js';
import type { ContactDeps } from './contact-deps.js';
import { scheduleContactTimers } from './contact-timers.js';

export const contactDecider: StreamDecider<ContactState, ContactEvent> = { initialState: initialContactState, evolve: evolveContact, decode: decoderFor('contact') };

export const feedbackActor = { kind: 'service', id: 'feedback' } as const;

export const contactStreamOf = (customerId: string) => streamIdFor('contact', customerId);

/**
 * Decide on a customer's contact plan and append; then index the plan's tier policy and schedule the
 * timers the plan needs (also after a retried command or a redelivered event, so a crash between append
 * and scheduling heals on the next one).
 */
export async function withContactStream(deps: Pick<ContactDeps, 'store' | 'timers' | 'plans'>, customerId: string, context: CommandContext, command: (state: ContactState) => ContactCommand | null | Promise<ContactCommand | null>): Promise<HandledCommand<ContactState>> {
  const handled = await handleCommand(deps.store, contactStreamOf(customerId), contactDecider, async (state) => {
    const decided = await command(state);
    return decided ? decideContact(decided, state, defaultCadenceRules) : [];
  }, context);
  if (handled.appended) await deps.plans.record(customerId, handled.state.ended ? null : (handled.state.tierPolicy?.policyId ?? null), handled.appended.lastRevision);
  await scheduleContactTimers(deps.timers, customerId, handled.state);
  return handled;
}
