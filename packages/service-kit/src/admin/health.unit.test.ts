import { describe, expect, it } from 'vitest';
import { consumerHealth, rebuildPace, timerHealth } from './health.js';

const running = { state: 'running', ready: true, reason: null, error: null, members: 1, parked: 0, unreadable: null };

describe('the operators’ health rules', () => {
  it('calls a running consumer with members and nothing parked healthy', () => {
    expect(consumerHealth(running)).toEqual({ healthy: true, problems: [] });
  });

  it('names every reason a consumer is not healthy', () => {
    expect(consumerHealth({ ...running, state: 'crashed', ready: false, error: 'broker gone', members: 0, parked: 2 }).problems).toEqual([
      'consumer crashed: broker gone',
      'no member in its consumer group',
      '2 dead letter(s) parked',
    ]);
    expect(consumerHealth({ ...running, ready: false, reason: 'no partitions for 60 s' }).problems).toEqual(['not making progress: no partitions for 60 s']);
    expect(consumerHealth({ ...running, members: null, parked: null, unreadable: 'kafka down' })).toEqual({ healthy: false, problems: ['figures unreadable: kafka down'] });
  });

  it('calls a timer kind unhealthy while timers are parked or failing', () => {
    expect(timerHealth({ failing: 0, parked: 0 })).toEqual({ healthy: true, problems: [] });
    expect(timerHealth({ failing: 2, parked: 1 }).problems).toEqual(['1 timer(s) parked', '2 timer(s) failing']);
  });

  it('estimates a rebuild’s rate and remaining time from its position against the head', () => {
    expect(rebuildPace({ events: 500, position: '1000', head: '4000', elapsedMs: 2_000 })).toEqual({ eventsPerSecond: 250, etaSeconds: 6, percent: 25 });
    expect(rebuildPace({ events: 10, position: '4000', head: '4000', elapsedMs: 1_000 })).toEqual({ eventsPerSecond: 10, etaSeconds: 0, percent: 100 });
    expect(rebuildPace({ events: 0, position: null, head: '10', elapsedMs: 0 })).toEqual({ eventsPerSecond: null, etaSeconds: null, percent: 0 });
    expect(rebuildPace({ events: 0, position: null, head: null, elapsedMs: 5 })).toEqual({ eventsPerSecond: 0, etaSeconds: 0, percent: 100 });
  });
});
