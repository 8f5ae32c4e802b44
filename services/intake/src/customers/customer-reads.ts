import { accessPurposes, type ExchangeRates } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { mergeGroup, survivorOf } from '@ctp/identity';
import { activeCollection, findByIds } from '@ctp/projections';
import { problems, ProblemError, readYourWritesQuery, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { loadCustomerStreams } from '../rules/load-states.js';
import { recordAccess } from './access-log.js';
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
  readonly personalDataRoles: ReadonlySet<string>;
  readonly clock: () => Date;
}

export const accessQuery = {
  ...readYourWritesQuery,
  purpose: z.enum(accessPurposes).default('service').describe('why personal data is read; recorded with each read that shows it'),
  reason: z.string().min(1).max(2000).optional().describe('free-text justification, recorded with the read'),
};

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

export function mayReveal(reads: CustomerReads, request: FastifyRequest): boolean {
  return reads.personalDataRoles.has(request.principal!.role);
}

export async function recordRead(
  reads: CustomerReads,
  request: FastifyRequest,
  read: { customerId: string; view: string; revealed: string[]; purpose: (typeof accessPurposes)[number]; reason: string | undefined },
): Promise<void> {
  const principal = request.principal!;
  await recordAccess(reads.store, {
    customerId: read.customerId,
    accessedBy: { kind: 'api-key', id: principal.keyId, role: principal.role },
    purpose: read.purpose,
    view: read.view,
    fieldsRevealed: read.revealed,
    ...(read.reason ? { justification: read.reason } : {}),
    correlationId: request.id,
    traceparent: request.traceparent,
  }, reads.clock());
}
