import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError } from './arguments.js';

describe('ctp-ops arguments', () => {
  it('reads each command with its options', () => {
    expect(parseArguments(['status'])).toEqual({ command: { name: 'status', services: [] }, key: null, json: false });
    expect(parseArguments(['status', 'intake', 'sla', '--json'])).toEqual({ command: { name: 'status', services: ['intake', 'sla'] }, key: null, json: true });
    expect(parseArguments(['rebuild', 'intake', 'intake-customer-summary', '--key', 'k-1'])).toEqual({ command: { name: 'rebuild', service: 'intake', projection: 'intake-customer-summary' }, key: 'k-1', json: false });
    expect(parseArguments(['dead-letters', 'sla', 'sla-clocks', '--redrive', '--key=k-2']).command).toEqual({ name: 'dead-letters', service: 'sla', consumer: 'sla-clocks', redrive: true, limit: 100 });
    expect(parseArguments(['dead-letters', 'sla', 'sla-clocks', '--limit', '5']).command).toMatchObject({ redrive: false, limit: 5 });
    expect(parseArguments(['replay', 'sla', 'sla-clocks', '--from', '120']).command).toEqual({ name: 'replay', service: 'sla', reactor: 'sla-clocks', from: '120', to: null });
    expect(parseArguments(['replay', 'sla', 'sla-clocks', '--from=120', '--to=180']).command).toMatchObject({ from: '120', to: '180' });
    expect(parseArguments(['timers', 'tiering']).command).toEqual({ name: 'timers', service: 'tiering', state: 'parked', retry: null, limit: 100 });
    expect(parseArguments(['timers', 'tiering', '--state', 'failing', '--retry', 'tier-review:C-1']).command).toEqual({ name: 'timers', service: 'tiering', state: 'failing', retry: 'tier-review:C-1', limit: 100 });
    expect(parseArguments(['jobs', 'intake']).command).toEqual({ name: 'jobs', service: 'intake', kind: null, state: null, limit: 20 });
    expect(parseArguments(['jobs', 'intake', '--kind', 'rebuild', '--state=failed', '--limit', '200']).command).toEqual({ name: 'jobs', service: 'intake', kind: 'rebuild', state: 'failed', limit: 200 });
  });

  it('answers help with no command, help, -h or --help', () => {
    for (const argv of [[], ['help'], ['-h'], ['status', '--help']]) expect(parseArguments(argv).command).toEqual({ name: 'help' });
  });

  it('refuses what it does not know, saying what', () => {
    const refused = (argv: string[]) => {
      try {
        parseArguments(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`${argv.join(' ')} was accepted`);
    };
    expect(refused(['restart'])).toBe('unknown command restart');
    expect(refused(['status', '--force'])).toBe('unknown option --force');
    expect(refused(['rebuild', 'intake'])).toBe('rebuild takes <service> <projection>');
    expect(refused(['rebuild', 'intake', 'x', '--redrive'])).toBe('rebuild does not take --redrive');
    expect(refused(['timers', 'sla', '--state', 'late'])).toBe('--state must be one of due, failing, parked');
    expect(refused(['dead-letters', 'sla', 'c', '--limit', '0'])).toBe('--limit must be a whole number from 1 to 1000');
    expect(refused(['status', '--key'])).toBe('--key needs a value');
    expect(refused(['jobs', 'intake', '--kind', 'drop'])).toBe('--kind must be one of rebuild, replay');
    expect(refused(['jobs', 'intake', '--limit', '201'])).toBe('--limit must be a whole number from 1 to 200');
    expect(refused(['replay', 'sla', 'sla-clocks'])).toBe('replay needs --from <position>');
    expect(refused(['replay', 'sla', 'sla-clocks', '--from', '12', '--to', 'x'])).toBe('--to must be a global position (a whole number)');
  });
});
