import { describe, expect, it } from 'vitest';
import { deadLetterTopicFor, topicFor, topicNaming } from './topics.js';

describe('topic names', () => {
  it('has one topic per category and one dead-letter topic per projection', () => {
    expect(topicFor('customer')).toBe('ctp.events.customer');
    expect(topicFor('tierPolicy')).toBe('ctp.events.tierPolicy');
    expect(deadLetterTopicFor('purchase-totals')).toBe('ctp.dlq.purchase-totals');
  });

  it('takes a prefix so tests never share topics', () => {
    const naming = topicNaming('t_1');
    expect(naming.events('tier')).toBe('t_1.events.tier');
    expect(naming.deadLetter('p')).toBe('t_1.dlq.p');
    expect(naming.prefix).toBe('t_1');
  });

  it('refuses names Kafka would refuse', () => {
    expect(() => deadLetterTopicFor('has space')).toThrow(/not a legal Kafka topic name/);
    expect(() => deadLetterTopicFor('x'.repeat(250))).toThrow(/at most 249/);
  });
});
