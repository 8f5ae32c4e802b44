import { parseArgs } from 'node:util';
import type { ServiceName } from './operations.js';

export const usage = `ctp-load: a steady, seeded mix of work for every service of a running system (loopback only)

  --rate <n>          operations per second (default 20)
  --seconds <n>       send for at most this long (default 60)
  --count <n>         send at most this many operations (default rate x seconds)
  --customers <n>     customers registered first, the mix then spread over them (default 50)
  --seed <s>          the same seed sends the same operations (default 42)
  --keys <file>       API keys by role (default .local/dev-keys.json)
  --pids <dir>        directories of <name>.pid files whose processes' CPU is reported, comma-separated
                      (default .local/run/services,.local/infra/run)
  --visible-within <s> a write not shown by a read model after this long counts as not visible (default 60)
  --intake <url> --tiering <url> --sla <url> --feedback <url> --analytics <url>
                      the services (default http://127.0.0.1:8081 to :8085)
`;

export interface LoadSettings {
  readonly rate: number;
  readonly seconds: number;
  readonly count: number;
  readonly customers: number;
  readonly seed: string;
  readonly keysFile: string;
  readonly pidDirectories: readonly string[];
  readonly visibleWithinMs: number;
  readonly urls: Readonly<Record<ServiceName, string>>;
}

const defaultPorts: Readonly<Record<ServiceName, number>> = { intake: 8081, tiering: 8082, sla: 8083, feedback: 8084, analytics: 8085 };
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The settings, or every problem with the arguments (each naming its option). */
export function parseSettings(args: readonly string[]): LoadSettings | { readonly problems: readonly string[] } {
  const services = Object.keys(defaultPorts) as ServiceName[];
  const text = { type: 'string' } as const;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: [...args], options: Object.fromEntries(['rate', 'seconds', 'count', 'customers', 'seed', 'keys', 'pids', 'visible-within', ...services].map((name) => [name, text])) }).values as Record<string, string | undefined>;
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  const positive = (name: string, fallback: number) => {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isFinite(value) || value <= 0) problems.push(`--${name}: expected a positive number, got ${values[name]}`);
    return value;
  };
  const rate = positive('rate', 20);
  const seconds = positive('seconds', 60);
  const count = Math.floor(positive('count', Math.max(1, Math.ceil(rate * seconds) || 1)));
  const customers = Math.floor(positive('customers', 50));
  const visibleWithinMs = positive('visible-within', 60) * 1000;
  const urls = Object.fromEntries(services.map((service) => {
    const url = values[service] ?? `http://127.0.0.1:${defaultPorts[service]}`;
    let host = '';
    try {
      host = new URL(url).host.replace(/:\d+$/, '');
    } catch {
      problems.push(`--${service}: not a URL: ${url}`);
    }
    if (host && !loopback.has(host)) problems.push(`--${service}: ${url} is not on loopback (127.0.0.1, localhost, [::1]); the load generator only loads a system on this machine`);
    return [service, url.replace(/\/$/, '')];
  })) as Record<ServiceName, string>;
  if (problems.length > 0) return { problems };
  return {
    rate, seconds, count, customers, urls, visibleWithinMs,
    seed: values.seed ?? '42',
    keysFile: values.keys ?? '.local/dev-keys.json',
    pidDirectories: (values.pids ?? '.local/run/services,.local/infra/run').split(',').filter(Boolean),
  };
}
