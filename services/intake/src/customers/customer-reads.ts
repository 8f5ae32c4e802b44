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

/** Free-text justification of a personal-data read: a header, never the URL, so it stays out of request logs and caches. */
export const JUSTIFICATION_HEADER = 'x-access-justification';

export const accessQuery = {
  ...readYourWritesQuery,
  purpose: z.enum(accessPurposes).default('service').describe('why personal data is read; recorded with each read that shows it'),
  reason: z
    .undefined({ error: `send the justification in the ${JUSTIFICATION_HEADER} header: a URL is logged and cached, a justification is personal` })
    .optional()
    .describe(`refused: the free-text justification travels in the ${JUSTIFICATION_HEADER} header`),
};

/** The justification a request gives (percent-encoded UTF-8 is decoded), or a 400 naming the header. */
export function justificationOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[JUSTIFICATION_HEADER];
  if (raw === undefined) return undefined;
  const refuse = (message: string) => new ProblemError(problems.CTP_VALIDATION_FAILED, `${JUSTIFICATION_HEADER}: ${message}`, [{ path: `header.${JUSTIFICATION_HEADER}`, message }]);
  if (typeof raw !== 'string') throw refuse('send it once');
  let text: string;
  try {
    text = decodeURIComponent(raw).trim();
  } catch {
    throw refuse('not valid percent-encoded UTF-8');
  }
  if (text.length === 0 || text.length > 2000) throw refuse('expected 1 to 2000 characters');
  return text;
}

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
  read: { customerId: string; view: string; revealed: string[]; purpose: (typeof accessPurposes)[number] },
): Promise<void> {
  const principal = request.principal!;
  const justification = justificationOf(request);
  await recordAccess(reads.store, {
    customerId: read.customerId,
    accessedBy: { kind: 'api-key', id: principal.keyId, role: principal.role },
    purpose: read.purpose,
    view: read.view,
    fieldsRevealed: read.revealed,
    ...(justification ? { justification } : {}),
    correlationId: request.id,
    traceparent: request.traceparent,
  }, reads.clock());
}
