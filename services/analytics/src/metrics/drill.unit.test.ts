import { describe, expect, it } from 'vitest';
import { drillLink, eventsLink } from './drill.js';

describe('drill links', () => {
  it('lists the filters in name order, none for a missing dimension, lists comma-separated', () => {
    expect(drillLink('/v1/analytics/x', { tier: 'gold', month: '2026-03', team: null, channel: undefined, causes: ['a', 'b'] })).toBe('/v1/analytics/x?causes=a%2Cb&month=2026-03&team=none&tier=gold');
    expect(eventsLink([{ position: '12', type: 'SlaMet' }, { position: '15', type: 'SlaBreached' }])).toBe('/v1/analytics/events?positions=12%2C15');
  });
});
