import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { startEventSpan, traceIdOf } from './event-span.js';
import { sampleEvent } from './test-support/sample-event.js';

describe('event spans', () => {
  it('continue the trace the event carries, as a child of its span', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const event = { ...sampleEvent(), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    startEventSpan(provider.getTracer('test'), 'project purchase-totals', 'consumer', event).end();
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span?.attributes['ctp.event.id']).toBe(event.id);
    expect(traceIdOf(event)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('start a fresh trace for an event without one', () => {
    const event = { ...sampleEvent(), traceparent: null };
    expect(traceIdOf(event)).toBeNull();
    expect(() => startEventSpan(trace.getTracer('noop'), 'x', 'producer', event).end()).not.toThrow();
  });
});
