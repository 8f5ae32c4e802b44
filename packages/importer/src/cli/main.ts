import { FatalError } from '../errors.js';
import { createReporter } from '../progress/reporter.js';
import { runImport } from '../run/run-import.js';
import { formatSummary } from '../run/summary.js';
import { readModelsOf } from '../send/read-models-client.js';
import { parseCommand } from './options.js';
import { usage } from './usage.js';

export interface Terminal {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

function explain(error: unknown): string {
  if (error instanceof FatalError) return error.message;
  return `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/** Runs the command and returns its exit code: 0 clean, 2 with rejects, 1 fatal, 130 interrupted. */
export async function main(argv: readonly string[], terminal: Terminal): Promise<number> {
  try {
    const command = parseCommand(argv, terminal.env);
    if (command.kind === 'help') {
      terminal.stdout.write(usage);
      return 0;
    }
    const { summary, failure } = await runImport(command.options, createReporter(terminal.stderr), terminal.signal);
    const readModels = terminal.signal.aborted ? undefined : await readModelsOf(command.options);
    terminal.stdout.write(formatSummary({ ...summary, readModels }));
    if (terminal.signal.aborted) {
      terminal.stderr.write('ctp-import: interrupted; run the same command again to resume\n');
      return 130;
    }
    if (failure !== undefined) {
      terminal.stderr.write(`ctp-import: ${explain(failure)}\n`);
      return 1;
    }
    return summary.counts.rejected > 0 ? 2 : 0;
  } catch (error) {
    terminal.stderr.write(`ctp-import: ${explain(error)}\n`);
    return 1;
  }
}
