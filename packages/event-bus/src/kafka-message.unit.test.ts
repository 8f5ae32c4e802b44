import { describe, expect, it } from 'vitest';
import { EventMessageError } from './errors.js';
import { envelopeHeaders } from './headers.js';
import { fromKafkaMessage, toKafkaMessage, type EventMessage } from './kafka-message.js';
import { sampleEvent } from './test-support/sample-event.js';

const asReceived = (message: EventMessage) => ({
  key: Buffer.from(message.key),
  value: Buffer.from(message.value),
  headers: Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, Buffer.from(value)])),
});

function withoutHeader(name: string) {
  const message = asReceived(toKafkaMessage(sampleEvent()));
  delete message.headers[name];
  return message;
}

describe('toKafkaMessage', () => {
  it('keys by stream, carries the data as JSON and every envelope field as a string header', () => {
    const message = toKafkaMessage(sampleEvent());
    expect(message.key).toBe('customer-C-1001');
    expect(JSON.parse(message.value)).toEqual(sampleEvent().data);
    expect(message.headers).toEqual({
      'ctp-id': '3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01',
      'ctp-type': 'PurchaseRecorded',
      'ctp-schema-version': '2',
      'ctp-stream-id': 'customer-C-1001',
      'ctp-revision': '4',
      'ctp-global-position': '9007199254740993',
      'ctp-occurred-at': '2025-06-30T10:15:00+08:00',
      'ctp-recorded-at': '2025-06-30T02:15:00.123Z',
      'ctp-correlation-id': 'req-7f3a',
      'ctp-causation-id': 'cause-1',
      'ctp-actor': '{"kind":"api-key","id":"key-erp-1","role":"integrator"}',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
  });

  it('writes an empty causation id and no traceparent header when they are null', () => {
    const { headers } = toKafkaMessage(sampleEvent({ causationId: null, traceparent: null }));
    expect(headers['ctp-causation-id']).toBe('');
    expect(headers).not.toHaveProperty('traceparent');
  });
});

describe('fromKafkaMessage', () => {
  it('round-trips an event, positions beyond 2^53 included', () => {
    expect(fromKafkaMessage(asReceived(toKafkaMessage(sampleEvent())))).toEqual(sampleEvent());
  });

  it('round-trips null causation and traceparent', () => {
    const event = sampleEvent({ causationId: null, traceparent: null });
    expect(fromKafkaMessage(toKafkaMessage(event))).toEqual(event);
  });

  const required = Object.values(envelopeHeaders).filter((name) => name !== 'traceparent');
  it.each(required)('names the missing %s header', (name) => {
    expect(() => fromKafkaMessage(withoutHeader(name))).toThrow(new EventMessageError('missing_header', name));
  });

  it.each([
    ['ctp-revision', 'x'],
    ['ctp-schema-version', '1.5'],
    ['ctp-global-position', '007'],
    ['ctp-actor', '{not json'],
    ['ctp-actor', '{"kind":"robot","id":"r"}'],
    ['ctp-stream-id', 'nocategory'],
    ['ctp-occurred-at', 'yesterday'],
    ['traceparent', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
  ])('names the invalid %s header (%s)', (name, value) => {
    const message = asReceived(toKafkaMessage(sampleEvent()));
    message.headers[name] = Buffer.from(value);
    const error = (() => {
      try {
        fromKafkaMessage(message);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EventMessageError);
    expect(error).toMatchObject({ code: 'invalid_header', part: name });
    expect((error as Error).message).toContain(name);
  });

  it('rejects a message without a value, or with a value that is not JSON', () => {
    const message = toKafkaMessage(sampleEvent());
    expect(() => fromKafkaMessage({ ...message, value: null })).toThrow(/no value/);
    expect(() => fromKafkaMessage({ ...message, value: '{' })).toThrow(/not the event data/);
  });

  it('rejects a repeated header and a key that is not the stream id', () => {
    const message = toKafkaMessage(sampleEvent());
    expect(() => fromKafkaMessage({ ...message, headers: { ...message.headers, 'ctp-id': ['a', 'b'] } })).toThrow(/ctp-id is invalid: appears 2 times/);
    expect(() => fromKafkaMessage({ ...message, key: 'customer-C-2' })).toThrow(/differs from the message key/);
  });
});
