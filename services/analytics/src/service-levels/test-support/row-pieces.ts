import type { Db } from 'mongodb';
import { readDirectoryDocument, type ListingsOfHead } from '../../metrics/listing-documents.js';
import type { Month } from '../../metrics/period.js';
import type { Chunk } from '../../metrics/sorted-chunks.js';
import { serviceLevelMonthDocuments } from '../service-level-month-store.js';

/** The pieces of each month's rows, as the directory `head` names lists them. */
export async function rowPiecesByMonth(db: Db, head: ListingsOfHead): Promise<Record<Month, readonly Chunk[]>> {
  const documents = serviceLevelMonthDocuments(db).rows;
  const months = head.listings === null ? {} : (await readDirectoryDocument<Record<Month, string>>(documents, head.listings))!;
  return Object.fromEntries(await Promise.all(Object.entries(months).map(async ([month, id]) => [month, (await readDirectoryDocument<Chunk[]>(documents, id))!] as const)));
}
