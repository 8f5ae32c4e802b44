import { activeCollection } from '@ctp/projections';
import type { ReadYourWrites } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { movementsInForce, type TierMovement } from './tier-history.js';
import { tierProjection, type TierMovementDocument } from './tier-projection.js';

/** What the tier routes read: the projection's database, its read-your-writes wait, the zone months are counted in, the clock. */
export interface TierReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  readonly timeZone: string;
  readonly clock: () => Date;
}

/** The movements in force of every customer, or of one. */
export async function loadMovements(reads: TierReads, customerId?: string): Promise<TierMovement[]> {
  const movements = await activeCollection<TierMovementDocument>(reads.db, tierProjection.name, 'movementFacts');
  return movementsInForce(await movements.find(customerId === undefined ? {} : { customerId }).toArray());
}
