import { activeCollection } from '@ctp/projections';
import type { Db } from 'mongodb';
import { accountProjection } from './account-projection.js';

export interface AccountManagerDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly managerId: string;
  readonly team: string;
  readonly status: 'managed' | 'releasing' | 'released';
  readonly since: string;
  readonly tier: string | null;
  readonly releaseAt: string | null;
}

export const heldStatuses: AccountManagerDocument['status'][] = ['managed', 'releasing'];

export const managerDocuments = (db: Db) => activeCollection<AccountManagerDocument>(db, accountProjection.name, 'accountManagers');

/** Customers each manager holds now (managed or in notice), from the read model. */
export async function managerLoads(db: Db): Promise<Map<string, number>> {
  const collection = await managerDocuments(db);
  const counts = await collection.aggregate<{ _id: string; customers: number }>([{ $match: { status: { $in: heldStatuses } } }, { $group: { _id: '$managerId', customers: { $sum: 1 } } }]).toArray();
  return new Map(counts.map(({ _id, customers }) => [_id, customers]));
}
