import { activeCollection } from '@ctp/projections';
import type { EarlierComplaint } from '../domain/complaints/decide-complaint.js';
import type { ComplaintReads } from './complaint-deps.js';
import { complaintProjection, type ComplaintDocument } from './complaint-projection.js';

export const complaintsCollection = (reads: ComplaintReads) => activeCollection<ComplaintDocument>(reads.db, complaintProjection.name, 'complaints');

/** The customer's complaints as the read model has them (recorded, with their causes), for the repeat check. */
export async function complaintsOf(reads: ComplaintReads, customerId: string): Promise<EarlierComplaint[]> {
  const documents = await (await complaintsCollection(reads)).find({ customerId }).toArray();
  return documents.map((document) => ({ caseId: document._id, openedAt: document.openedAt.toISOString(), causes: document.causes }));
}
