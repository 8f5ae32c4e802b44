import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FatalError } from '../errors.js';
import type { ImportOptions } from '../run/run-import.js';

const flags = {
  format: { type: 'string' },
  mapping: { type: 'string' },
  url: { type: 'string' },
  key: { type: 'string' },
  'privacy-key': { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  'max-retries': { type: 'string' },
  timeout: { type: 'string' },
  progress: { type: 'string' },
  rejects: { type: 'string' },
  restart: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const whole = (min: number, max: number, fallback: number) => {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int(error).min(min, error).max(max, error).default(fallback);
};

const optionsSchema = z.object({
  format: z.enum(['ndjson', 'csv'], 'expected ndjson or csv').optional(),
  mapping: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).default('http://127.0.0.1:8081'),
  key: z.string().min(1, 'no API key: pass --key or set CTP_API_KEY'),
  'privacy-key': z.string().min(1).optional(),
  'batch-size': whole(1, 500, 500),
  concurrency: whole(1, 16, 2),
  'max-retries': whole(0, 100, 10),
  timeout: whole(1, 600, 60),
  progress: z.string().min(1).optional(),
  rejects: z.string().min(1).optional(),
  restart: z.boolean().default(false),
});

export type Command = { readonly kind: 'help' } | { readonly kind: 'import'; readonly options: ImportOptions };

/** Reads the command line; every mistake becomes one FatalError naming the flag. */
export function parseCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof flags; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new FatalError(`${(error as Error).message}; see --help`);
  }
  if (parsed.values.help) return { kind: 'help' };
  if (parsed.positionals.length !== 1) throw new FatalError('expected exactly one input file; see --help');
  const input = parsed.positionals[0]!;
  const checked = optionsSchema.safeParse({ ...parsed.values, key: parsed.values.key ?? env.CTP_API_KEY ?? '', 'privacy-key': parsed.values['privacy-key'] ?? (env.CTP_PRIVACY_KEY || undefined) });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const flag = String(issue.path[0]);
    throw new FatalError(flag === 'key' ? issue.message : `--${flag}: ${issue.message}`);
  }
  const values = checked.data;
  const format = values.format ?? (/\.csv$/i.test(input) ? 'csv' : 'ndjson');
  if (format === 'csv' && !values.mapping) throw new FatalError('a CSV input needs --mapping <file.json>; see --help');
  if (format === 'ndjson' && values.mapping) throw new FatalError('--mapping applies to CSV input only (use --format csv)');
  return {
    kind: 'import',
    options: {
      input,
      format,
      ...(values.mapping ? { mapping: values.mapping } : {}),
      url: values.url,
      key: values.key,
      ...(values['privacy-key'] ? { privacyKey: values['privacy-key'] } : {}),
      batchSize: values['batch-size'],
      concurrency: values.concurrency,
      maxRetries: values['max-retries'],
      timeoutMs: values.timeout * 1000,
      progressPath: values.progress ?? `${input}.progress.json`,
      rejectsPath: values.rejects ?? `${input}.rejects.ndjson`,
      restart: values.restart,
    },
  };
}
