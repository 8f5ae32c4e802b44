import { FatalError } from '../errors.js';
import type { FactRow, Reason } from '../input/rows.js';
import type { Problem, PublishStatus } from './intake-client.js';
import { reasonsByRow, wholeBatchReason } from './problem-reasons.js';
import type { SendUntilFinal } from './send-with-retries.js';

export type Settlement =
  | { readonly row: FactRow; readonly status: PublishStatus }
  | { readonly row: FactRow; readonly status: 'rejected'; readonly reasons: readonly Reason[] };

const rowRefusals = new Set([400, 409, 422]);

function refusal(status: number, problem: Problem): string {
  const what = `${status} ${problem.code ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim();
  if (status === 401 || status === 403) return `the API key was refused (${what}); check --key or CTP_API_KEY and its role (integrator)`;
  return `intake refused a batch (${what}); is --url the intake service?`;
}

const rejected = (row: FactRow, reasons: readonly Reason[]): Settlement => ({ row, status: 'rejected', reasons });

/**
 * Sends one batch until every row is accepted, duplicate or rejected. A refusal rejects the whole
 * batch, so the rows it names are set aside and the rest is sent again; a refusal that names no row
 * is narrowed down by halving. A body too large halves the batch once.
 */
export async function settleBatch(
  rows: readonly FactRow[],
  send: SendUntilFinal,
  signal: AbortSignal,
  onTooLarge: (rows: number) => void = () => undefined,
): Promise<Settlement[]> {
  let halved = false;
  const inHalves = async (part: readonly FactRow[]) => {
    const middle = Math.ceil(part.length / 2);
    return [...(await settle(part.slice(0, middle))), ...(await settle(part.slice(middle)))];
  };
  const settle = async (part: readonly FactRow[]): Promise<Settlement[]> => {
    if (part.length === 0) return [];
    const answer = await send(part.map((row) => row.fact), signal);
    if (answer.kind === 'published') return part.map((row, index) => ({ row, status: answer.statuses[index]! }));
    const { status, problem } = answer;
    if (status === 413) {
      if (part.length === 1) return [rejected(part[0]!, [wholeBatchReason(problem, status)])];
      if (halved) throw new FatalError(`${part.length} rows are still over the intake's body limit; lower --batch-size`);
      halved = true;
      onTooLarge(part.length);
      return inHalves(part);
    }
    if (!rowRefusals.has(status)) throw new FatalError(refusal(status, problem));
    const named = reasonsByRow(problem, status, part.length);
    if (named.size > 0) {
      const rest = part.filter((_row, index) => !named.has(index));
      return [...[...named].map(([index, reasons]) => rejected(part[index]!, reasons)), ...(await settle(rest))];
    }
    if (part.length === 1) return [rejected(part[0]!, [wholeBatchReason(problem, status)])];
    return inHalves(part);
  };
  const settled = await settle(rows);
  return settled.sort((a, b) => a.row.index - b.row.index);
}
