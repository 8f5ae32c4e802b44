import { parseArgs } from 'node:util';
import type { HistoryOptions } from '../options.js';

export interface CliArgs {
  readonly options: HistoryOptions;
  /** File to write, or null for standard output. */
  readonly out: string | null;
  readonly format: 'ndjson' | 'csv';
}

export const usage = `usage: generate --seed 42 --customers 1000 --from 2025-01-01 --to 2026-01-01 [--out history.ndjson]
  [--csv] [--time-zone Asia/Shanghai] [--currency CNY] [--existing-share 0.6] [--duplicate-share 0.02]
  [--refund-rate 0.04] [--erasure-rate 0.003] [--facts-after-merge]`;

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function required(name: string, text: string | undefined): string {
  if (text === undefined) throw new RangeError(`--${name} is required`);
  return text;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      seed: { type: 'string' },
      customers: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      csv: { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      currency: { type: 'string' },
      'existing-share': { type: 'string' },
      'duplicate-share': { type: 'string' },
      'refund-rate': { type: 'string' },
      'erasure-rate': { type: 'string' },
      'facts-after-merge': { type: 'boolean', default: false },
    },
  });
  const seedText = required('seed', values.seed);
  const optional = {
    timeZone: values['time-zone'],
    currency: values.currency,
    existingShare: number('existing-share', values['existing-share']),
    duplicateShare: number('duplicate-share', values['duplicate-share']),
    refundRate: number('refund-rate', values['refund-rate']),
    erasureRate: number('erasure-rate', values['erasure-rate']),
  };
  return {
    options: {
      seed: /^\d+$/.test(seedText) ? Number(seedText) : seedText,
      customers: number('customers', required('customers', values.customers))!,
      from: required('from', values.from),
      to: required('to', values.to),
      factsAfterMerge: values['facts-after-merge'],
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    },
    out: values.out === undefined || values.out === '-' ? null : values.out,
    format: values.csv ? 'csv' : 'ndjson',
  };
}
