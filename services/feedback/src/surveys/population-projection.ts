import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/** A `customers` document: when the customer last purchased, and whether they are gone (erased or merged away). */
export interface PopulationMember {
  readonly _id: string;
  readonly lastPurchaseAt?: Date;
  readonly gone?: boolean;
}

/** `customers`: who is an active customer (a purchase within the year) for relationship survey samples; no personal data. */
export const surveyPopulationProjection = defineProjection({
  name: 'feedback-survey-population',
  version: 1,
  categories: ['customer'],
  collections: { surveyPopulation: { indexes: [{ key: { lastPurchaseAt: 1 } }] } },
  handle: (events) =>
    events.flatMap((event): ProjectionWrite<'surveyPopulation'>[] => {
      const { customerId } = event.data as { customerId: string };
      if (event.type === 'PurchaseRecorded') return [guardedUpsert('surveyPopulation', customerId, event.globalPosition, { $max: { lastPurchaseAt: new Date(event.occurredAt) } })];
      if (event.type === 'CustomerErasureRequested' || event.type === 'CustomerMergedInto') return [guardedUpsert('surveyPopulation', customerId, event.globalPosition, { $set: { gone: true } })];
      return [];
    }),
});
