import { describe, expect, it } from 'vitest';
import { serviceConfigSchema } from './base-config.js';
import { serviceClock } from './clock.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = serviceConfigSchema(8081, {}, ['eventStore', 'kafka']);
const environment = { EVENT_STORE_URL: 'postgres://ctp:ctp@127.0.0.1:5433/ctp', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('the service clock', () => {
  it('is the real clock without CLOCK_START', () => {
    let real = Date.parse('2026-12-02T10:00:00Z');
    const clock = serviceClock({}, undefined, () => real);
    expect(clock().toISOString()).toBe('2026-12-02T10:00:00.000Z');
    real += 1_500;
    expect(clock().toISOString()).toBe('2026-12-02T10:00:01.500Z');
  });

  it('starts at CLOCK_START and advances with real time', () => {
    let real = Date.parse('2026-12-02T10:00:00Z');
    const warnings: object[] = [];
    const clock = serviceClock({ CLOCK_START: '2026-03-31T16:00:00+08:00' }, { warn: (details) => warnings.push(details) }, () => real);
    expect(clock().toISOString()).toBe('2026-03-31T08:00:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).toBe('2026-03-31T08:01:30.000Z');
    expect(warnings).toEqual([{ clockStart: '2026-03-31T16:00:00+08:00', offsetMs: Date.parse('2026-03-31T08:00:00Z') - Date.parse('2026-12-02T10:00:00Z') }]);
  });

  it.each(['test', 'development'])('takes CLOCK_START when NODE_ENV is %s', (nodeEnvironment) => {
    expect(loadConfig('tiering', schema, { ...environment, NODE_ENV: nodeEnvironment, CLOCK_START: '2026-03-31T00:00:00Z' }).CLOCK_START).toBe('2026-03-31T00:00:00Z');
  });

  it('reads CLOCK_START at CLOCK_START_REAL, so a process started later keeps the same clock', () => {
    const real = Date.parse('2026-12-02T10:00:05Z');
    const clock = serviceClock({ CLOCK_START: '2026-03-31T16:00:00+08:00', CLOCK_START_REAL: '2026-12-02T10:00:00Z' }, undefined, () => real);
    expect(clock().toISOString()).toBe('2026-03-31T08:00:05.000Z');
  });

  it('refuses CLOCK_START in production, naming it', () => {
    const attempt = () => loadConfig('tiering', schema, { ...environment, NODE_ENV: 'production', CLOCK_START: '2026-03-31T00:00:00Z' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/CLOCK_START: is honoured only when NODE_ENV is test or development/);
    expect(loadConfig('tiering', schema, { ...environment, NODE_ENV: 'production' }).CLOCK_START).toBeUndefined();
  });

  it('refuses a CLOCK_START that is not an ISO instant with its offset', () => {
    for (const value of ['2026-03-31', 'tomorrow', '2026-03-31T00:00:00']) {
      expect(() => loadConfig('tiering', schema, { ...environment, NODE_ENV: 'test', CLOCK_START: value })).toThrow(/CLOCK_START/);
    }
  });
});
