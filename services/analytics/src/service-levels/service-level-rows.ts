import type { Db } from 'mongodb';
import type { ListingsOfHead } from '../metrics/listing-documents.js';
import type { Month } from '../metrics/period.js';
import { rowListsReader, withDates, type RowEntry } from '../metrics/row-lists.js';
import type { CaseFact, ClockFact } from './facts.js';
import { readServiceLevelMonthsHead, serviceLevelMonthDocuments } from './service-level-month-store.js';

/**
 * The listings' rows, kept by the service-level month follower as row lists (row-lists.ts) in the months' collection:
 * one list per month opened, its cases' rows by case id. A page reads the directories and then only the pieces its
 * cases fall on, not the month's whole rows (825 at 100,000 customers).
 */

/** A case opened in the month as the listings show it: its fact and its clocks' facts, as the read model holds them. */
export interface CaseRows {
  readonly fact: CaseFact;
  readonly clocks: readonly ClockFact[];
}

export { fileRowLists as fileRows, type RowEntry } from '../metrics/row-lists.js';
export const rowEntry = (rows: CaseRows): RowEntry => [rows.fact._id, JSON.stringify(rows)];

const caseDates = ['openedAt', 'firstReplyAt', 'lastCustomerMessageAt', 'resolvedAt'] as const;
const clockDates = ['startedAt', 'deadline', 'stoppedAt'] as const;
/** A row as the follower kept it, its dates read back as dates. */
function caseRowsOf(json: string): CaseRows {
  const { fact, clocks } = JSON.parse(json) as { fact: Record<string, unknown>; clocks: Record<string, unknown>[] };
  return { fact: withDates<CaseFact>(fact, caseDates), clocks: clocks.map((clock) => withDates<ClockFact>(clock, clockDates)) };
}

/** Reads cases' rows from the directory `head` names, starting on it at once (while the caller reads the entries). */
export function serviceLevelRowsReader(db: Db, timeZone: string, head: ListingsOfHead) {
  const read = rowListsReader(serviceLevelMonthDocuments(db).rows, head.listings, async () => (await readServiceLevelMonthsHead(db, timeZone))?.listings ?? null, 'the service-level rows');
  return async (cases: readonly { readonly id: string; readonly month: Month }[]): Promise<Map<string, CaseRows>> => {
    const json = await read(cases.map(({ id, month }) => ({ id, list: month })));
    return new Map([...json].map(([id, kept]) => [id, caseRowsOf(kept)] as const));
  };
}
