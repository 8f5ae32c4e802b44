import type { ExchangeRates } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { mergeGroup, survivorOf } from '@ctp/identity';
import { activeCollection, findByIds } from '@ctp/projections';
import { problems, ProblemError, readYourWritesQuery, type PersonalDataAccess, type ReadYourWrites } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { loadCustomerStreams } from '../rules/load-states.js';
import { customerSummary } from './customer-summary.js';
import type { SummaryDocument } from './customer-view.js';

export interface CustomerReads {
  /** Decrypts personal fields. */
  readonly store: EventStore;
  readonly reader: EventStore;
  readonly db: Db;
  /** Waits for the customer summary to pass a position a command answered. */
  readonly readYourWrites: ReadYourWrites;
  readonly rates: ExchangeRates;
  /** Who sees personal fields in clear, and the record of each read that shows them. */
  readonly access: PersonalDataAccess;
  readonly clock: () => Date;
}

/** A read's query: read-your-writes, and the purpose (required) of a route that may show personal data. */
export const readQuery = (reads: CustomerReads) => ({ ...readYourWritesQuery, ...reads.access.query });

/**
 * The customer an id stands for (the survivor of its merges), every id merged into it, and their
 * events with personal fields decrypted (or erased), each stream read once.
 */
export async function customerGroup(reads: CustomerReads, customerId: string) {
  const { states, events } = await loadCustomerStreams(reads.store, [customerId]);
  const survivorId = survivorOf(states, customerId);
  const survivor = states.get(survivorId);
  if (!survivor?.registered) throw new ProblemError(problems.CTP_NOT_FOUND, `no customer ${customerId}`);
  const memberIds = mergeGroup(states, survivorId).filter((id) => states.has(id));
  return { survivorId, erased: survivor.erased, memberIds, eventsOf: (ids: readonly string[]) => ids.flatMap((id) => events.get(id) ?? []) };
}

export async function summaryDocuments(reads: CustomerReads, memberIds: readonly string[]): Promise<SummaryDocument[]> {
  const collection = await activeCollection<SummaryDocument>(reads.db, customerSummary.name, 'customers');
  return findByIds(collection, memberIds);
}
