import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Fact } from '../facts.js';
import { generateHistory } from '../generate-history.js';
import { createSummary } from '../stats/summary.js';
import { toCsv } from '../writers/csv.js';
import { toNdjson } from '../writers/ndjson.js';
import { parseCliArgs, usage } from './args.js';
import { renderReport } from './report.js';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

function* observed(facts: Iterable<Fact>, observe: (fact: Fact) => void): Generator<Fact> {
  for (const fact of facts) {
    observe(fact);
    yield fact;
  }
}

/** Runs the generator CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
    generateHistory(args.options).next();
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  const started = performance.now();
  const summary = createSummary();
  const facts = observed(generateHistory(args.options), summary.add);
  const target = args.out === null ? io.stdout : createWriteStream(args.out);
  await (args.format === 'csv' ? toCsv : toNdjson)(facts, target);
  if (args.out !== null) {
    target.end();
    await finished(target);
  }
  const seconds = (performance.now() - started) / 1000;
  (args.out === null ? io.stderr : io.stdout).write(renderReport(summary.result(), seconds));
  return 0;
}
