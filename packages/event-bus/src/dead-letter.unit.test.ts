import { describe, expect, it } from 'vitest';
import { fromDeadLetterMessage, inParts, toDeadLetterMessage, type DeadLetter } from './dead-letter.js';
import { fromKafkaMessage, toKafkaMessage } from './kafka-message.js';
import { sampleEvent } from './test-support/sample-event.js';

const letter: DeadLetter = {
  consumer: 'purchase-totals',
  reason: 'handler_failed',
  error: { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at handle' },
  attempts: 3,
  original: { topic: 'ctp.events.customer', partition: 2, offset: '41' },
  parkedAt: '2025-07-01T00:00:00.000Z',
  blockedBy: null,
};

describe('dead-letter messages', () => {
  it('keep the original key, value and envelope headers and add the reason in ctp-dlq-* headers', () => {
    const original = toKafkaMessage(sampleEvent());
    const parked = toDeadLetterMessage(original, letter);
    expect(parked.key).toBe(original.key);
    expect(parked.value).toBe(original.value);
    expect(parked.headers).toMatchObject({
      ...original.headers,
      'ctp-dlq-projection': 'purchase-totals',
      'ctp-dlq-reason': 'handler_failed',
      'ctp-dlq-error-message': 'boom',
      'ctp-dlq-attempts': '3',
      'ctp-dlq-original-topic': 'ctp.events.customer',
      'ctp-dlq-original-partition': '2',
      'ctp-dlq-original-offset': '41',
    });
    const read = fromDeadLetterMessage(parked);
    expect(read.letter).toEqual(letter);
    expect(fromKafkaMessage(read.original)).toEqual(sampleEvent());
  });

  it('replaces the dead-letter headers when a message is parked again', () => {
    const once = toDeadLetterMessage(toKafkaMessage(sampleEvent()), { ...letter, blockedBy: 'e-1', reason: 'stream_blocked' });
    const twice = toDeadLetterMessage(fromDeadLetterMessage(once).original, { ...letter, attempts: 1 });
    expect(fromDeadLetterMessage(twice).letter).toEqual({ ...letter, attempts: 1 });
  });

  it('names a missing dead-letter header', () => {
    const parked = toDeadLetterMessage(toKafkaMessage(sampleEvent()), letter);
    delete parked.headers['ctp-dlq-original-offset'];
    expect(() => fromDeadLetterMessage(parked)).toThrow(/no ctp-dlq-original-offset header/);
  });
});

describe('parking many parcels at once', () => {
  it('sends them in order in parts under the broker’s size limit, a message larger than a part alone', () => {
    const sizes = [100, 100, 100, 300, 50, 50];
    expect(inParts(sizes, (size) => size, 250)).toEqual([[100, 100], [100], [300], [50, 50]]);
    expect(inParts([], (size: number) => size, 250)).toEqual([]);
  });
});
