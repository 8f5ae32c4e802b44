import { topicNaming } from '@ctp/event-bus';
import { describe, expect, it } from 'vitest';
import { topicMessagesFor } from './relay.js';
import { purchaseEvent } from './test-support/purchases.js';

describe('topicMessagesFor', () => {
  it('groups events by category topic, keyed by stream, keeping their order', () => {
    const recorded = ['a', 'b', 'a'].map((customer, index) => ({
      ...purchaseEvent(`C-${customer}`, index + 1),
      revision: index,
      globalPosition: String(index + 1),
      recordedAt: '2026-01-01T00:00:00Z',
    }));
    const batches = topicMessagesFor(recorded, topicNaming('test'));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.topic).toBe('test.events.customer');
    expect(batches[0]?.messages.map((message) => message.key)).toEqual(['customer-C-a', 'customer-C-b', 'customer-C-a']);
    expect(batches[0]?.messages.map((message) => message.headers?.['ctp-global-position'])).toEqual(['1', '2', '3']);
  });
});
