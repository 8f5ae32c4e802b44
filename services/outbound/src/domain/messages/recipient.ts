import { ERASED, type MessageLocale, type RecordedEventOf } from '@ctp/contracts';

/** Where and how to write to a customer, from their profile as decrypted (an erased field reads as absent). */
export interface CustomerContact {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly locale: MessageLocale | null;
}

const usable = (value: string | null | undefined) => (value === undefined || value === null || value === ERASED ? null : value);

export function contactOf(events: readonly RecordedEventOf<'customer'>[]): CustomerContact {
  let contact: CustomerContact = { name: null, email: null, phone: null, locale: null };
  for (const event of events) {
    if (event.type === 'CustomerRegistered') {
      const { name, email, phone, locale } = event.data;
      contact = { name: usable(name), email: usable(email), phone: usable(phone), locale: locale ?? null };
    }
    if (event.type === 'CustomerProfileUpdated') {
      const { name, email, phone, locale } = event.data.changes;
      contact = {
        name: name === undefined ? contact.name : usable(name),
        email: email === undefined ? contact.email : usable(email),
        phone: phone === undefined ? contact.phone : usable(phone),
        locale: locale === undefined ? contact.locale : locale,
      };
    }
  }
  return contact;
}
