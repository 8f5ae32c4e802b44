import { describe, expect, it } from 'vitest';
import { parseSettings } from './options.js';

describe('the load generator’s options', () => {
  it('defaults to the local system at 20 operations a second for a minute', () => {
    expect(parseSettings([])).toMatchObject({ rate: 20, seconds: 60, count: 1_200, customers: 50, seed: '42', urls: { intake: 'http://127.0.0.1:8081', analytics: 'http://127.0.0.1:8085' } });
  });

  it('refuses a service off loopback and bad numbers, naming each option', () => {
    const parsed = parseSettings(['--sla', 'http://10.0.0.5:8083', '--rate', '0', '--seconds', 'soon']);
    expect('problems' in parsed && parsed.problems).toEqual([
      '--rate: expected a positive number, got 0',
      '--seconds: expected a positive number, got soon',
      '--sla: http://10.0.0.5:8083 is not on loopback (127.0.0.1, localhost, [::1]); the load generator only loads a system on this machine',
    ]);
  });

  it('names an unknown option', () => {
    const parsed = parseSettings(['--rates', '5']);
    expect('problems' in parsed && parsed.problems[0]).toMatch(/--rates/);
  });
});
