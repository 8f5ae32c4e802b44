import { describe, expect, it } from 'vitest';
import { testEvent } from '../contract/fixtures.js';
import { expectedParameters, toAppendDocument, toAppendResult, toRecordedEvent } from './rows.js';

describe('row mapping', () => {
  it('maps a stored row to a RecordedEvent with canonical positions and ISO recordedAt', () => {
    const event = testEvent('customer-C-1');
    const row = {
      position_text: '9007199254740993',
      id_text: event.id,
      stream_id: event.streamId,
      revision_text: '12',
      type: event.type,
      schema_version: 1,
      data: event.data,
      occurred_at: event.occurredAt,
      recorded_at: new Date('2025-06-30T02:15:00.123Z'),
      correlation_id: event.correlationId,
      causation_id: null,
      actor: event.actor,
      traceparent: null,
    };
    expect(toRecordedEvent(row)).toEqual({ ...event, revision: 12, globalPosition: '9007199254740993', recordedAt: '2025-06-30T02:15:00.123Z' });
  });

  it('sends only envelope fields the function reads', () => {
    const event = testEvent('customer-C-1');
    expect(Object.keys(toAppendDocument(event)).sort()).toEqual(
      ['actor', 'causationId', 'correlationId', 'data', 'id', 'occurredAt', 'schemaVersion', 'traceparent', 'type'],
    );
  });

  it('encodes expected revisions as kind and number', () => {
    expect(expectedParameters('any')).toEqual(['any', null]);
    expect(expectedParameters('no_stream')).toEqual(['no_stream', null]);
    expect(expectedParameters(7)).toEqual(['revision', 7]);
  });

  it('builds the append result from the returned rows', () => {
    const rows = [
      { o_event_id: 'a', o_revision: '3', o_position: '40', o_duplicate: false },
      { o_event_id: 'b', o_revision: '4', o_position: '41', o_duplicate: false },
    ];
    expect(toAppendResult('customer-1', rows)).toEqual({
      streamId: 'customer-1',
      lastRevision: 4,
      lastPosition: '41',
      events: [
        { id: 'a', revision: 3, globalPosition: '40', duplicate: false },
        { id: 'b', revision: 4, globalPosition: '41', duplicate: false },
      ],
    });
    expect(() => toAppendResult('customer-1', [])).toThrow(/no rows/);
  });
});
