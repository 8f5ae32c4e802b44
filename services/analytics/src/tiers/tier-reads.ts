import { activeCollection } from '@ctp/projections';
import { movementsInForce, type TierMovement } from './tier-history.js';
import { tierProjection, type TierMovementDocument } from './tier-projection.js';
import type { AreaReads } from '../area.js';


/** The movements in force of every customer, or of one. */
export async function loadMovements(reads: AreaReads, customerId?: string): Promise<TierMovement[]> {
  const movements = await activeCollection<TierMovementDocument>(reads.db, tierProjection.name, 'movementFacts');
  return movementsInForce(await movements.find(customerId === undefined ? {} : { customerId }).toArray());
}
