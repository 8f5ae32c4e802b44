import { eventRegistry, type RecordedDomainEvent } from '@ctp/contracts';

export interface CustomerProfile {
  readonly kind?: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: Record<string, unknown>;
  readonly customerSince?: string;
  readonly source?: { system: string; externalId: string };
}

/** The profile as registration and later updates left it; a null change removes the field. */
export function foldProfile(events: readonly RecordedDomainEvent[]): CustomerProfile {
  let profile: Record<string, unknown> = {};
  for (const event of events) {
    if (event.type === 'CustomerRegistered') {
      const { kind, name, email, phone, address, customerSince, source } = event.data;
      profile = { kind, name, email, phone, address, customerSince, source };
    }
    if (event.type === 'CustomerProfileUpdated') {
      for (const [field, value] of Object.entries(event.data.changes)) {
        if (value === null) delete profile[field];
        else profile[field] = value;
      }
    }
  }
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as CustomerProfile;
}

/** The registration's personal fields, as the contracts mark them (source.externalId included: a hand-kept list had missed it). */
export const profilePersonalFields = eventRegistry.personalFieldPaths('CustomerRegistered', eventRegistry.latest('CustomerRegistered').version);
