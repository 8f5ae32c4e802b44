import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';
import type { TargetDocument } from './target-decider.js';

/** `targetDocuments`: one document per target stream, its latest published version. */
export const targetProjection = defineProjection({
  name: 'analytics-targets',
  version: 1,
  categories: ['target'],
  collections: { targetDocuments: { indexes: [] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface TargetReadDocument {
  readonly _id: string;
  readonly version: number;
  readonly target: TargetDocument;
  readonly publishedAt: Date;
  readonly position: string;
  readonly trace: readonly TraceEvent[];
}

const targetEvent = decoderFor('target');

function writesFor(raw: RecordedEvent): ProjectionWrite<'targetDocuments'>[] {
  const event = targetEvent(raw);
  const trace: TraceEvent = { position: raw.globalPosition, type: raw.type };
  return [
    guardedUpsert('targetDocuments', event.data.id, raw.globalPosition, {
      $set: { version: event.data.version, target: event.data.target, publishedAt: new Date(raw.recordedAt), position: raw.globalPosition },
      $push: { trace },
    }),
  ];
}
