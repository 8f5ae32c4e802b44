import type { FactRow, Row } from '../input/rows.js';
import { formatDuration } from '../progress/format.js';
import type { Reporter } from '../progress/reporter.js';
import { intakeClient, type ClientOptions, type SendFacts } from '../send/intake-client.js';
import { withRetries } from '../send/send-with-retries.js';
import { settleBatch } from '../send/settle-batch.js';
import type { SettledBatch } from './commit-batch.js';

export interface SettlerOptions extends ClientOptions {
  readonly maxRetries: number;
}

/** Settles one batch of rows through intake, telling the reporter about retries and halved batches. */
export function batchSettler(options: SettlerOptions, reporter: Reporter, signal: AbortSignal, onRetry: () => void) {
  const retrying = (post: SendFacts) =>
    withRetries(post, {
      maxRetries: options.maxRetries,
      onRetry: ({ reason, delayMs }) => {
        onRetry();
        reporter.note(`retrying in ${formatDuration(delayMs)}: ${reason}`);
      },
    });
  const send = intakeClient(options, retrying);
  let warnedTooLarge = false;
  const onTooLarge = (rows: number) => {
    if (!warnedTooLarge) reporter.note(`intake refused ${rows} rows as too large; sending each batch in halves (a smaller --batch-size saves the extra request)`);
    warnedTooLarge = true;
  };
  return async (rows: Row[]): Promise<SettledBatch> => {
    const facts = rows.filter((row): row is FactRow => row.kind === 'fact');
    return { rows, settlements: await settleBatch(facts, send, signal, onTooLarge) };
  };
}
