import type { ProjectionDefinition } from '@ctp/projections';
import type { ReadModel, ReadYourWrites, Role } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';

/** Who reads the analysts' figures; none of them carries personal data. */
export const analyticsReaders: readonly Role[] = ['analyst', 'auditor', 'admin'];

export interface AreaContext {
  /** The area's own read model: its projection's collections in `db`, its read-your-writes wait. */
  readonly readModel: Pick<ReadModel, 'db' | 'readYourWrites'>;
  /** Months and days are counted in this IANA zone (BUSINESS_TIME_ZONE). */
  readonly timeZone: string;
  readonly clock: () => Date;
}

/** One area of the read side: a rebuildable projection and the routes that query it. */
export interface AnalyticsArea {
  readonly projection: ProjectionDefinition;
  routes(context: AreaContext): (app: FastifyInstance) => Promise<void>;
}

/** What an area's routes read: its read model's database and wait, the zone months are counted in, the clock. */
export interface AreaReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  readonly timeZone: string;
  readonly clock: () => Date;
}

export function areaReads({ readModel, timeZone, clock }: AreaContext): AreaReads {
  return { db: readModel.db, readYourWrites: readModel.readYourWrites, timeZone, clock };
}
