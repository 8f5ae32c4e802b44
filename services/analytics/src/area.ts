import type { ProjectionDefinition } from '@ctp/projections';
import type { ReadModel, Role } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';

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
