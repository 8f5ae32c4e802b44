import { describe, expect, it } from 'vitest';
import { parseCommand } from './options.js';

const env = { CTP_API_KEY: 'env-key' };

describe('parseCommand', () => {
  it('fills defaults beside the input and takes the key from CTP_API_KEY', () => {
    expect(parseCommand(['facts.ndjson'], env)).toEqual({
      kind: 'import',
      options: {
        input: 'facts.ndjson',
        format: 'ndjson',
        url: 'http://127.0.0.1:8081',
        key: 'env-key',
        batchSize: 500,
        concurrency: 2,
        maxRetries: 10,
        timeoutMs: 60_000,
        progressPath: 'facts.ndjson.progress.json',
        rejectsPath: 'facts.ndjson.rejects.ndjson',
        restart: false,
      },
    });
  });

  it('reads every flag, and CSV from the file name', () => {
    const command = parseCommand(
      ['orders.CSV', '--mapping', 'm.json', '--url', 'https://intake.example', '--key', 'k', '--batch-size', '50', '--concurrency', '4', '--max-retries', '0', '--timeout', '5', '--progress', 'p.json', '--rejects', 'r.ndjson', '--restart'],
      {},
    );
    expect(command).toMatchObject({
      options: { format: 'csv', mapping: 'm.json', url: 'https://intake.example', key: 'k', batchSize: 50, concurrency: 4, maxRetries: 0, timeoutMs: 5_000, progressPath: 'p.json', rejectsPath: 'r.ndjson', restart: true },
    });
    expect(parseCommand(['--help'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['a.ndjson'], {}, 'no API key: pass --key or set CTP_API_KEY'],
    [['a.ndjson', '--batch-size', '501'], env, '--batch-size: expected a whole number from 1 to 500'],
    [['a.ndjson', '--concurrency', 'two'], env, '--concurrency: expected a whole number from 1 to 16'],
    [['a.ndjson', '--url', 'ftp://x'], env, '--url: expected an http:// or https:// URL'],
    [['a.ndjson', '--format', 'xml'], env, '--format: expected ndjson or csv'],
    [['a.csv'], env, 'a CSV input needs --mapping'],
    [['a.ndjson', '--mapping', 'm.json'], env, '--mapping applies to CSV input only'],
    [['a.ndjson', 'b.ndjson'], env, 'expected exactly one input file'],
    [['a.ndjson', '--bogus'], env, "Unknown option '--bogus'"],
  ] as const)('refuses %j with a clear message', (argv, environment, message) => {
    expect(() => parseCommand(argv, environment)).toThrow(message);
  });
});
