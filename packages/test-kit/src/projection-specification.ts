import { expect } from 'vitest';

export interface SpecifiedProjection<Event> {
  /** Applies events as the projection runtime would (e.g. `projectEvents` of @ctp/projections on a fresh database). */
  readonly project: (events: readonly Event[]) => Promise<void>;
  /** Every document the projection holds now, per collection, in a stable order. */
  readonly documents: () => Promise<Readonly<Record<string, readonly unknown[]>>>;
}

/**
 * Events in, documents out: `await projectionSpecification(projection).given(...events).then(expected)`
 * projects the events as one batch and matches each collection named in `expected` (documents
 * matched partially, in order, none more); then delivers the same events again, as one batch and
 * one by one, and expects every document unchanged, since a redelivery must change nothing.
 * Returns the documents.
 */
export function projectionSpecification<Event>(projection: SpecifiedProjection<Event>) {
  return {
    given: (...events: readonly Event[]) => ({
      then: async (expected: Readonly<Record<string, readonly unknown[]>>) => {
        await projection.project(events);
        const documents = await projection.documents();
        for (const [collection, wanted] of Object.entries(expected)) expect(documents[collection], `collection ${collection}`).toMatchObject(wanted);
        await projection.project(events);
        expect(await projection.documents(), 'after the same batch again').toEqual(documents);
        for (const event of events) await projection.project([event]);
        expect(await projection.documents(), 'after each event again alone').toEqual(documents);
        return documents;
      },
    }),
  };
}
