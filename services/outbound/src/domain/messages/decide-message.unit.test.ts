import type { ConsentStanding } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { decideMessage } from './decide-message.js';
import type { CustomerContact } from './recipient.js';

const consented: ConsentStanding = { status: 'consented', grantEventId: '00000000-0000-4000-8000-000000000001' };
const contact: CustomerContact = { name: 'Li Wei', email: 'li.wei@example.com', phone: '+8613800138000', locale: null };

/** given the customer's consent and contact, when a message is due, then the decision. */
const when = (given: { consent?: ConsentStanding; contact?: Partial<CustomerContact>; channels?: readonly ('email' | 'sms')[]; exceedsCap?: boolean }) =>
  decideMessage({ consent: given.consent ?? consented, contact: { ...contact, ...given.contact }, channels: given.channels ?? ['email', 'sms'], defaultLocale: 'zh-CN', exceedsCap: given.exceedsCap ?? false });

describe('deciding a customer message', () => {
  it('given consent and an e-mail address, sends an e-mail in the business default locale when the profile names none', () => {
    expect(when({})).toEqual({ action: 'send', channel: 'email', to: 'li.wei@example.com', locale: 'zh-CN' });
  });

  it("given a profile locale, writes in it", () => {
    expect(when({ contact: { locale: 'en' } })).toMatchObject({ action: 'send', locale: 'en' });
  });

  it('given no consent, an erased or a merged-away customer, suppresses and says why', () => {
    expect(when({ consent: { status: 'no_consent' } })).toEqual({ action: 'suppress', reason: 'no_consent', survivorId: null });
    expect(when({ consent: { status: 'erased' } })).toEqual({ action: 'suppress', reason: 'erased', survivorId: null });
    expect(when({ consent: { status: 'merged_away', survivorId: 'C-9' } })).toEqual({ action: 'suppress', reason: 'merged_away', survivorId: 'C-9' });
  });

  it('given no e-mail, texts the phone when an SMS gateway is configured; with neither, there is nowhere to send', () => {
    expect(when({ contact: { email: null } })).toEqual({ action: 'send', channel: 'sms', to: '+8613800138000', locale: 'zh-CN' });
    expect(when({ contact: { email: null }, channels: ['email'] })).toEqual({ action: 'suppress', reason: 'no_address', survivorId: null });
    expect(when({ contact: { email: null, phone: null } })).toMatchObject({ action: 'suppress', reason: 'no_address' });
  });

  it('given one more message than the frequency cap allows, suppresses it (frequency_cap); consent and address are judged first', () => {
    expect(when({ exceedsCap: true })).toEqual({ action: 'suppress', reason: 'frequency_cap', survivorId: null });
    expect(when({ exceedsCap: true, consent: { status: 'no_consent' } })).toMatchObject({ reason: 'no_consent' });
    expect(when({ exceedsCap: true, contact: { email: null, phone: null } })).toMatchObject({ reason: 'no_address' });
  });
});
