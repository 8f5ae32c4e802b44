import { describe, expect, it } from 'vitest';
import { formatSummary, type Summary } from './summary.js';

const summary: Summary = {
  rows: 3,
  settledRows: 3,
  resumedAfter: 0,
  counts: { accepted: 3, duplicates: 0, rejected: 0, retried: 0 },
  elapsedMs: 1_000,
  rejectsPath: 'x.rejects.ndjson',
};

describe('the import summary', () => {
  it('ends with how far behind each of intake read models is, so the user knows when the facts show', () => {
    const text = formatSummary({
      ...summary,
      readModels: {
        kind: 'read',
        readModels: [
          { name: 'intake-customer-summary', lagEvents: 12_345, eventsPerSecond: 850 },
          { name: 'intake-timeline', lagEvents: 0, eventsPerSecond: null },
        ],
      },
    });
    expect(text).toContain('read models intake-customer-summary: 12,345 events behind, 850 events/s\n');
    expect(text).toContain('            intake-timeline: caught up\n');
  });

  it('says why the read models are unknown rather than leaving them out', () => {
    const text = formatSummary({ ...summary, readModels: { kind: 'unknown', reason: 'GET /v1/read-models answered 403' } });
    expect(text).toContain('read models unknown (GET /v1/read-models answered 403)\n');
  });

  it('has no read-model line when they were not asked for (an interrupted run)', () => {
    expect(formatSummary(summary)).not.toContain('read models');
  });
});
