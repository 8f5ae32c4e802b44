import type { ConsentStanding, CustomerChannelName, MessageLocale, messageSuppressionReasons } from '@ctp/contracts';
import type { CustomerContact } from './recipient.js';

export type MessageDecision =
  | { readonly action: 'suppress'; readonly reason: (typeof messageSuppressionReasons)[number]; readonly survivorId: string | null }
  | { readonly action: 'send'; readonly channel: CustomerChannelName; readonly to: string; readonly locale: MessageLocale };

/**
 * Send only with the purpose's consent as of the send: none, an erased customer, or one merged away is suppressed
 * (and why). Then e-mail when the profile has an address, else SMS when it has a phone and an SMS gateway is
 * configured; else there is nowhere to send. One more message than its group's frequency cap allows is suppressed
 * too. The profile's locale, else the business default.
 */
export function decideMessage(input: {
  readonly consent: ConsentStanding;
  readonly contact: CustomerContact;
  readonly channels: readonly CustomerChannelName[];
  readonly defaultLocale: MessageLocale;
  /** One more message of this kind's group now would exceed its frequency cap. */
  readonly exceedsCap: boolean;
}): MessageDecision {
  const { consent, contact, channels } = input;
  switch (consent.status) {
    case 'erased':
      return { action: 'suppress', reason: 'erased', survivorId: null };
    case 'merged_away':
      return { action: 'suppress', reason: 'merged_away', survivorId: consent.survivorId };
    case 'no_consent':
      return { action: 'suppress', reason: 'no_consent', survivorId: null };
    case 'consented':
      break;
    default: {
      const unknown: never = consent;
      throw new Error(`unknown consent standing ${JSON.stringify(unknown)}`);
    }
  }
  const locale = contact.locale ?? input.defaultLocale;
  const address = contact.email && channels.includes('email') ? { channel: 'email' as const, to: contact.email } : contact.phone && channels.includes('sms') ? { channel: 'sms' as const, to: contact.phone } : null;
  if (!address) return { action: 'suppress', reason: 'no_address', survivorId: null };
  if (input.exceedsCap) return { action: 'suppress', reason: 'frequency_cap', survivorId: null };
  return { action: 'send', ...address, locale };
}
