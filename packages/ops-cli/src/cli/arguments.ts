export const timerStates = ['due', 'failing', 'parked'] as const;
export type TimerState = (typeof timerStates)[number];
export const jobKinds = ['rebuild', 'replay'] as const;
export const jobStates = ['running', 'succeeded', 'failed', 'interrupted'] as const;

export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'status'; readonly services: readonly string[] }
  | { readonly name: 'rebuild'; readonly service: string; readonly projection: string }
  | { readonly name: 'replay'; readonly service: string; readonly reactor: string; readonly from: string; readonly to: string | null }
  | { readonly name: 'dead-letters'; readonly service: string; readonly consumer: string; readonly redrive: boolean; readonly limit: number }
  | { readonly name: 'timers'; readonly service: string; readonly state: TimerState; readonly retry: string | null; readonly limit: number }
  | { readonly name: 'jobs'; readonly service: string; readonly kind: string | null; readonly state: string | null; readonly limit: number };

export interface Invocation {
  readonly command: Command;
  readonly key: string | null;
  readonly json: boolean;
}

export class UsageError extends Error {}

export const usage = `ctp-ops: the operators' command line over the services' admin routes

  ctp-ops status [<service>...]                         every read model, reactor and timer kind; exit 1 if any is unhealthy
  ctp-ops rebuild <service> <projection>                blue-green rebuild with progress; reports the switch-over
  ctp-ops replay <service> <reactor> --from <position> [--to <position>]
                                                        re-runs a reactor's reactions over a range; lists what they appended
  ctp-ops dead-letters <service> <consumer> [--redrive] parked events with their errors; --redrive hands them all back
  ctp-ops timers <service> [--state due|failing|parked] [--retry <timer id>]
  ctp-ops jobs <service> [--kind rebuild|replay] [--state running|succeeded|failed|interrupted]
                                                        recent rebuild and replay jobs, newest first, with their outcome

Options: --key <admin key> (else CTP_ADMIN_KEY, else .local/dev-keys.json), --limit <n> (default 100; jobs 20), --json.
Services: CTP_OPS_SERVICES="name=url,..." (default: the ports of scripts/lib/services.sh on 127.0.0.1).
Exit codes: 0 done and healthy, 1 unhealthy or the operation failed, 2 wrong usage or configuration.`;

const flagsWithValue = new Set(['--key', '--limit', '--state', '--retry', '--from', '--to', '--kind']);
const switches = new Set(['--redrive', '--json', '--help', '-h']);

/** Parses the command line (without node and the script); throws UsageError naming what is wrong. */
export function parseArguments(argv: readonly string[]): Invocation {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if (flagsWithValue.has(flag)) {
      const value = inline ?? argv[(index += 1)];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
    } else if (switches.has(flag)) set.add(flag);
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else positional.push(argument);
  }
  const base = { key: values.get('--key') ?? null, json: set.has('--json') };
  if (set.has('--help') || set.has('-h') || positional.length === 0 || positional[0] === 'help') return { ...base, command: { name: 'help' } };
  const [name, ...rest] = positional;
  const allowed = (flags: readonly string[]) => {
    const extra = [...values.keys(), ...set].filter((flag) => !['--key', '--json', ...flags].includes(flag));
    if (extra.length > 0) throw new UsageError(`${name} does not take ${extra.join(', ')}`);
  };
  const exactly = (count: number, what: string) => {
    if (rest.length !== count) throw new UsageError(`${name} takes ${what}`);
  };
  switch (name) {
    case 'status':
      allowed([]);
      return { ...base, command: { name, services: rest } };
    case 'rebuild':
      allowed([]);
      exactly(2, '<service> <projection>');
      return { ...base, command: { name, service: rest[0]!, projection: rest[1]! } };
    case 'replay': {
      allowed(['--from', '--to']);
      exactly(2, '<service> <reactor> --from <position>');
      const from = values.get('--from');
      if (from === undefined) throw new UsageError('replay needs --from <position>');
      const to = values.get('--to') ?? null;
      for (const [flag, value] of [['--from', from], ['--to', to]] as const) if (value !== null && !/^(0|[1-9]\d{0,19})$/.test(value)) throw new UsageError(`${flag} must be a global position (a whole number)`);
      return { ...base, command: { name, service: rest[0]!, reactor: rest[1]!, from, to } };
    }
    case 'dead-letters':
      allowed(['--redrive', '--limit']);
      exactly(2, '<service> <consumer>');
      return { ...base, command: { name, service: rest[0]!, consumer: rest[1]!, redrive: set.has('--redrive'), limit: limit(values.get('--limit')) } };
    case 'timers': {
      allowed(['--state', '--retry', '--limit']);
      exactly(1, '<service>');
      const state = values.get('--state') ?? 'parked';
      if (!(timerStates as readonly string[]).includes(state)) throw new UsageError(`--state must be one of ${timerStates.join(', ')}`);
      return { ...base, command: { name, service: rest[0]!, state: state as TimerState, retry: values.get('--retry') ?? null, limit: limit(values.get('--limit')) } };
    }
    case 'jobs': {
      allowed(['--kind', '--state', '--limit']);
      exactly(1, '<service>');
      const kind = oneOf('--kind', values.get('--kind'), jobKinds);
      const state = oneOf('--state', values.get('--state'), jobStates);
      return { ...base, command: { name, service: rest[0]!, kind, state, limit: values.has('--limit') ? limit(values.get('--limit'), 200) : 20 } };
    }
    default:
      throw new UsageError(`unknown command ${name}`);
  }
}

function limit(value: string | undefined, most = 1_000): number {
  if (value === undefined) return 100;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > most) throw new UsageError(`--limit must be a whole number from 1 to ${most}`);
  return Number(value);
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | null {
  if (value === undefined) return null;
  if (!allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value;
}
