import { describe, expect, it } from 'vitest';
import { eventRegistry } from '../index.js';

const v1 = { customerId: 'C-1', interactionId: 'IX-1', channel: 'web', kind: 'inquiry', direction: 'inbound', note: 'n' };

describe('InteractionRecorded v1 -> v2', () => {
  it('renames channel web to online', () => {
    expect(eventRegistry.upcast('InteractionRecorded', 1, v1)).toEqual({ version: 2, data: { ...v1, channel: 'online' } });
  });

  it('leaves every other channel as it was', () => {
    for (const channel of ['phone', 'email', 'walk_in', 'social', 'app']) {
      expect(eventRegistry.upcast('InteractionRecorded', 1, { ...v1, channel }).data).toEqual({ ...v1, channel });
    }
  });

  it('keeps the personal note at the same path', () => {
    expect(eventRegistry.personalFieldPaths('InteractionRecorded', 1)).toEqual(['note']);
    expect(eventRegistry.personalFieldPaths('InteractionRecorded', 2)).toEqual(['note']);
  });

  it('no longer accepts web on write', () => {
    expect(() => eventRegistry.parseData('InteractionRecorded', 2, v1)).toThrow('invalid InteractionRecorded v2 data');
  });
});
